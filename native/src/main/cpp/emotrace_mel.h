// Fused log-mel feature kernels (CPU and CUDA): public C API used by the JavaCPP binding.
// One plan per MelConfig; a plan is immutable after creation and safe to share between threads.
#ifndef EMOTRACE_MEL_H
#define EMOTRACE_MEL_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum { ET_WINDOW_POVEY = 0, ET_WINDOW_HANN = 1, ET_WINDOW_HAMMING = 2, ET_WINDOW_RECTANGULAR = 3 };
enum { ET_MEL_HTK = 0, ET_MEL_SLANEY = 1 };
enum { ET_LOG_NATURAL = 0, ET_LOG_LOG10 = 1 };

// Error codes returned by the compute functions (0 = ok).
enum { ET_OK = 0, ET_ERR_ARG = -1, ET_ERR_CUDA = -2, ET_ERR_NO_CUDA = -3, ET_ERR_ALLOC = -4 };

// Mirrors io.emotrace.features.MelConfig field by field.
typedef struct EtMelConfig {
    int32_t sample_rate;
    int32_t frame_length;
    int32_t frame_shift;
    int32_t fft_size;        // 2^a 3^b 5^c, >= frame_length
    int32_t num_bins;
    int32_t window;          // ET_WINDOW_*
    int32_t periodic_window;
    float preemphasis;       // 0 disables
    float dither;            // 0 disables
    int64_t dither_seed;
    int32_t remove_dc_offset;
    float low_freq;
    float high_freq;         // <= 0: nyquist + high_freq (Kaldi)
    int32_t mel_scale;       // ET_MEL_*
    int32_t slaney_norm;
    int32_t center;          // torch.stft center=True: reflect pad fft_size/2
    int32_t log_type;        // ET_LOG_*
    float log_floor;
} EtMelConfig;

typedef struct EtMelPlan EtMelPlan;

// Returns NULL on an invalid config and writes a reason into err (if err_len > 0).
EtMelPlan* et_mel_plan_create(const EtMelConfig* config, char* err, int32_t err_len);
void et_mel_plan_destroy(EtMelPlan* plan);
int64_t et_mel_frame_count(const EtMelPlan* plan, int64_t num_samples);
int32_t et_mel_num_bins(const EtMelPlan* plan);

// CPU: out holds frame_count(n) * num_bins floats. threads <= 0 means all hardware threads.
int32_t et_mel_compute(const EtMelPlan* plan, const float* samples, int64_t n, float* out, int32_t threads);

// CPU batch: signal s is samples[offsets[s], offsets[s+1]). out_frame_offsets (num_signals + 1 entries) receives
// the first output frame of every signal; out holds out_frame_offsets[num_signals] * num_bins floats.
int32_t et_mel_compute_batch(const EtMelPlan* plan, const float* samples, const int64_t* offsets,
                             int32_t num_signals, float* out, int64_t* out_frame_offsets, int32_t threads);

// Frames of a batch (sum over signals), so a caller can size the output before computing.
int64_t et_mel_batch_frame_count(const EtMelPlan* plan, const int64_t* offsets, int32_t num_signals);

// Double-precision-free twiddle-free check helpers for tests: real FFT power spectrum of one frame
// (fft_size/2 + 1 values) computed with the plan's FFT, so the FFT alone can be checked against a naive DFT.
int32_t et_mel_power_spectrum(const EtMelPlan* plan, const float* frame, float* power_out);

// ---------------------------------------------------------------- CPU kernel clones
// The CPU kernel is compiled once per ISA ("clone"), each with one vector register of lanes (frames) per block:
// "avx512" (x86-64-v4, 16 lanes), "avx2" (x86-64-v3, AVX2+FMA, 8 lanes), "sse2" (x86-64 baseline, 4 lanes).
// The best clone the CPU runs is chosen at the first call, unless EMOTRACE_MEL_ISA (a clone name or "auto")
// names another one the CPU runs. All clones give bit-identical features (no FMA contraction anywhere).
// ISA level of the selected clone, e.g. "x86-64-v3 (avx2+fma)".
const char* et_mel_cpu_isa(void);
// Name of the selected clone ("avx512", "avx2", "sse2") and its lanes (frames per block).
const char* et_mel_cpu_clone(void);
int32_t et_mel_cpu_lanes(void);
// Selects a clone for all later CPU computes of this process (NULL, "" or "auto": the best one the CPU runs).
// ET_ERR_ARG when the clone is unknown, not compiled in or not runnable on this CPU (selection unchanged).
int32_t et_mel_cpu_select(const char* name);
// Compiled clones, best first: name, lanes, and whether this CPU runs it (1) or not (0).
int32_t et_mel_cpu_clone_count(void);
const char* et_mel_cpu_clone_name(int32_t index);
int32_t et_mel_cpu_clone_lanes(int32_t index);
int32_t et_mel_cpu_clone_supported(int32_t index);

// ---------------------------------------------------------------- CUDA
// Device count, 0 when there is no driver/device or the library was built without CUDA; reason receives why.
int32_t et_cuda_device_count(char* reason, int32_t reason_len);
// Name, memory and compute capability of a device; returns an error code.
int32_t et_cuda_device_info(int32_t device, char* name, int32_t name_len, int64_t* total_mem, int32_t* cc_major,
                            int32_t* cc_minor);
// Whether this library was compiled with nvcc (1) or with the fallback (0).
int32_t et_cuda_built(void);
const char* et_cuda_last_error(void);

// Device buffers (device pointers travel as int64 so they can reach from_blob / IO binding untouched).
int32_t et_cuda_malloc(int32_t device, int64_t bytes, int64_t* device_ptr);
int32_t et_cuda_free(int32_t device, int64_t device_ptr);
int32_t et_cuda_copy_h2d(int32_t device, int64_t dst_device_ptr, const void* src, int64_t bytes);
int32_t et_cuda_copy_d2h(int32_t device, void* dst, int64_t src_device_ptr, int64_t bytes);
int32_t et_cuda_synchronize(int32_t device);

// Batched fused kernel on device buffers: samples/offsets/out/out_frame_offsets are device pointers except
// host_offsets (num_signals+1 host values, used to size the launch). Output frames are packed per signal in
// order, exactly as et_mel_compute_batch. Runs on the default stream and synchronises before returning.
int32_t et_cuda_mel_compute_batch(const EtMelPlan* plan, int32_t device, int64_t samples_dev,
                                  const int64_t* host_offsets, int32_t num_signals, int64_t out_dev);

#ifdef __cplusplus
}
#endif
#endif
