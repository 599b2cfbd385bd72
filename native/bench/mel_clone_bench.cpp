// Standalone timing of the CPU kernel clones (no JVM): thread CPU time per clone on real 16-bit speech, best of
// several passes, clones taking turns pass by pass so a loaded machine hurts them alike, plus max |diff| vs the
// first clone. Build + run: native/bench/run-mel-clone-bench.sh [WAV...]
#include "emotrace_mel.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>
#include <vector>

static std::vector<float> read_wav16(const char* path) {
    std::vector<float> out;
    FILE* f = std::fopen(path, "rb");
    if (!f) return out;
    std::vector<unsigned char> b;
    unsigned char buf[65536];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) b.insert(b.end(), buf, buf + n);
    std::fclose(f);
    size_t p = 12;
    while (p + 8 <= b.size()) {
        uint32_t len = b[p + 4] | b[p + 5] << 8 | b[p + 6] << 16 | (uint32_t)b[p + 7] << 24;
        if (std::memcmp(&b[p], "data", 4) == 0) {
            for (size_t i = p + 8; i + 1 < std::min(b.size(), p + 8 + len); i += 2)
                out.push_back((int16_t)(b[i] | b[i + 1] << 8) / 32768.0f);
            break;
        }
        p += 8 + len + (len & 1);
    }
    return out;
}

static double cpu_now() {
    timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

int main(int argc, char** argv) {
    std::vector<float> speech;
    for (int i = 1; i < argc; ++i) {
        auto w = read_wav16(argv[i]);
        speech.insert(speech.end(), w.begin(), w.end());
    }
    if (speech.empty()) { std::fprintf(stderr, "no speech read\n"); return 1; }
    const double seconds = std::getenv("SECONDS_AUDIO") ? std::atof(std::getenv("SECONDS_AUDIO")) : 600;
    const int reps = std::getenv("REPS") ? std::atoi(std::getenv("REPS")) : 5;
    const bool whisper = std::getenv("WHISPER") != nullptr;
    std::vector<float> audio(static_cast<size_t>(seconds * 16000));
    for (size_t i = 0; i < audio.size(); ++i) audio[i] = speech[i % speech.size()];
    EtMelConfig c{};
    if (!whisper) {
        c = EtMelConfig{16000, 400, 160, 512, 80, ET_WINDOW_POVEY, 0, 0.97f, 0.f, 0, 1, 20.f, 0.f, ET_MEL_HTK, 0, 0,
                        ET_LOG_NATURAL, 1.1920929e-7f};
    } else {
        c = EtMelConfig{16000, 400, 160, 400, 80, ET_WINDOW_HANN, 1, 0.f, 0.f, 0, 0, 0.f, 8000.f, ET_MEL_SLANEY, 1, 1,
                        ET_LOG_LOG10, 1e-10f};
    }
    char err[256];
    EtMelPlan* plan = et_mel_plan_create(&c, err, sizeof err);
    if (!plan) { std::fprintf(stderr, "plan: %s\n", err); return 1; }
    const int64_t frames = et_mel_frame_count(plan, (int64_t)audio.size());
    const int nb = et_mel_num_bins(plan);
    const int nc = et_mel_cpu_clone_count();
    std::vector<std::vector<float>> outs(nc, std::vector<float>(frames * nb));
    std::vector<double> best(nc, 1e30);
    const int64_t chunk = 60 * 16000;  // 60 s calls, as bench features
    for (int r = 0; r <= reps; ++r)
        for (int i = 0; i < nc; ++i) {
            if (!et_mel_cpu_clone_supported(i)) continue;
            et_mel_cpu_select(et_mel_cpu_clone_name(i));
            const double t0 = cpu_now();
            int64_t fo = 0;
            for (int64_t s = 0; s < (int64_t)audio.size(); s += chunk) {
                const int64_t n = std::min<int64_t>(chunk, audio.size() - s);
                et_mel_compute(plan, audio.data() + s, n, outs[i].data() + fo * nb, 1);
                fo += et_mel_frame_count(plan, n);
            }
            const double t = cpu_now() - t0;
            if (r > 0) best[i] = std::min(best[i], t);
        }
    std::printf("%s, %.0f s audio, %lld frames, best of %d (thread CPU time)\n", whisper ? "whisper" : "kaldi",
                seconds, (long long)frames, reps);
    for (int i = 0; i < nc; ++i) {
        if (!et_mel_cpu_clone_supported(i)) continue;
        double d = 0;
        for (size_t k = 0; k < outs[i].size(); ++k) d = std::max(d, (double)std::fabs(outs[i][k] - outs[0][k]));
        std::printf("%-7s %2d lanes  %7.4f s  %8.0f x RT  %6.1f ns/frame  max|diff| vs %s %.3g%s\n",
                    et_mel_cpu_clone_name(i), et_mel_cpu_clone_lanes(i), best[i], seconds / best[i],
                    best[i] / frames * 1e9, et_mel_cpu_clone_name(0), d,
                    outs[i] == outs[0] ? " (bit-identical)" : "");
    }
    et_mel_plan_destroy(plan);
    return 0;
}
