// Fused CPU log-mel kernel, one clone per ISA. W consecutive frames are processed together, one frame per SIMD
// lane ([index][lane] layout), so every step (dither, DC removal, pre-emphasis, window, mixed-radix FFT, power,
// mel, log) is the same straight-line arithmetic on W lanes and vectorises without shuffles. Only the final
// features are written; no spectrogram buffer exists.
//
// This file is compiled once per clone by build-kernels.sh with -DET_CLONE=<namespace> -DET_LANES=<W> and the
// clone's -march, so the whole kernel (not one entry function) is generated for the ISA, and W is the ISA's
// vector width: one V is exactly one register. (It used to be one W = 16 kernel in GCC target_clones: on AVX2
// a 64-byte V is lowered to two ymm halves through the stack, ~950 spill moves per block and a clone 5-8x
// slower than the AVX-512 one and slower than SSE2; the helpers it called were not even inlined into the clone.)
// -ffp-contract=off everywhere: every clone and every lane rounds alike, so all clones give the same bits.
#include "mel_cpu_kernel.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <utility>
#include <vector>

#if !defined(ET_CLONE) || !defined(ET_LANES)
#error "compile with -DET_CLONE=cpu_<name> -DET_LANES=<lanes> (see build-kernels.sh)"
#endif
#define ET_STR2(x) #x
#define ET_STR(x) ET_STR2(x)

namespace emotrace {
namespace ET_CLONE {
namespace {

constexpr int W = ET_LANES;  // lanes = frames per block = floats per vector register of this clone's ISA

struct Lane {
    const float* sig;
    int64_t n;
    int64_t frame;   // frame index within its signal
    float* out;      // row of num_bins floats, nullptr for an idle lane
};

struct Scratch {
    std::vector<float> fr, a_re, a_im, b_re, b_im, pw, mel;
    explicit Scratch(const EtMelPlan& p)
        : fr(static_cast<size_t>(p.cfg.frame_length) * W), a_re(static_cast<size_t>(p.complex_size) * W),
          a_im(a_re.size()), b_re(a_re.size()), b_im(a_re.size()), pw(static_cast<size_t>(p.num_freqs) * W),
          mel(static_cast<size_t>(p.cfg.num_bins) * W) {}
};

// One W-lane vector of floats (and of int32 for the log's bit work): exactly one register of the clone's ISA.
// may_alias/aligned(4): views into plain float buffers.
typedef float V __attribute__((vector_size(W * sizeof(float)), aligned(4), may_alias));
typedef int32_t VI __attribute__((vector_size(W * sizeof(int32_t)), aligned(4), may_alias));

inline V ld(const float* p) { return *reinterpret_cast<const V*>(p); }
inline void st(float* p, V v) { *reinterpret_cast<V*>(p) = v; }

// Natural log of x > 0 (normal) on all lanes at once, absolute error < 1e-7 on the mantissa part (features are
// compared at 1e-3 with the reference): log(1+f) = f - f^2/2 + f^3 Q(f) on f in [sqrt(1/2)-1, sqrt(2)-1), Q a
// degree-5 fit (six terms; cephes' nine cost 80 x 6 more operations per frame, ~15% of the AVX2 kernel for
// nothing the features can see). Written on vectors rather than as a scalar function in a lane loop: GCC
// vectorised that loop for 16 lanes but left it scalar for 8 (AVX2). Same operations in the same order on every
// clone, hence the same bits.
inline V fast_log(V x) {
    VI i = reinterpret_cast<VI>(x);
    VI e = ((i >> 23) & 0xff) - 126;
    i = (i & 0x807fffff) | 0x3f000000;  // mantissa in [0.5, 1)
    V m = reinterpret_cast<V>(i);
    const VI small = m < 0.70710678f;   // -1 where true
    e += small;
    m = (small ? m + m : m) - 1.0f;
    const V z = m * m;
    V y = -1.0224105418e-1f * m + 1.6141153872e-1f;
    y = y * m - 1.7166924477e-1f;
    y = y * m + 1.9910241663e-1f;
    y = y * m - 2.4980573356e-1f;
    y = y * m + 3.3334690332e-1f;
    y = y * m * z;
    const V fe = __builtin_convertvector(e, V);
    y += -2.12194440e-4f * fe;
    y += -0.5f * z;
    return m + y + 0.693359375f * fe;
}

template <int P>
inline void stage(const float* __restrict xr, const float* __restrict xi, float* __restrict yr,
                  float* __restrict yi, int n, int span, const float* __restrict twr, const float* __restrict twi) {
    const int m = n / P;
    const int blocks = m / span;
    for (int b = 0; b < blocks; ++b) {
        for (int k = 0; k < span; ++k) {
            const int j = b * span + k;
            const size_t o = static_cast<size_t>(b * span * P + k) * W;
            const size_t os = static_cast<size_t>(span) * W;
            V ar[P], ai[P];
            for (int r = 0; r < P; ++r) {
                const V sr = ld(xr + static_cast<size_t>(j + r * m) * W);
                const V si = ld(xi + static_cast<size_t>(j + r * m) * W);
                if (r == 0 || span == 1) {
                    ar[r] = sr; ai[r] = si;
                } else {
                    const float wr = twr[k * (P - 1) + r - 1], wi = twi[k * (P - 1) + r - 1];
                    ar[r] = sr * wr - si * wi;
                    ai[r] = sr * wi + si * wr;
                }
            }
            if constexpr (P == 2) {
                st(yr + o, ar[0] + ar[1]); st(yi + o, ai[0] + ai[1]);
                st(yr + o + os, ar[0] - ar[1]); st(yi + o + os, ai[0] - ai[1]);
            } else if constexpr (P == 4) {
                const V t0r = ar[0] + ar[2], t0i = ai[0] + ai[2], t1r = ar[0] - ar[2], t1i = ai[0] - ai[2];
                const V t2r = ar[1] + ar[3], t2i = ai[1] + ai[3], t3r = ar[1] - ar[3], t3i = ai[1] - ai[3];
                st(yr + o, t0r + t2r); st(yi + o, t0i + t2i);
                st(yr + o + 2 * os, t0r - t2r); st(yi + o + 2 * os, t0i - t2i);
                st(yr + o + os, t1r + t3i); st(yi + o + os, t1i - t3r);
                st(yr + o + 3 * os, t1r - t3i); st(yi + o + 3 * os, t1i + t3r);
            } else if constexpr (P == 3) {
                const float s3 = 0.86602540378443865f;
                const V t1r = ar[1] + ar[2], t1i = ai[1] + ai[2], t2r = ar[1] - ar[2], t2i = ai[1] - ai[2];
                const V mr = ar[0] - 0.5f * t1r, mi = ai[0] - 0.5f * t1i;
                st(yr + o, ar[0] + t1r); st(yi + o, ai[0] + t1i);
                st(yr + o + os, mr + s3 * t2i); st(yi + o + os, mi - s3 * t2r);
                st(yr + o + 2 * os, mr - s3 * t2i); st(yi + o + 2 * os, mi + s3 * t2r);
            } else {
                const float c1 = 0.30901699437494742f, c2 = -0.80901699437494742f;
                const float s1 = 0.95105651629515357f, s2 = 0.58778525229247313f;
                const V t1r = ar[1] + ar[4], t1i = ai[1] + ai[4], t2r = ar[2] + ar[3], t2i = ai[2] + ai[3];
                const V t3r = ar[1] - ar[4], t3i = ai[1] - ai[4], t4r = ar[2] - ar[3], t4i = ai[2] - ai[3];
                const V m1r = ar[0] + c1 * t1r + c2 * t2r, m1i = ai[0] + c1 * t1i + c2 * t2i;
                const V m2r = ar[0] + c2 * t1r + c1 * t2r, m2i = ai[0] + c2 * t1i + c1 * t2i;
                const V n1r = s1 * t3r + s2 * t4r, n1i = s1 * t3i + s2 * t4i;
                const V n2r = s2 * t3r - s1 * t4r, n2i = s2 * t3i - s1 * t4i;
                st(yr + o, ar[0] + t1r + t2r); st(yi + o, ai[0] + t1i + t2i);
                st(yr + o + os, m1r + n1i); st(yi + o + os, m1i - n1r);          // m1 - i n1
                st(yr + o + 4 * os, m1r - n1i); st(yi + o + 4 * os, m1i + n1r);  // m1 + i n1
                st(yr + o + 2 * os, m2r + n2i); st(yi + o + 2 * os, m2i - n2r);
                st(yr + o + 3 * os, m2r - n2i); st(yi + o + 3 * os, m2i + n2r);
            }
        }
    }
}

// In: a_re/a_im. Out: pointer pair holding the transform (a or b, depending on the number of stages).
inline void fft(const EtMelPlan& p, Scratch& s, float** out_re, float** out_im) {
    float* xr = s.a_re.data(); float* xi = s.a_im.data();
    float* yr = s.b_re.data(); float* yi = s.b_im.data();
    const int n = p.complex_size;
    for (const auto& st : p.stages) {
        const float* twr = p.tw_re.data() + st.tw_offset;
        const float* twi = p.tw_im.data() + st.tw_offset;
        switch (st.radix) {
            case 2: stage<2>(xr, xi, yr, yi, n, st.span, twr, twi); break;
            case 3: stage<3>(xr, xi, yr, yi, n, st.span, twr, twi); break;
            case 4: stage<4>(xr, xi, yr, yi, n, st.span, twr, twi); break;
            default: stage<5>(xr, xi, yr, yi, n, st.span, twr, twi); break;
        }
        std::swap(xr, yr);
        std::swap(xi, yi);
    }
    *out_re = xr;
    *out_im = xi;
}

// Power spectrum of the real signal whose (packed) transform is in zr/zi: pw[k][lane], k = 0..N/2.
inline void power(const EtMelPlan& p, const float* __restrict zr, const float* __restrict zi, float* __restrict pw) {
    const int nf = p.num_freqs;
    if (!p.real_trick) {
        for (int k = 0; k < nf; ++k)
            for (int l = 0; l < W; ++l) pw[k * W + l] = zr[k * W + l] * zr[k * W + l] + zi[k * W + l] * zi[k * W + l];
        return;
    }
    const int m = p.complex_size;
    for (int k = 0; k < nf; ++k) {
        const int a = (k == m ? 0 : k) * W;
        const int b = (k == 0 ? 0 : m - k) * W;
        const float wr = p.post_re[k], wi = p.post_im[k];
        // X[k] = E + w O with E = (Z[k] + conj Z[M-k]) / 2 and O = -i (Z[k] - conj Z[M-k]) / 2
        const V zar = ld(zr + a), zai = ld(zi + a), zbr = ld(zr + b), zbi = ld(zi + b);
        const V er = 0.5f * (zar + zbr), ei = 0.5f * (zai - zbi);
        const V orr = 0.5f * (zai + zbi), oi = -0.5f * (zar - zbr);
        const V xr = er + wr * orr - wi * oi, xi = ei + wr * oi + wi * orr;
        st(pw + k * W, xr * xr + xi * xi);
    }
}

// Shuffle masks (one per block size D) of the in-register W x W transpose below: with rows a = r[i] and
// b = r[i + D], swap the off-diagonal D x D blocks of every 2D x 2D tile.
template <int D, int... J>
inline VI swap_mask_a(std::integer_sequence<int, J...>) { return VI{((J & D) ? W + J - D : J)...}; }
template <int D, int... J>
inline VI swap_mask_b(std::integer_sequence<int, J...>) { return VI{((J & D) ? W + J : J + D)...}; }

template <int D>
inline void transpose_stage(V* r) {
    if constexpr (D >= 1) {
        const VI ma = swap_mask_a<D>(std::make_integer_sequence<int, W>{});
        const VI mb = swap_mask_b<D>(std::make_integer_sequence<int, W>{});
        for (int i = 0; i < W; ++i) {
            if (i & D) continue;
            const V a = __builtin_shuffle(r[i], r[i + D], ma), b = __builtin_shuffle(r[i], r[i + D], mb);
            r[i] = a;
            r[i + D] = b;
        }
        transpose_stage<D / 2>(r);
    }
}

// The frame sum of the DC removal: eight interleaved partial sums added pairwise (one running sum was a chain
// of frame_length dependent adds, ~4 cycles each, which bounded the whole block). Row i goes to acc[i % 8] below
// the last multiple of 8, to acc[0] above it; rows in increasing order. The order is fixed, so every clone and
// every lane rounds alike, whether the rows are summed as they are gathered or after.
inline void dc_add(V* acc, int i, int wl, V row) {
    if (i < (wl & ~7)) acc[i & 7] += row;
    else acc[0] += row;
}
inline V dc_total(const V* acc) {
    return ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]));
}

// fr[i][lane] = src[lane][i] for i < wl: W x W tiles transposed in registers (log2 W shuffle stages) instead
// of W * wl scalar stores with a stride of W floats, the largest cost of a block after the log was vectorised.
// With acc (DC removal, no dither) the rows are summed from the registers as they are gathered, which saves a
// pass over the frames.
inline void gather_frames(const float* const* src, int wl, float* __restrict fr, V* acc) {
    int i = 0;
    for (; i + W <= wl; i += W) {
        V r[W];
        for (int l = 0; l < W; ++l) r[l] = ld(src[l] + i);
        transpose_stage<W / 2>(r);
        for (int j = 0; j < W; ++j) {
            st(fr + static_cast<size_t>(i + j) * W, r[j]);
            if (acc != nullptr) dc_add(acc, i + j, wl, r[j]);
        }
    }
    for (; i < wl; ++i) {
        for (int l = 0; l < W; ++l) fr[i * W + l] = src[l][i];
        if (acc != nullptr) dc_add(acc, i, wl, ld(fr + static_cast<size_t>(i) * W));
    }
}

// Read the window of every lane into s.a_* (packed as complex for the real trick) after dither, DC removal,
// pre-emphasis and windowing.
inline void load_frames(const EtMelPlan& p, const Lane* lanes, Scratch& s) {
    const int wl = p.cfg.frame_length;
    float* fr = s.fr.data();  // raw frames [i][lane]
    // Common case: every lane is a frame lying inside its signal; else lane by lane (idle lanes, reflect padding).
    const float* src[W];
    bool inside = true;
    for (int l = 0; l < W && inside; ++l) {
        const Lane& ln = lanes[l];
        const int64_t start = ln.out == nullptr ? -1 : emotrace::frame_start(p, ln.frame);
        inside = start >= 0 && start + wl <= ln.n;
        src[l] = inside ? ln.sig + start : nullptr;
    }
    // the DC sum taken during the gather when nothing (dither) changes the frames in between
    V acc[8] = {};
    const bool dc_in_gather = inside && p.cfg.remove_dc_offset && !(p.cfg.dither > 0.f);
    if (inside) {
        gather_frames(src, wl, fr, dc_in_gather ? acc : nullptr);
    } else {
        for (int l = 0; l < W; ++l) {
            const Lane& ln = lanes[l];
            if (ln.out == nullptr || ln.n == 0) {
                for (int i = 0; i < wl; ++i) fr[i * W + l] = 0.f;
                continue;
            }
            const int64_t start = emotrace::frame_start(p, ln.frame);
            if (start >= 0 && start + wl <= ln.n) {
                const float* sig = ln.sig + start;
                for (int i = 0; i < wl; ++i) fr[i * W + l] = sig[i];
            } else {
                for (int i = 0; i < wl; ++i) fr[i * W + l] = ln.sig[emotrace::reflect_index(start + i, ln.n)];
            }
        }
    }
    if (p.cfg.dither > 0.f) {
        for (int l = 0; l < W; ++l) {
            const Lane& ln = lanes[l];
            if (ln.out == nullptr || ln.n == 0) continue;
            for (int i = 0; i < wl; ++i)
                fr[i * W + l] += p.cfg.dither * emotrace::dither_normal(p.cfg.dither_seed, ln.frame, i);
        }
    }
    float mean[W];
    for (int l = 0; l < W; ++l) mean[l] = 0.f;
    if (p.cfg.remove_dc_offset) {
        if (!dc_in_gather) {
            int i = 0;
            for (; i + 8 <= (wl & ~7); i += 8)
                for (int k = 0; k < 8; ++k) acc[k] += ld(fr + (i + k) * W);
            for (; i < wl; ++i) acc[0] += ld(fr + i * W);
        }
        st(mean, dc_total(acc) / static_cast<float>(wl));
    }
    const float c = p.cfg.preemphasis;
    const float* win = p.window.data();
    float* ar = s.a_re.data();
    float* ai = s.a_im.data();
    const int nc = p.complex_size;
    // x'[i] = (x[i]-mean) - c (x[i-1]-mean), x'[0] = (1-c)(x[0]-mean); windowed; zero-padded to the FFT size.
    // On whole vectors: as a lane loop GCC vectorised it for 16 lanes but not for 8 (AVX2), where it cost more
    // than the FFT. Same operations in the same order as the lane loop, hence the same bits.
    const V mv = ld(mean);
    auto value = [&](int i) -> V {
        if (i >= wl) return V{};
        const V cur = ld(fr + static_cast<size_t>(i) * W) - mv;
        const V prev = i > 0 ? ld(fr + static_cast<size_t>(i - 1) * W) - mv : cur;
        return (cur - c * prev) * win[i];
    };
    if (p.real_trick) {
        int j = 0;
        for (; j < nc && 2 * j + 1 < wl; ++j) {
            const int i0 = 2 * j, i1 = 2 * j + 1;
            if (i0 == 0) {
                st(ar, value(0));
                st(ai, value(1));
                continue;
            }
            const V xm = ld(fr + static_cast<size_t>(i0 - 1) * W) - mv, x0 = ld(fr + static_cast<size_t>(i0) * W) - mv;
            const V x1 = ld(fr + static_cast<size_t>(i1) * W) - mv;
            st(ar + static_cast<size_t>(j) * W, (x0 - c * xm) * win[i0]);
            st(ai + static_cast<size_t>(j) * W, (x1 - c * x0) * win[i1]);
        }
        for (; j < nc; ++j) {
            st(ar + static_cast<size_t>(j) * W, value(2 * j));
            st(ai + static_cast<size_t>(j) * W, value(2 * j + 1));
        }
    } else {
        for (int j = 0; j < nc; ++j) {
            st(ar + static_cast<size_t>(j) * W, value(j));
            st(ai + static_cast<size_t>(j) * W, V{});
        }
    }
}

inline void mel_log(const EtMelPlan& p, const float* __restrict pw, const Lane* lanes, float* __restrict mel) {
    const float floor = p.log_floor, scale = p.log_scale;
    const int nb = p.cfg.num_bins;
    for (int m = 0; m < nb; ++m) {
        const emotrace::MelFilter& f = p.filters[m];
        const float* w = p.weights.data() + f.w_offset;
        const float* src = pw + static_cast<size_t>(f.first_bin) * W;
        V sum = {};
        for (int k = 0; k < f.num_bins; ++k) sum += w[k] * ld(src + k * W);
        st(mel + m * W, fast_log(sum < floor ? floor : sum) * scale);  // std::max(sum, floor) lane by lane
    }
    // mel[bin][lane] -> one output row per lane: W x W tiles transposed in registers when every lane is busy
    bool busy = true;
    for (int l = 0; l < W; ++l) busy = busy && lanes[l].out != nullptr;
    int m = 0;
    if (busy) {
        for (; m + W <= nb; m += W) {
            V r[W];
            for (int j = 0; j < W; ++j) r[j] = ld(mel + (m + j) * W);
            transpose_stage<W / 2>(r);
            for (int l = 0; l < W; ++l) st(lanes[l].out + m, r[l]);
        }
    }
    for (; m < nb; ++m)
        for (int l = 0; l < W; ++l)
            if (lanes[l].out != nullptr) lanes[l].out[m] = mel[m * W + l];
}

using Job = CpuJob;


void run_blocks(const Job& job, int64_t block_begin, int64_t block_end) {
    const EtMelPlan& p = *job.plan;
    Scratch s(p);
    const int64_t total = job.frame_offsets[job.num_signals];
    int32_t sig = 0;
    Lane lanes[W];
    for (int64_t b = block_begin; b < block_end; ++b) {
        for (int l = 0; l < W; ++l) {
            const int64_t g = b * W + l;
            if (g >= total) { lanes[l] = Lane{nullptr, 0, 0, nullptr}; continue; }
            if (g < job.frame_offsets[sig]) sig = 0;  // never happens in order; kept for safety
            while (g >= job.frame_offsets[sig + 1]) ++sig;
            lanes[l] = Lane{job.samples + job.offsets[sig], job.offsets[sig + 1] - job.offsets[sig],
                            g - job.frame_offsets[sig], job.out + g * p.cfg.num_bins};
        }
        load_frames(p, lanes, s);
        float *zr, *zi;
        fft(p, s, &zr, &zi);
        power(p, zr, zi, s.pw.data());
        mel_log(p, s.pw.data(), lanes, s.mel.data());
    }
}

void power_spectrum(const EtMelPlan& p, const float* frame, float* power_out) {
    Scratch s(p);
    for (int j = 0; j < p.complex_size; ++j)
        for (int l = 0; l < W; ++l) {
            s.a_re[j * W + l] = p.real_trick ? frame[2 * j] : frame[j];
            s.a_im[j * W + l] = p.real_trick ? frame[2 * j + 1] : 0.f;
        }
    float *zr, *zi;
    fft(p, s, &zr, &zi);
    power(p, zr, zi, s.pw.data());
    for (int k = 0; k < p.num_freqs; ++k) power_out[k] = s.pw[k * W];
}

}  // namespace

#if defined(__AVX512F__)
#define ET_ISA "x86-64-v4 (avx512)"
#elif defined(__AVX2__)
#define ET_ISA "x86-64-v3 (avx2+fma)"
#else
#define ET_ISA "x86-64 (sse2)"
#endif

static_assert(W * sizeof(float) <= 64, "one block is at most one zmm register");

extern const CpuClone kClone;
const CpuClone kClone{ET_STR(ET_CLONE) + 4, ET_ISA, W, &run_blocks, &power_spectrum};

}  // namespace ET_CLONE
}  // namespace emotrace
