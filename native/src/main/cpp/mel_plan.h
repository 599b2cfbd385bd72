// Internal: the precomputed tables shared by the CPU and CUDA kernels.
#ifndef EMOTRACE_MEL_PLAN_H
#define EMOTRACE_MEL_PLAN_H

#include "emotrace_mel.h"

#include <mutex>
#include <vector>

namespace emotrace {

struct FftStage {
    int radix;      // 2, 3, 4 or 5
    int span;       // Ns: length of the sub-transforms already done
    int tw_offset;  // into MelPlanData::tw_re/tw_im, span * (radix - 1) entries: k * (radix-1) + (r-1)
};

struct MelFilter {
    int first_bin;  // first non-zero power bin
    int num_bins;   // contiguous non-zero weights
    int w_offset;   // into MelPlanData::weights
};

struct CudaPlanCache;  // device copies of the tables, defined by the CUDA side

}  // namespace emotrace

struct EtMelPlan {
    EtMelConfig cfg;
    int fft_size;
    int complex_size;      // fft_size/2 when the real-input trick is used, else fft_size
    bool real_trick;
    int num_freqs;         // fft_size/2 + 1 power bins
    int window_offset_center;  // start of the window relative to frame start for center mode
    float log_floor;       // effective floor (> 0)
    float log_scale;       // 1 for ln, 1/ln(10) for log10
    std::vector<float> window;                 // frame_length
    std::vector<emotrace::FftStage> stages;
    std::vector<float> tw_re, tw_im;           // per-stage twiddles
    std::vector<float> post_re, post_im;       // real-trick post twiddles e^{-2 pi i k / N}, k = 0..N/2
    std::vector<emotrace::MelFilter> filters;  // num_bins
    std::vector<float> weights;
    std::mutex cuda_mutex;
    emotrace::CudaPlanCache* cuda = nullptr;   // lazily created per plan (one device at a time)
};

namespace emotrace {
// Start sample (may be negative / beyond the end in center mode) of the window of frame f.
inline int64_t frame_start(const EtMelPlan& p, int64_t f) {
    int64_t s = f * p.cfg.frame_shift;
    return p.cfg.center ? s - p.fft_size / 2 + p.window_offset_center : s;
}
// torch-style reflect padding extended to any distance (period 2(n-1)); n == 1 repeats the only sample.
inline int64_t reflect_index(int64_t i, int64_t n) {
    if (n <= 1) return 0;
    const int64_t period = 2 * (n - 1);
    i %= period;
    if (i < 0) i += period;
    return i < n ? i : period - i;
}
// Counter-based standard normal: depends only on (seed, frame index in its signal, sample index); the
// definition is io.emotrace.features.DitherNoise on main.
float dither_normal(int64_t seed, int64_t frame, int sample);
// Total frames of signals packed at sample offsets, -1 when the offsets decrease; when out is not null it also
// gets the prefix sum (out[0] = 0, out[s+1] = frames of signals [0, s]). The one place that validates packed
// offsets for the CPU, CUDA and frame-count entry points alike.
int64_t frame_offsets(const EtMelPlan& p, const int64_t* offsets, int32_t num_signals, int64_t* out);
void destroy_cuda_cache(EtMelPlan* plan);  // implemented by the CUDA (or fallback) object
}  // namespace emotrace

#endif
