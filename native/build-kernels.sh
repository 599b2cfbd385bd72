#!/usr/bin/env bash
# Compiles the fused mel kernels into static libraries that the JavaCPP build links into the JNI library:
#   libemotrace_mel.a   CPU kernel + plan (g++)
#   libemotrace_cuda.a  CUDA kernel (nvcc) with cudart_static merged in, or the no-CUDA fallback (g++)
# Usage: build-kernels.sh OUT_DIR [auto|on|off]   (auto: use CUDA when nvcc is found)
set -euo pipefail
out="$1"; mode="${2:-auto}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cpp="$here/src/main/cpp"; cu="$here/src/main/cuda"
mkdir -p "$out/obj"
cxx="${CXX:-g++}"
# no FMA contraction: every SIMD lane (and the scalar remainder) rounds alike, so a frame gives the same bits
# whatever its position in a batch
flags=(-std=c++17 -O3 -ffp-contract=off -march=x86-64 -m64 -fPIC -pthread -Wall -Wextra -Wno-psabi -I"$cpp")

stale() {  # rebuild only when a source is newer than the target
  local target="$1"; shift
  [[ ! -f "$target" ]] && return 0
  [[ -n "$(find "$@" -newer "$target" -print -quit)" ]]
}

if stale "$out/libemotrace_mel.a" "$cpp" "$0"; then
  "$cxx" "${flags[@]}" -c "$cpp/mel_plan.cpp" -o "$out/obj/mel_plan.o"
  "$cxx" "${flags[@]}" -c "$cpp/mel_cpu.cpp" -o "$out/obj/mel_cpu.o"
  rm -f "$out/libemotrace_mel.a"
  ar rcs "$out/libemotrace_mel.a" "$out/obj/mel_plan.o" "$out/obj/mel_cpu.o"
fi

nvcc_bin=""
if [[ "$mode" != "off" ]]; then
  for c in "${NVCC:-}" "$(command -v nvcc || true)" "${CUDA_HOME:-/nonexistent}/bin/nvcc" /usr/local/cuda/bin/nvcc; do
    if [[ -n "$c" && -x "$c" ]]; then nvcc_bin="$c"; break; fi
  done
  if [[ -z "$nvcc_bin" && "$mode" == "on" ]]; then echo "emotrace.cuda=on but nvcc not found" >&2; exit 1; fi
fi

kind_file="$out/cuda-kind"
want="fallback"; [[ -n "$nvcc_bin" ]] && want="nvcc"
if [[ "$(cat "$kind_file" 2>/dev/null)" != "$want" ]] || stale "$out/libemotrace_cuda.a" "$cpp" "$cu" "$0"; then
  rm -f "$out/libemotrace_cuda.a"
  if [[ "$want" == "nvcc" ]]; then
    cuda_root="$(cd "$(dirname "$(readlink -f "$nvcc_bin")")/.." && pwd)"
    cudart=""
    for d in "$cuda_root/lib64" "$cuda_root/lib" "$cuda_root/targets/x86_64-linux/lib" /usr/local/cuda/lib64 \
             /usr/local/cuda/targets/x86_64-linux/lib; do
      if [[ -f "$d/libcudart_static.a" ]]; then cudart="$d/libcudart_static.a"; break; fi
    done
    [[ -z "$cudart" ]] && { echo "nvcc found but libcudart_static.a not found near $cuda_root" >&2; exit 1; }
    archs="${EMOTRACE_CUDA_ARCHS:--gencode arch=compute_80,code=sm_80 -gencode arch=compute_86,code=sm_86 -gencode arch=compute_89,code=sm_89 -gencode arch=compute_90,code=[sm_90,compute_90]}"
    # shellcheck disable=SC2086
    "$nvcc_bin" -std=c++17 -O3 $archs -Xcompiler -fPIC -I"$cpp" -c "$cu/mel_cuda.cu" -o "$out/obj/mel_cuda.o"
    # One self-contained archive (our objects + cudart_static) so the link order cannot go wrong.
    printf 'create %s\naddmod %s\naddlib %s\nsave\nend\n' "$out/libemotrace_cuda.a" "$out/obj/mel_cuda.o" "$cudart" \
      | ar -M
    echo "emotrace: CUDA kernels built with $nvcc_bin (cudart: $cudart)" >&2
  else
    "$cxx" "${flags[@]}" -c "$cpp/mel_cuda_fallback.cpp" -o "$out/obj/mel_cuda_fallback.o"
    ar rcs "$out/libemotrace_cuda.a" "$out/obj/mel_cuda_fallback.o"
    echo "emotrace: nvcc not found (or emotrace.cuda=off): CUDA API built as 'unavailable' fallback" >&2
  fi
  echo "$want" > "$kind_file"
fi
