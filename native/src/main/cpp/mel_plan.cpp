// Plan construction: window, mixed-radix FFT twiddles and sparse mel filterbank (Kaldi and librosa/Whisper).
#include "mel_plan.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <new>

namespace {

void set_err(char* err, int32_t len, const char* msg) {
    if (err != nullptr && len > 0) {
        std::snprintf(err, static_cast<size_t>(len), "%s", msg);
    }
}

bool factorize(int n, std::vector<int>& radices) {
    // Radix 4 first (fewest passes), then the rest; order only changes rounding, not results.
    while (n % 4 == 0) { radices.push_back(4); n /= 4; }
    while (n % 2 == 0) { radices.push_back(2); n /= 2; }
    while (n % 3 == 0) { radices.push_back(3); n /= 3; }
    while (n % 5 == 0) { radices.push_back(5); n /= 5; }
    return n == 1;
}

double mel_htk(double f) { return 1127.0 * std::log(1.0 + f / 700.0); }

// librosa slaney scale: linear below 1 kHz, logarithmic above.
const double kSlaneyLogStep = std::log(6.4) / 27.0;
double mel_slaney(double f) { return f < 1000.0 ? f * 3.0 / 200.0 : 15.0 + std::log(f / 1000.0) / kSlaneyLogStep; }
double hz_slaney(double m) { return m < 15.0 ? m * 200.0 / 3.0 : 1000.0 * std::exp(kSlaneyLogStep * (m - 15.0)); }
double hz_htk(double m) { return 700.0 * (std::exp(m / 1127.0) - 1.0); }

void build_window(EtMelPlan& p) {
    const int n = p.cfg.frame_length;
    p.window.resize(n);
    const double denom = p.cfg.periodic_window ? n : (n > 1 ? n - 1 : 1);
    for (int i = 0; i < n; ++i) {
        const double a = 2.0 * M_PI * i / denom;
        double w = 1.0;
        switch (p.cfg.window) {
            case ET_WINDOW_POVEY: w = std::pow(0.5 - 0.5 * std::cos(a), 0.85); break;
            case ET_WINDOW_HANN: w = 0.5 - 0.5 * std::cos(a); break;
            case ET_WINDOW_HAMMING: w = 0.54 - 0.46 * std::cos(a); break;
            default: w = 1.0; break;
        }
        p.window[i] = static_cast<float>(w);
    }
}

void build_fft(EtMelPlan& p) {
    std::vector<int> radices;
    factorize(p.complex_size, radices);
    int span = 1;
    for (int r : radices) {
        emotrace::FftStage st{r, span, static_cast<int>(p.tw_re.size())};
        for (int k = 0; k < span; ++k) {
            for (int q = 1; q < r; ++q) {
                const double a = -2.0 * M_PI * q * k / (static_cast<double>(span) * r);
                p.tw_re.push_back(static_cast<float>(std::cos(a)));
                p.tw_im.push_back(static_cast<float>(std::sin(a)));
            }
        }
        p.stages.push_back(st);
        span *= r;
    }
    if (p.real_trick) {
        for (int k = 0; k <= p.fft_size / 2; ++k) {
            const double a = -2.0 * M_PI * k / p.fft_size;
            p.post_re.push_back(static_cast<float>(std::cos(a)));
            p.post_im.push_back(static_cast<float>(std::sin(a)));
        }
    }
}

// Kaldi (HTK scale): triangles linear in mel between equally spaced mel points.
// Slaney (librosa/Whisper): triangles linear in Hz between mel-spaced points.
void build_filters(EtMelPlan& p, double low, double high) {
    const int nb = p.cfg.num_bins;
    const int nf = p.num_freqs;
    const double bin_hz = static_cast<double>(p.cfg.sample_rate) / p.fft_size;
    std::vector<double> w(nf);
    const bool htk = p.cfg.mel_scale == ET_MEL_HTK;
    const double mlow = htk ? mel_htk(low) : mel_slaney(low);
    const double mhigh = htk ? mel_htk(high) : mel_slaney(high);
    const double delta = (mhigh - mlow) / (nb + 1);
    for (int m = 0; m < nb; ++m) {
        const double ml = mlow + m * delta, mc = mlow + (m + 1) * delta, mr = mlow + (m + 2) * delta;
        double fl, fc, fr;
        if (htk) {
            fl = hz_htk(ml); fc = hz_htk(mc); fr = hz_htk(mr);
        } else {
            fl = hz_slaney(ml); fc = hz_slaney(mc); fr = hz_slaney(mr);
        }
        for (int k = 0; k < nf; ++k) {
            const double f = k * bin_hz;
            double v = 0.0;
            if (htk) {
                const double mk = mel_htk(f);
                if (mk > ml && mk < mr) v = mk <= mc ? (mk - ml) / (mc - ml) : (mr - mk) / (mr - mc);
            } else {
                v = std::max(0.0, std::min((f - fl) / (fc - fl), (fr - f) / (fr - fc)));
            }
            if (p.cfg.slaney_norm) v *= 2.0 / (fr - fl);
            w[k] = v;
        }
        int first = 0;
        while (first < nf && w[first] == 0.0) ++first;
        int last = nf - 1;
        while (last >= first && w[last] == 0.0) --last;
        emotrace::MelFilter f{first, std::max(0, last - first + 1), static_cast<int>(p.weights.size())};
        for (int k = first; k <= last; ++k) p.weights.push_back(static_cast<float>(w[k]));
        if (f.num_bins == 0) f.first_bin = 0;
        p.filters.push_back(f);
    }
}

}  // namespace

namespace emotrace {

static inline uint64_t mix(uint64_t z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

// Same definition as io.emotrace.features.DitherNoise (SplitMix64 finaliser feeding Box-Muller; samples 2p and
// 2p+1 are the cosine and sine of pair p), so every backend adds the same noise.
float dither_normal(int64_t seed, int64_t frame, int sample) {
    const uint64_t golden = 0x9E3779B97F4A7C15ULL;
    const uint64_t base = mix(static_cast<uint64_t>(seed) ^ mix(static_cast<uint64_t>(frame) * golden + 1));
    const uint64_t r = mix(base + static_cast<uint64_t>(sample >> 1) * golden);
    const double u1 = static_cast<double>((r >> 38) + 1) / static_cast<double>(1ULL << 26);
    const double u2 = (static_cast<double>((r >> 12) & ((1ULL << 26) - 1)) + 0.5) / static_cast<double>(1ULL << 26);
    const double radius = std::sqrt(-2.0 * std::log(u1));
    const double angle = 2.0 * M_PI * u2;
    return static_cast<float>((sample & 1) ? radius * std::sin(angle) : radius * std::cos(angle));
}

int64_t frame_offsets(const EtMelPlan& p, const int64_t* offsets, int32_t num_signals, int64_t* out) {
    int64_t total = 0;
    if (out != nullptr) out[0] = 0;
    for (int32_t s = 0; s < num_signals; ++s) {
        const int64_t n = offsets[s + 1] - offsets[s];
        if (n < 0) return -1;
        total += et_mel_frame_count(&p, n);
        if (out != nullptr) out[s + 1] = total;
    }
    return total;
}

}  // namespace emotrace

extern "C" EtMelPlan* et_mel_plan_create(const EtMelConfig* c, char* err, int32_t err_len) {
    if (c == nullptr) { set_err(err, err_len, "null config"); return nullptr; }
    if (c->sample_rate <= 0 || c->frame_length <= 0 || c->frame_shift <= 0 || c->num_bins <= 0) {
        set_err(err, err_len, "sample_rate, frame_length, frame_shift and num_bins must be positive");
        return nullptr;
    }
    if (c->fft_size < c->frame_length || c->fft_size > (1 << 16)) {
        set_err(err, err_len, "fft_size must be in [frame_length, 65536]");
        return nullptr;
    }
    std::vector<int> tmp;
    if (!factorize(c->fft_size, tmp)) { set_err(err, err_len, "fft_size must factor into 2, 3 and 5"); return nullptr; }
    if (c->window < 0 || c->window > 3 || c->mel_scale < 0 || c->mel_scale > 1 || c->log_type < 0 || c->log_type > 1) {
        set_err(err, err_len, "unknown window, mel scale or log type");
        return nullptr;
    }
    const double nyquist = c->sample_rate / 2.0;
    const double low = c->low_freq;
    const double high = c->high_freq > 0 ? c->high_freq : nyquist + c->high_freq;
    if (!(low >= 0 && low < high && high <= nyquist)) {
        set_err(err, err_len, "need 0 <= low_freq < high_freq <= nyquist (negative high_freq is nyquist + high_freq)");
        return nullptr;
    }
    EtMelPlan* p = new (std::nothrow) EtMelPlan();
    if (p == nullptr) { set_err(err, err_len, "out of memory"); return nullptr; }
    p->cfg = *c;
    p->fft_size = c->fft_size;
    p->real_trick = c->fft_size % 2 == 0;
    p->complex_size = p->real_trick ? c->fft_size / 2 : c->fft_size;
    p->num_freqs = c->fft_size / 2 + 1;
    p->window_offset_center = (c->fft_size - c->frame_length) / 2;
    p->log_floor = std::max(c->log_floor, 1.17549435e-38f);
    p->log_scale = c->log_type == ET_LOG_LOG10 ? static_cast<float>(1.0 / std::log(10.0)) : 1.0f;
    build_window(*p);
    build_fft(*p);
    build_filters(*p, low, high);
    return p;
}

extern "C" void et_mel_plan_destroy(EtMelPlan* plan) {
    if (plan == nullptr) return;
    emotrace::destroy_cuda_cache(plan);
    delete plan;
}

extern "C" int64_t et_mel_frame_count(const EtMelPlan* p, int64_t n) {
    if (p == nullptr || n < 0) return 0;
    if (p->cfg.center) return n / p->cfg.frame_shift + 1;
    return n < p->cfg.frame_length ? 0 : (n - p->cfg.frame_length) / p->cfg.frame_shift + 1;
}

extern "C" int32_t et_mel_num_bins(const EtMelPlan* p) { return p == nullptr ? 0 : p->cfg.num_bins; }

extern "C" int64_t et_mel_batch_frame_count(const EtMelPlan* p, const int64_t* offsets, int32_t num_signals) {
    if (p == nullptr || offsets == nullptr || num_signals < 0) return -1;
    return emotrace::frame_offsets(*p, offsets, num_signals, nullptr);
}
