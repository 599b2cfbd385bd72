// Internal: the CPU kernel clones and the dispatcher that picks one at load time.
//
// mel_cpu_kernel.cpp is compiled once per ISA (build-kernels.sh), each time with its own -march and lane count,
// into its own namespace, so every function of a clone (frame loading, FFT, power, mel, log) is compiled for
// that ISA and its lane block is exactly one vector register: 16 lanes = 1 zmm (AVX-512), 8 = 1 ymm (AVX2+FMA),
// 4 = 1 xmm (SSE2 baseline). mel_cpu.cpp (baseline flags) holds the C API, the threads and the dispatch.
#ifndef EMOTRACE_MEL_CPU_KERNEL_H
#define EMOTRACE_MEL_CPU_KERNEL_H

#include "mel_plan.h"

#include <cstdint>

namespace emotrace {

struct CpuJob {
    const EtMelPlan* plan;
    const float* samples;
    const int64_t* offsets;        // num_signals + 1 sample offsets
    const int64_t* frame_offsets;  // num_signals + 1 frame offsets
    int32_t num_signals;
    float* out;
};

struct CpuClone {
    const char* name;   // "avx512", "avx2", "sse2": what EMOTRACE_MEL_ISA / et_mel_cpu_select accept
    const char* isa;    // x86-64 level the clone was compiled for
    int lanes;          // frames per block = floats per vector register
    // Blocks [block_begin, block_end) of `lanes` consecutive frames (frame g is in block g / lanes).
    void (*run_blocks)(const CpuJob& job, int64_t block_begin, int64_t block_end);
    // The plan's real FFT alone on one fft_size frame: fft_size/2 + 1 power values.
    void (*power_spectrum)(const EtMelPlan& plan, const float* frame, float* power_out);
};

// One per compiled clone; defined by mel_cpu_kernel.cpp under -DET_CLONE=<name>.
namespace cpu_avx512 { extern const CpuClone kClone; }
namespace cpu_avx2 { extern const CpuClone kClone; }
namespace cpu_sse2 { extern const CpuClone kClone; }

}  // namespace emotrace

#endif
