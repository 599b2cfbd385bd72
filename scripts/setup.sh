#!/usr/bin/env bash
# Installs the Debian packages emotrace needs beyond JDK 17 + Maven, only those missing:
# g++ (the native kernels), espeak-ng (sample meeting voices) and npm (the build takes Silero VAD from an
# npm package). nvcc is optional: without it the native library is built without CUDA and says so.
# Uses sudo only when not root, so it works on a root-only machine without sudo too.
set -euo pipefail
need=()
command -v g++ >/dev/null 2>&1 || need+=(g++)
command -v espeak-ng >/dev/null 2>&1 || need+=(espeak-ng)
command -v npm >/dev/null 2>&1 || need+=(nodejs npm)
if ((${#need[@]} == 0)); then
  exit 0
fi
as_root() { if [[ $(id -u) == 0 ]]; then "$@"; else sudo "$@"; fi; }
echo "emotrace setup: installing ${need[*]}" >&2
as_root apt-get update -qq
DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${need[@]}" >&2
