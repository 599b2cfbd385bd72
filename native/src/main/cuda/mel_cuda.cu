// Fused CUDA log-mel kernel: one warp per frame, several frames per block. The warp loads its frame into
// shared memory, applies dither / DC removal / pre-emphasis / window, runs the same mixed-radix Stockham FFT
// as the CPU kernel in shared memory, forms the power spectrum, applies the sparse mel filterbank and writes
// only the final log-mel row: no spectrogram ever reaches global memory. Batched over many signals packed
// in one device buffer.
#include "mel_plan.h"

#include <cuda_runtime.h>
#include <dlfcn.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string>

namespace {

constexpr int kMaxStages = 24;
constexpr int kWarp = 32;

struct StageTable {
    int count;
    int radix[kMaxStages];
    int span[kMaxStages];
    int tw_offset[kMaxStages];
};

struct KernelArgs {
    int wl, hop, nfft, nc, real_trick, nfreq, center, win_off, nbins, remove_dc, use_dither;
    float preemph, dither, floor, scale;
    long long seed;
    StageTable stages;
    const float* window;
    const float* tw_re;
    const float* tw_im;
    const float* post_re;
    const float* post_im;
    const int* filt_first;
    const int* filt_num;
    const int* filt_woff;
    const float* weights;
    const float* samples;
    const long long* offsets;        // num_signals + 1
    const long long* frame_offsets;  // num_signals + 1
    int num_signals;
    long long total_frames;
    float* out;
};

thread_local std::string g_last_error;

int fail(cudaError_t e, const char* what) {
    g_last_error = std::string(what) + ": " + cudaGetErrorName(e) + " (" + cudaGetErrorString(e) + ")";
    return ET_ERR_CUDA;
}

__device__ inline unsigned long long mix_d(unsigned long long z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

// Same noise as the CPU kernel and io.emotrace.features.DitherNoise.
__device__ inline float dither_normal_d(long long seed, long long frame, int sample) {
    const unsigned long long golden = 0x9E3779B97F4A7C15ULL;
    const unsigned long long base =
        mix_d(static_cast<unsigned long long>(seed) ^ mix_d(static_cast<unsigned long long>(frame) * golden + 1));
    const unsigned long long r = mix_d(base + static_cast<unsigned long long>(sample >> 1) * golden);
    const double u1 = static_cast<double>((r >> 38) + 1) / static_cast<double>(1ULL << 26);
    const double u2 = (static_cast<double>((r >> 12) & ((1ULL << 26) - 1)) + 0.5) / static_cast<double>(1ULL << 26);
    const double radius = sqrt(-2.0 * log(u1));
    const double angle = 2.0 * 3.14159265358979323846 * u2;
    return static_cast<float>((sample & 1) ? radius * sin(angle) : radius * cos(angle));
}

__device__ inline long long reflect_d(long long i, long long n) {
    if (n <= 1) return 0;
    const long long period = 2 * (n - 1);
    i %= period;
    if (i < 0) i += period;
    return i < n ? i : period - i;
}

template <int P>
__device__ inline void butterfly_stage(const float* __restrict__ xr, const float* __restrict__ xi,
                                       float* __restrict__ yr, float* __restrict__ yi, int n, int span,
                                       const float* __restrict__ twr, const float* __restrict__ twi, int lane) {
    const int m = n / P;
    for (int j = lane; j < m; j += kWarp) {
        const int k = j % span;
        const int o = (j - k) * P + k;
        float ar[P], ai[P];
#pragma unroll
        for (int r = 0; r < P; ++r) {
            const float sr = xr[j + r * m], si = xi[j + r * m];
            if (r == 0 || span == 1) {
                ar[r] = sr; ai[r] = si;
            } else {
                const float wr = __ldg(twr + k * (P - 1) + r - 1), wi = __ldg(twi + k * (P - 1) + r - 1);
                ar[r] = sr * wr - si * wi;
                ai[r] = sr * wi + si * wr;
            }
        }
        if constexpr (P == 2) {
            yr[o] = ar[0] + ar[1]; yi[o] = ai[0] + ai[1];
            yr[o + span] = ar[0] - ar[1]; yi[o + span] = ai[0] - ai[1];
        } else if constexpr (P == 4) {
            const float t0r = ar[0] + ar[2], t0i = ai[0] + ai[2], t1r = ar[0] - ar[2], t1i = ai[0] - ai[2];
            const float t2r = ar[1] + ar[3], t2i = ai[1] + ai[3], t3r = ar[1] - ar[3], t3i = ai[1] - ai[3];
            yr[o] = t0r + t2r; yi[o] = t0i + t2i;
            yr[o + 2 * span] = t0r - t2r; yi[o + 2 * span] = t0i - t2i;
            yr[o + span] = t1r + t3i; yi[o + span] = t1i - t3r;
            yr[o + 3 * span] = t1r - t3i; yi[o + 3 * span] = t1i + t3r;
        } else if constexpr (P == 3) {
            const float s = 0.86602540378443865f;
            const float t1r = ar[1] + ar[2], t1i = ai[1] + ai[2], t2r = ar[1] - ar[2], t2i = ai[1] - ai[2];
            const float mr = ar[0] - 0.5f * t1r, mi = ai[0] - 0.5f * t1i;
            yr[o] = ar[0] + t1r; yi[o] = ai[0] + t1i;
            yr[o + span] = mr + s * t2i; yi[o + span] = mi - s * t2r;
            yr[o + 2 * span] = mr - s * t2i; yi[o + 2 * span] = mi + s * t2r;
        } else {
            const float c1 = 0.30901699437494742f, c2 = -0.80901699437494742f;
            const float s1 = 0.95105651629515357f, s2 = 0.58778525229247313f;
            const float t1r = ar[1] + ar[4], t1i = ai[1] + ai[4], t2r = ar[2] + ar[3], t2i = ai[2] + ai[3];
            const float t3r = ar[1] - ar[4], t3i = ai[1] - ai[4], t4r = ar[2] - ar[3], t4i = ai[2] - ai[3];
            const float m1r = ar[0] + c1 * t1r + c2 * t2r, m1i = ai[0] + c1 * t1i + c2 * t2i;
            const float m2r = ar[0] + c2 * t1r + c1 * t2r, m2i = ai[0] + c2 * t1i + c1 * t2i;
            const float n1r = s1 * t3r + s2 * t4r, n1i = s1 * t3i + s2 * t4i;
            const float n2r = s2 * t3r - s1 * t4r, n2i = s2 * t3i - s1 * t4i;
            yr[o] = ar[0] + t1r + t2r; yi[o] = ai[0] + t1i + t2i;
            yr[o + span] = m1r + n1i; yi[o + span] = m1i - n1r;
            yr[o + 4 * span] = m1r - n1i; yi[o + 4 * span] = m1i + n1r;
            yr[o + 2 * span] = m2r + n2i; yi[o + 2 * span] = m2i - n2r;
            yr[o + 3 * span] = m2r - n2i; yi[o + 3 * span] = m2i + n2r;
        }
    }
}

// Shared floats one warp needs: raw frame, two complex ping-pong buffers, power spectrum.
__host__ __device__ inline int warp_smem_floats(int wl, int nc, int nfreq) {
    return ((wl + 4 * nc + nfreq) + 31) / 32 * 32;
}

__global__ void mel_kernel(KernelArgs a) {
    extern __shared__ float smem[];
    const int warp = threadIdx.x / kWarp;
    const int lane = threadIdx.x % kWarp;
    const int warps = blockDim.x / kWarp;
    float* fr = smem + warp * warp_smem_floats(a.wl, a.nc, a.nfreq);
    float* a_re = fr + a.wl;
    float* a_im = a_re + a.nc;
    float* b_re = a_im + a.nc;
    float* b_im = b_re + a.nc;
    float* pw = b_im + a.nc;

    for (long long g = static_cast<long long>(blockIdx.x) * warps + warp; g < a.total_frames;
         g += static_cast<long long>(gridDim.x) * warps) {
        // Signal owning global frame g: last s with frame_offsets[s] <= g (binary search, uniform per warp).
        int lo = 0, hi = a.num_signals - 1;
        while (lo < hi) {
            const int mid = (lo + hi + 1) / 2;
            if (a.frame_offsets[mid] <= g) lo = mid; else hi = mid - 1;
        }
        const long long f = g - a.frame_offsets[lo];
        const float* sig = a.samples + a.offsets[lo];
        const long long n = a.offsets[lo + 1] - a.offsets[lo];
        long long start = f * a.hop;
        if (a.center) start = start - a.nfft / 2 + a.win_off;

        float part = 0.f;
        for (int i = lane; i < a.wl; i += kWarp) {
            float v = 0.f;
            if (n > 0) {
                const long long idx = start + i;
                v = __ldg(sig + ((idx >= 0 && idx < n) ? idx : reflect_d(idx, n)));
            }
            if (a.use_dither) v += a.dither * dither_normal_d(a.seed, f, i);
            fr[i] = v;
            part += v;
        }
        float mean = 0.f;
        if (a.remove_dc) {
            for (int off = kWarp / 2; off > 0; off /= 2) part += __shfl_xor_sync(0xffffffffu, part, off);
            mean = part / static_cast<float>(a.wl);
        }
        __syncwarp();
        const float c = a.preemph;
        if (a.real_trick) {
            for (int j = lane; j < a.nc; j += kWarp) {
                float v[2];
#pragma unroll
                for (int h = 0; h < 2; ++h) {
                    const int i = 2 * j + h;
                    if (i < a.wl) {
                        const float cur = fr[i] - mean;
                        const float prev = i > 0 ? fr[i - 1] - mean : cur;
                        v[h] = (cur - c * prev) * __ldg(a.window + i);
                    } else {
                        v[h] = 0.f;
                    }
                }
                a_re[j] = v[0];
                a_im[j] = v[1];
            }
        } else {
            for (int j = lane; j < a.nc; j += kWarp) {
                float v = 0.f;
                if (j < a.wl) {
                    const float cur = fr[j] - mean;
                    const float prev = j > 0 ? fr[j - 1] - mean : cur;
                    v = (cur - c * prev) * __ldg(a.window + j);
                }
                a_re[j] = v;
                a_im[j] = 0.f;
            }
        }
        __syncwarp();
        float *xr = a_re, *xi = a_im, *yr = b_re, *yi = b_im;
        for (int s = 0; s < a.stages.count; ++s) {
            const float* twr = a.tw_re + a.stages.tw_offset[s];
            const float* twi = a.tw_im + a.stages.tw_offset[s];
            switch (a.stages.radix[s]) {
                case 2: butterfly_stage<2>(xr, xi, yr, yi, a.nc, a.stages.span[s], twr, twi, lane); break;
                case 3: butterfly_stage<3>(xr, xi, yr, yi, a.nc, a.stages.span[s], twr, twi, lane); break;
                case 4: butterfly_stage<4>(xr, xi, yr, yi, a.nc, a.stages.span[s], twr, twi, lane); break;
                default: butterfly_stage<5>(xr, xi, yr, yi, a.nc, a.stages.span[s], twr, twi, lane); break;
            }
            __syncwarp();
            float* t = xr; xr = yr; yr = t;
            t = xi; xi = yi; yi = t;
        }
        for (int k = lane; k < a.nfreq; k += kWarp) {
            float p;
            if (a.real_trick) {
                const int ia = k == a.nc ? 0 : k;
                const int ib = k == 0 ? 0 : a.nc - k;
                const float wr = __ldg(a.post_re + k), wi = __ldg(a.post_im + k);
                const float er = 0.5f * (xr[ia] + xr[ib]), ei = 0.5f * (xi[ia] - xi[ib]);
                const float orr = 0.5f * (xi[ia] + xi[ib]), oi = -0.5f * (xr[ia] - xr[ib]);
                const float re = er + wr * orr - wi * oi, im = ei + wr * oi + wi * orr;
                p = re * re + im * im;
            } else {
                p = xr[k] * xr[k] + xi[k] * xi[k];
            }
            pw[k] = p;
        }
        __syncwarp();
        float* row = a.out + g * a.nbins;
        for (int m = lane; m < a.nbins; m += kWarp) {
            const int first = __ldg(a.filt_first + m), num = __ldg(a.filt_num + m);
            const float* w = a.weights + __ldg(a.filt_woff + m);
            float acc = 0.f;
            for (int k = 0; k < num; ++k) acc += __ldg(w + k) * pw[first + k];
            row[m] = logf(fmaxf(acc, a.floor)) * a.scale;
        }
        __syncwarp();  // fr / pw are reused by the next frame of this warp
    }
}

}  // namespace

namespace emotrace {

// Device copies of a plan's tables plus a per-call scratch for offsets; one device at a time.
struct CudaPlanCache {
    int device = -1;
    float *window = nullptr, *tw_re = nullptr, *tw_im = nullptr, *post_re = nullptr, *post_im = nullptr;
    float* weights = nullptr;
    int *filt_first = nullptr, *filt_num = nullptr, *filt_woff = nullptr;
    long long* offsets = nullptr;  // 2 * capacity: sample offsets then frame offsets
    int capacity = 0;

    void release() {
        int prev = -1;
        cudaGetDevice(&prev);
        if (device >= 0) cudaSetDevice(device);
        for (void* p : {static_cast<void*>(window), static_cast<void*>(tw_re), static_cast<void*>(tw_im),
                        static_cast<void*>(post_re), static_cast<void*>(post_im), static_cast<void*>(weights),
                        static_cast<void*>(filt_first), static_cast<void*>(filt_num),
                        static_cast<void*>(filt_woff), static_cast<void*>(offsets)}) {
            if (p != nullptr) cudaFree(p);
        }
        if (prev >= 0) cudaSetDevice(prev);
        *this = CudaPlanCache();
    }
};

void destroy_cuda_cache(EtMelPlan* plan) {
    std::lock_guard<std::mutex> lock(plan->cuda_mutex);
    if (plan->cuda != nullptr) {
        plan->cuda->release();
        delete plan->cuda;
        plan->cuda = nullptr;
    }
}

}  // namespace emotrace

namespace {

template <typename T>
cudaError_t upload(T** dst, const std::vector<T>& src) {
    const size_t bytes = std::max<size_t>(1, src.size()) * sizeof(T);
    cudaError_t e = cudaMalloc(reinterpret_cast<void**>(dst), bytes);
    if (e != cudaSuccess) return e;
    return src.empty() ? cudaSuccess : cudaMemcpy(*dst, src.data(), src.size() * sizeof(T), cudaMemcpyHostToDevice);
}

int ensure_cache(EtMelPlan& p, int device) {
    using emotrace::CudaPlanCache;
    if (p.cuda != nullptr && p.cuda->device == device) return ET_OK;
    if (p.cuda != nullptr) {
        p.cuda->release();
    } else {
        p.cuda = new CudaPlanCache();
    }
    CudaPlanCache& c = *p.cuda;
    c.device = device;
    std::vector<int> first, num, woff;
    for (const auto& f : p.filters) {
        first.push_back(f.first_bin);
        num.push_back(f.num_bins);
        woff.push_back(f.w_offset);
    }
    cudaError_t e;
    if ((e = upload(&c.window, p.window)) != cudaSuccess || (e = upload(&c.tw_re, p.tw_re)) != cudaSuccess ||
        (e = upload(&c.tw_im, p.tw_im)) != cudaSuccess || (e = upload(&c.post_re, p.post_re)) != cudaSuccess ||
        (e = upload(&c.post_im, p.post_im)) != cudaSuccess || (e = upload(&c.weights, p.weights)) != cudaSuccess ||
        (e = upload(&c.filt_first, first)) != cudaSuccess || (e = upload(&c.filt_num, num)) != cudaSuccess ||
        (e = upload(&c.filt_woff, woff)) != cudaSuccess) {
        c.release();
        return fail(e, "uploading mel plan");
    }
    return ET_OK;
}

void put(char* dst, int32_t len, const std::string& msg) {
    if (dst != nullptr && len > 0) std::snprintf(dst, static_cast<size_t>(len), "%s", msg.c_str());
}

}  // namespace

extern "C" {

int32_t et_cuda_built(void) { return 1; }

const char* et_cuda_last_error(void) { return g_last_error.c_str(); }

int32_t et_cuda_device_count(char* reason, int32_t reason_len) {
    int n = 0;
    // cudart_static loads libcuda at run time: no driver / no device comes back as an error code here.
    const cudaError_t e = cudaGetDeviceCount(&n);
    if (e != cudaSuccess) {
        cudaGetLastError();  // reset the runtime's last-error slot so later calls start clean
        std::string why = std::string("CUDA not usable: ") + cudaGetErrorName(e) + " (" + cudaGetErrorString(e) + ")";
        if (e == cudaErrorInsufficientDriver) {
            // cudart reports a missing driver as "insufficient"; say which one it is.
            void* h = dlopen("libcuda.so.1", RTLD_LAZY | RTLD_NOLOAD);
            if (h == nullptr) h = dlopen("libcuda.so.1", RTLD_LAZY);
            if (h == nullptr) {
                why = "no NVIDIA driver: libcuda.so.1 not found (" + why + ")";
            } else {
                dlclose(h);
            }
        }
        put(reason, reason_len, why);
        return 0;
    }
    if (n == 0) {
        put(reason, reason_len, "CUDA driver present but no CUDA device found");
        return 0;
    }
    int runtime = 0, driver = 0;
    cudaRuntimeGetVersion(&runtime);
    cudaDriverGetVersion(&driver);
    put(reason, reason_len, std::to_string(n) + " CUDA device(s); runtime " + std::to_string(runtime) + ", driver " +
                                std::to_string(driver));
    return n;
}

int32_t et_cuda_device_info(int32_t device, char* name, int32_t name_len, int64_t* total_mem, int32_t* cc_major,
                            int32_t* cc_minor) {
    cudaDeviceProp prop;
    const cudaError_t e = cudaGetDeviceProperties(&prop, device);
    if (e != cudaSuccess) return fail(e, "cudaGetDeviceProperties");
    put(name, name_len, prop.name);
    if (total_mem != nullptr) *total_mem = static_cast<int64_t>(prop.totalGlobalMem);
    if (cc_major != nullptr) *cc_major = prop.major;
    if (cc_minor != nullptr) *cc_minor = prop.minor;
    return ET_OK;
}

int32_t et_cuda_malloc(int32_t device, int64_t bytes, int64_t* device_ptr) {
    if (device_ptr == nullptr || bytes < 0) return ET_ERR_ARG;
    *device_ptr = 0;
    cudaError_t e = cudaSetDevice(device);
    if (e != cudaSuccess) return fail(e, "cudaSetDevice");
    void* p = nullptr;
    e = cudaMalloc(&p, static_cast<size_t>(std::max<int64_t>(bytes, 1)));
    if (e != cudaSuccess) return fail(e, "cudaMalloc");
    *device_ptr = reinterpret_cast<int64_t>(p);
    return ET_OK;
}

int32_t et_cuda_free(int32_t device, int64_t device_ptr) {
    if (device_ptr == 0) return ET_OK;
    cudaError_t e = cudaSetDevice(device);
    if (e != cudaSuccess) return fail(e, "cudaSetDevice");
    e = cudaFree(reinterpret_cast<void*>(device_ptr));
    return e == cudaSuccess ? ET_OK : fail(e, "cudaFree");
}

int32_t et_cuda_copy_h2d(int32_t device, int64_t dst, const void* src, int64_t bytes) {
    if (bytes < 0 || (bytes > 0 && (dst == 0 || src == nullptr))) return ET_ERR_ARG;
    cudaError_t e = cudaSetDevice(device);
    if (e != cudaSuccess) return fail(e, "cudaSetDevice");
    e = cudaMemcpy(reinterpret_cast<void*>(dst), src, static_cast<size_t>(bytes), cudaMemcpyHostToDevice);
    return e == cudaSuccess ? ET_OK : fail(e, "cudaMemcpy H2D");
}

int32_t et_cuda_copy_d2h(int32_t device, void* dst, int64_t src, int64_t bytes) {
    if (bytes < 0 || (bytes > 0 && (dst == nullptr || src == 0))) return ET_ERR_ARG;
    cudaError_t e = cudaSetDevice(device);
    if (e != cudaSuccess) return fail(e, "cudaSetDevice");
    e = cudaMemcpy(dst, reinterpret_cast<const void*>(src), static_cast<size_t>(bytes), cudaMemcpyDeviceToHost);
    return e == cudaSuccess ? ET_OK : fail(e, "cudaMemcpy D2H");
}

int32_t et_cuda_synchronize(int32_t device) {
    cudaError_t e = cudaSetDevice(device);
    if (e != cudaSuccess) return fail(e, "cudaSetDevice");
    e = cudaDeviceSynchronize();
    return e == cudaSuccess ? ET_OK : fail(e, "cudaDeviceSynchronize");
}

int32_t et_cuda_mel_compute_batch(const EtMelPlan* cplan, int32_t device, int64_t samples_dev,
                                  const int64_t* host_offsets, int32_t num_signals, int64_t out_dev) {
    if (cplan == nullptr || host_offsets == nullptr || num_signals < 0) return ET_ERR_ARG;
    EtMelPlan& p = *const_cast<EtMelPlan*>(cplan);  // only the device cache is mutated, under its mutex
    if (static_cast<int>(p.stages.size()) > kMaxStages) return ET_ERR_ARG;
    // sample offsets then frame offsets, uploaded together; the kernel reads them as long long (same width)
    static_assert(sizeof(long long) == sizeof(int64_t), "offsets are copied bytewise to the device");
    std::vector<int64_t> offs(2 * (static_cast<size_t>(num_signals) + 1));
    std::copy(host_offsets, host_offsets + num_signals + 1, offs.begin());
    int64_t* frames = offs.data() + num_signals + 1;
    if (emotrace::frame_offsets(p, host_offsets, num_signals, frames) < 0) return ET_ERR_ARG;
    const long long total = frames[num_signals];
    if (total == 0) return ET_OK;
    if (samples_dev == 0 || out_dev == 0) return ET_ERR_ARG;
    const int per_warp = warp_smem_floats(p.cfg.frame_length, p.complex_size, p.num_freqs);
    const size_t max_smem = 48 * 1024;
    if (per_warp * sizeof(float) > max_smem) {
        g_last_error = "fft_size too large for the shared-memory CUDA kernel";
        return ET_ERR_ARG;
    }
    const int warps = static_cast<int>(std::min<size_t>(4, max_smem / (per_warp * sizeof(float))));

    std::lock_guard<std::mutex> lock(p.cuda_mutex);
    cudaError_t e = cudaSetDevice(device);
    if (e != cudaSuccess) return fail(e, "cudaSetDevice");
    int rc = ensure_cache(p, device);
    if (rc != ET_OK) return rc;
    emotrace::CudaPlanCache& c = *p.cuda;
    if (c.capacity < num_signals + 1) {
        if (c.offsets != nullptr) cudaFree(c.offsets);
        c.offsets = nullptr;
        c.capacity = 0;
        e = cudaMalloc(reinterpret_cast<void**>(&c.offsets), offs.size() * sizeof(long long));
        if (e != cudaSuccess) return fail(e, "cudaMalloc offsets");
        c.capacity = num_signals + 1;
    }
    e = cudaMemcpy(c.offsets, offs.data(), offs.size() * sizeof(long long), cudaMemcpyHostToDevice);
    if (e != cudaSuccess) return fail(e, "cudaMemcpy offsets");

    KernelArgs a{};
    a.wl = p.cfg.frame_length; a.hop = p.cfg.frame_shift; a.nfft = p.fft_size; a.nc = p.complex_size;
    a.real_trick = p.real_trick ? 1 : 0; a.nfreq = p.num_freqs; a.center = p.cfg.center;
    a.win_off = p.window_offset_center; a.nbins = p.cfg.num_bins; a.remove_dc = p.cfg.remove_dc_offset;
    a.use_dither = p.cfg.dither > 0.f; a.preemph = p.cfg.preemphasis; a.dither = p.cfg.dither;
    a.floor = p.log_floor; a.scale = p.log_scale; a.seed = p.cfg.dither_seed;
    a.stages.count = static_cast<int>(p.stages.size());
    for (int s = 0; s < a.stages.count; ++s) {
        a.stages.radix[s] = p.stages[s].radix;
        a.stages.span[s] = p.stages[s].span;
        a.stages.tw_offset[s] = p.stages[s].tw_offset;
    }
    a.window = c.window; a.tw_re = c.tw_re; a.tw_im = c.tw_im; a.post_re = c.post_re; a.post_im = c.post_im;
    a.filt_first = c.filt_first; a.filt_num = c.filt_num; a.filt_woff = c.filt_woff; a.weights = c.weights;
    a.samples = reinterpret_cast<const float*>(samples_dev);
    a.offsets = c.offsets;
    a.frame_offsets = c.offsets + num_signals + 1;
    a.num_signals = num_signals;
    a.total_frames = total;
    a.out = reinterpret_cast<float*>(out_dev);

    int sms = 1;
    cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, device);
    const long long blocks_needed = (total + warps - 1) / warps;
    const int grid = static_cast<int>(std::min<long long>(blocks_needed, static_cast<long long>(sms) * 32));
    mel_kernel<<<grid, warps * kWarp, warps * per_warp * sizeof(float)>>>(a);
    e = cudaGetLastError();
    if (e != cudaSuccess) return fail(e, "mel_kernel launch");
    e = cudaDeviceSynchronize();
    return e == cudaSuccess ? ET_OK : fail(e, "mel_kernel");
}

}  // extern "C"
