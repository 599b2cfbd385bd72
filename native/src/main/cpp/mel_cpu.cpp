// CPU entry points: argument checks, threads, and the choice of kernel clone (mel_cpu_kernel.cpp compiled per
// ISA). The clone is chosen once, at the first call, from what the CPU supports (best first), unless
// EMOTRACE_MEL_ISA (avx512 | avx2 | sse2 | auto) or et_mel_cpu_select asks for another one the CPU can run.
// This file is compiled with baseline flags: it never executes an instruction the CPU lacks.
#include "mel_cpu_kernel.h"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <thread>
#include <vector>

namespace {

using emotrace::CpuClone;
using emotrace::CpuJob;

// Compiled clones, best first. build-kernels.sh defines ET_HAVE_AVX512 / ET_HAVE_AVX2 for the clones the
// compiler could build; the baseline is always there.
const CpuClone* const kClones[] = {
#if defined(ET_HAVE_AVX512)
    &emotrace::cpu_avx512::kClone,
#endif
#if defined(ET_HAVE_AVX2)
    &emotrace::cpu_avx2::kClone,
#endif
    &emotrace::cpu_sse2::kClone,
};
constexpr int kNumClones = static_cast<int>(sizeof(kClones) / sizeof(kClones[0]));

bool cpu_runs(const CpuClone& c) {
#if defined(__GNUC__) && defined(__x86_64__)
    __builtin_cpu_init();  // libgcc checks XCR0 too: AVX-512 / AVX state must be enabled by the OS
    if (std::strcmp(c.name, "avx512") == 0) return __builtin_cpu_supports("x86-64-v4");
    if (std::strcmp(c.name, "avx2") == 0) return __builtin_cpu_supports("x86-64-v3");
    return true;
#else
    return std::strcmp(c.name, "sse2") == 0;
#endif
}

int find_clone(const char* name) {
    for (int i = 0; i < kNumClones; ++i)
        if (std::strcmp(kClones[i]->name, name) == 0) return i;
    return -1;
}

int best_clone() {
    for (int i = 0; i < kNumClones; ++i)
        if (cpu_runs(*kClones[i])) return i;
    return kNumClones - 1;
}

// -1: not chosen yet. Selection is process-wide; a compute reads it once, so a concurrent change never mixes
// clones inside one call.
std::atomic<int> g_selected{-1};

int initial_clone() {
    const char* env = std::getenv("EMOTRACE_MEL_ISA");
    if (env != nullptr && *env != '\0' && std::strcmp(env, "auto") != 0) {
        const int i = find_clone(env);
        if (i >= 0 && cpu_runs(*kClones[i])) return i;
        // an unknown or unsupported request falls back to the best clone; et_mel_cpu_isa says which one ran
    }
    return best_clone();
}

const CpuClone& selected() {
    int i = g_selected.load(std::memory_order_acquire);
    if (i < 0) {
        int expected = -1;
        const int chosen = initial_clone();
        g_selected.compare_exchange_strong(expected, chosen, std::memory_order_acq_rel);
        i = g_selected.load(std::memory_order_acquire);
    }
    return *kClones[i];
}

int resolve_threads(int32_t threads) {
    if (threads > 0) return threads;
    const unsigned hc = std::thread::hardware_concurrency();
    return hc == 0 ? 1 : static_cast<int>(hc);
}

int32_t run(const CpuClone& clone, const CpuJob& job, int32_t threads) {
    const int w = clone.lanes;
    const int64_t total = job.frame_offsets[job.num_signals];
    const int64_t blocks = (total + w - 1) / w;
    if (blocks == 0) return ET_OK;
    int nt = resolve_threads(threads);
    // Below ~1024 frames per thread the thread start costs more than it saves.
    nt = static_cast<int>(std::max<int64_t>(1, std::min<int64_t>(nt, total / 1024)));
    if (nt == 1) {
        clone.run_blocks(job, 0, blocks);
        return ET_OK;
    }
    std::vector<std::thread> pool;
    pool.reserve(nt - 1);
    const int64_t per = (blocks + nt - 1) / nt;
    try {
        for (int t = 1; t < nt; ++t) {
            const int64_t b0 = std::min(blocks, t * per), b1 = std::min(blocks, (t + 1) * per);
            pool.emplace_back([&clone, &job, b0, b1] { clone.run_blocks(job, b0, b1); });
        }
    } catch (...) {
        for (auto& th : pool) th.join();
        return ET_ERR_ALLOC;
    }
    clone.run_blocks(job, 0, std::min(blocks, per));
    for (auto& th : pool) th.join();
    return ET_OK;
}

}  // namespace

extern "C" int32_t et_mel_compute_batch(const EtMelPlan* plan, const float* samples, const int64_t* offsets,
                                        int32_t num_signals, float* out, int64_t* out_frame_offsets,
                                        int32_t threads) {
    if (plan == nullptr || offsets == nullptr || out_frame_offsets == nullptr || num_signals < 0) return ET_ERR_ARG;
    if (emotrace::frame_offsets(*plan, offsets, num_signals, out_frame_offsets) < 0) return ET_ERR_ARG;
    if (out_frame_offsets[num_signals] > 0 && (samples == nullptr || out == nullptr)) return ET_ERR_ARG;
    try {
        return run(selected(), CpuJob{plan, samples, offsets, out_frame_offsets, num_signals, out}, threads);
    } catch (...) {
        return ET_ERR_ALLOC;
    }
}

extern "C" int32_t et_mel_compute(const EtMelPlan* plan, const float* samples, int64_t n, float* out,
                                  int32_t threads) {
    if (plan == nullptr || n < 0) return ET_ERR_ARG;
    const int64_t offsets[2] = {0, n};
    int64_t frames[2];
    return et_mel_compute_batch(plan, samples, offsets, 1, out, frames, threads);
}

extern "C" int32_t et_mel_power_spectrum(const EtMelPlan* plan, const float* frame, float* power_out) {
    if (plan == nullptr || frame == nullptr || power_out == nullptr) return ET_ERR_ARG;
    try {
        selected().power_spectrum(*plan, frame, power_out);
        return ET_OK;
    } catch (...) {
        return ET_ERR_ALLOC;
    }
}

extern "C" const char* et_mel_cpu_isa(void) { return selected().isa; }

extern "C" const char* et_mel_cpu_clone(void) { return selected().name; }

extern "C" int32_t et_mel_cpu_lanes(void) { return selected().lanes; }

extern "C" int32_t et_mel_cpu_select(const char* name) {
    int i;
    if (name == nullptr || *name == '\0' || std::strcmp(name, "auto") == 0) {
        i = best_clone();
    } else {
        i = find_clone(name);
        if (i < 0 || !cpu_runs(*kClones[i])) return ET_ERR_ARG;
    }
    g_selected.store(i, std::memory_order_release);
    return ET_OK;
}

extern "C" int32_t et_mel_cpu_clone_count(void) { return kNumClones; }

extern "C" const char* et_mel_cpu_clone_name(int32_t i) {
    return i >= 0 && i < kNumClones ? kClones[i]->name : nullptr;
}

extern "C" int32_t et_mel_cpu_clone_lanes(int32_t i) { return i >= 0 && i < kNumClones ? kClones[i]->lanes : 0; }

extern "C" int32_t et_mel_cpu_clone_supported(int32_t i) {
    return i >= 0 && i < kNumClones && cpu_runs(*kClones[i]) ? 1 : 0;
}
