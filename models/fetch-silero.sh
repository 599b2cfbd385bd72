#!/usr/bin/env bash
# Build step: puts Silero VAD v5 (from the npm package @ricky0123/vad-web@0.0.31) into the model cache,
# outside git, and checks its sha256. Never fails the build: without npm or network it warns, and the
# runtime reports the VAD unavailable with the fix (./emotrace models fetch silero-vad-v5).
set -uo pipefail
PKG="@ricky0123/vad-web@0.0.31"
MEMBER="package/dist/silero_vad_v5.onnx"
SHA256="2623a2953f6ff3d2c1e61740c6cdb7168133479b267dfef114a4a3cc5bdd788f"
cache="${EMOTRACE_CACHE:-$HOME/.cache/emotrace}/models/silero-vad-v5"
target="$cache/silero_vad_v5.onnx"

warn() { echo "[emotrace] WARNING: $*" >&2; exit 0; }
sum() { sha256sum "$1" | cut -d' ' -f1; }

if [[ -f "$target" && "$(sum "$target")" == "$SHA256" ]]; then
  echo "[emotrace] Silero VAD v5 present and verified: $target"
  exit 0
fi
command -v npm >/dev/null 2>&1 || warn "npm not found: Silero VAD not fetched; install npm (apt-get install npm) and rebuild, or run ./emotrace models fetch silero-vad-v5"
tmp="$(mktemp -d)" || warn "cannot create a temp dir"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack "$PKG" --silent --prefer-offline >/dev/null 2>"$tmp/npm.log") \
  || warn "npm pack $PKG failed (offline?): $(tail -n 3 "$tmp/npm.log" 2>/dev/null | tr '\n' ' ')"
tar -xzf "$tmp"/*.tgz -C "$tmp" "$MEMBER" || warn "package $PKG has no $MEMBER"
got="$(sum "$tmp/$MEMBER")"
[[ "$got" == "$SHA256" ]] || warn "sha256 mismatch for $MEMBER: got $got, expected $SHA256 (file not installed)"
mkdir -p "$cache" || warn "cannot create $cache"
cp "$tmp/$MEMBER" "$target.part" && mv -f "$target.part" "$target" || warn "cannot write $target"
echo "[emotrace] Silero VAD v5 fetched from npm $PKG and verified: $target"
