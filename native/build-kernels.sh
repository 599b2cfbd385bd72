#!/usr/bin/env bash
# Compiles the fused mel kernels into static libraries that the JavaCPP build links into the JNI library:
#   libemotrace_mel.a   CPU kernel clones (avx512, avx2, sse2) + dispatcher + plan (g++)
#   libemotrace_cuda.a  CUDA kernel (nvcc) with cudart_static merged in, or the no-CUDA fallback (g++)
# Usage: build-kernels.sh OUT_DIR [auto|on|off]   (auto: use CUDA when nvcc is found)
set -euo pipefail
out="$1"; mode="${2:-auto}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cpp="$here/src/main/cpp"; cu="$here/src/main/cuda"
mkdir -p "$out/obj"
cxx="${CXX:-g++}"
# no FMA contraction: every SIMD lane (and the scalar remainder) rounds alike, so a frame gives the same bits
# whatever its position in a batch, and every CPU clone gives the same bits
base=(-std=c++17 -O3 -ffp-contract=off -m64 -fPIC -pthread -Wall -Wextra -Wno-psabi -I"$cpp")
flags=("${base[@]}" -march=x86-64)

stale() {  # rebuild only when a source is newer than the target
  local target="$1"; shift
  [[ ! -f "$target" ]] && return 0
  [[ -n "$(find "$@" -newer "$target" -print -quit)" ]]
}

# The CPU kernel (mel_cpu_kernel.cpp) once per ISA, each clone with one vector register of lanes per block;
# mel_cpu.cpp (baseline flags) picks one at run time. A clone the compiler cannot build is left out (the
# dispatcher is told with -DET_HAVE_*); the sse2 baseline always exists.
clone_flags() {  # name -> extra flags, trying the x86-64-v* level first, then the feature flags it stands for
  local v3=(-mavx -mavx2 -mfma -mbmi -mbmi2 -mlzcnt -mmovbe -mf16c -mpopcnt -msse4.2)
  case "$1" in
    sse2) echo "-march=x86-64 -DET_LANES=4" ;;
    avx2) for f in "-march=x86-64-v3" "-march=x86-64 ${v3[*]}"; do
            if echo 'int main(){}' | "$cxx" $f -x c++ -c -o /dev/null - 2>/dev/null; then echo "$f -DET_LANES=8"; return; fi
          done ;;
    avx512) for f in "-march=x86-64-v4" "-march=x86-64 ${v3[*]} -mavx512f -mavx512bw -mavx512cd -mavx512dq -mavx512vl"; do
            if echo 'int main(){}' | "$cxx" $f -x c++ -c -o /dev/null - 2>/dev/null; then
              echo "$f -mprefer-vector-width=512 -DET_LANES=16"; return
            fi
          done ;;
  esac
}

if stale "$out/libemotrace_mel.a" "$cpp" "$0"; then
  objs=("$out/obj/mel_plan.o" "$out/obj/mel_cpu.o")
  have=()
  "$cxx" "${flags[@]}" -c "$cpp/mel_plan.cpp" -o "$out/obj/mel_plan.o"
  for clone in avx512 avx2 sse2; do
    cf="$(clone_flags "$clone")"
    if [[ -z "$cf" ]]; then echo "emotrace: $cxx cannot build the $clone clone of the CPU kernel; left out" >&2; continue; fi
    # shellcheck disable=SC2086
    "$cxx" "${base[@]}" $cf -DET_CLONE="cpu_$clone" -c "$cpp/mel_cpu_kernel.cpp" -o "$out/obj/mel_cpu_$clone.o"
    objs+=("$out/obj/mel_cpu_$clone.o")
    [[ "$clone" != sse2 ]] && have+=("-DET_HAVE_${clone^^}")
  done
  "$cxx" "${flags[@]}" "${have[@]}" -c "$cpp/mel_cpu.cpp" -o "$out/obj/mel_cpu.o"
  rm -f "$out/libemotrace_mel.a"
  ar rcs "$out/libemotrace_mel.a" "${objs[@]}"
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
