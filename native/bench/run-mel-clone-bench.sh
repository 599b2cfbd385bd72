#!/usr/bin/env bash
# Builds the CPU kernel clones (build-kernels.sh, CUDA off) and times them without the JVM:
#   native/bench/run-mel-clone-bench.sh [WAV...]   env: SECONDS_AUDIO (600), REPS (5), WHISPER=1 for the whisper preset
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${BENCH_OUT:-/tmp/emotrace-mel-bench}"
CXX="${CXX:-g++}" bash "$here/../build-kernels.sh" "$out" off >/dev/null 2>&1 || bash "$here/../build-kernels.sh" "$out" off
"${CXX:-g++}" -std=c++17 -O2 -I"$here/../src/main/cpp" "$here/mel_clone_bench.cpp" "$out/libemotrace_mel.a" "$out/libemotrace_cuda.a" -pthread \
  -o "$out/mel_clone_bench"
if (($# == 0)); then
  shopt -s nullglob
  set -- "$here"/../../../shared/data/asr/*.wav
fi
exec "$out/mel_clone_bench" "$@"
