package io.emotrace.features;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.jtransforms.fft.FloatFFT_1D;

/**
 * Plain-Java log-mel front-end (backend {@code java}): JTransforms real FFT, precomputed window and sparse
 * filterbank, per-thread scratch buffers reused across calls, optional split of frames over a thread pool.
 *
 * <p>Semantics: with {@code center=false} Kaldi fbank with snip-edges (torchaudio.compliance.kaldi.fbank):
 * per frame dither, DC removal, pre-emphasis (x[0] -= c*x[0]), window, zero-pad, |X|^2, mel, log(max(x, floor)).
 * With {@code center=true} torch.stft semantics: reflect-pad fftSize/2 on both sides, frame t starts at t*hop.
 * {@link MelScale#HTK} uses Kaldi's triangles in mel space over bins below Nyquist; {@link MelScale#SLANEY}
 * uses librosa's triangles in Hz between mel-spaced edges over all bins; slaneyNorm scales each filter by
 * 2 / (right_hz - left_hz). Thread-safe; {@link #close()} stops the pool.
 */
public final class JavaMelExtractor implements FeatureExtractor {
    private static final int MIN_FRAMES_PER_TASK = 64;

    private final MelConfig config;
    private final int threads;
    private final float[] window;
    private final SparseFilterbank filterbank;
    private final ExecutorService pool;
    private final ThreadLocal<Scratch> scratch;

    public JavaMelExtractor(MelConfig config) {
        this(config, 1);
    }

    public JavaMelExtractor(MelConfig config, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1: " + threads);
        }
        this.config = config;
        this.threads = threads;
        this.window = window(config);
        this.filterbank = config.melScale() == MelScale.HTK ? SparseFilterbank.kaldi(config)
                : SparseFilterbank.slaney(config);
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(config.fftSize(), config.frameLength()));
        if (threads > 1) {
            AtomicInteger n = new AtomicInteger();
            this.pool = Executors.newFixedThreadPool(threads - 1, r -> {
                Thread t = new Thread(r, "java-mel-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        } else {
            this.pool = null;
        }
    }

    @Override
    public MelConfig config() {
        return config;
    }

    @Override
    public String backend() {
        return "java";
    }

    public int threads() {
        return threads;
    }

    @Override
    public float[] compute(float[] samples, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, samples.length);
        int frames = config.frameCount(length);
        int bins = config.numBins();
        float[] out = new float[frames * bins];
        int tasks = pool == null ? 1 : Math.min(threads, Math.max(1, frames / MIN_FRAMES_PER_TASK));
        if (tasks <= 1) {
            computeFrames(samples, offset, length, 0, frames, out);
            return out;
        }
        int per = (frames + tasks - 1) / tasks;
        List<Future<?>> pending = new ArrayList<>(tasks - 1);
        for (int t = 1; t < tasks; t++) {
            int from = t * per;
            int to = Math.min(frames, from + per);
            if (from < to) {
                pending.add(pool.submit(() -> computeFrames(samples, offset, length, from, to, out)));
            }
        }
        computeFrames(samples, offset, length, 0, Math.min(frames, per), out);
        for (Future<?> f : pending) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while computing features", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("feature worker failed", e.getCause());
            }
        }
        return out;
    }

    private void computeFrames(float[] x, int offset, int length, int from, int to, float[] out) {
        Scratch s = scratch.get();
        float[] buf = s.frame;
        float[] power = s.power;
        int len = config.frameLength();
        int fft = config.fftSize();
        int shift = config.frameShift();
        int pad = config.center() ? fft / 2 : 0;
        // centred (torch.stft) frames span fftSize samples with the window centred in them; the power
        // spectrum is invariant to circular shifts, so the windowed part can sit at buf[0..len)
        int lead = config.center() ? (fft - len) / 2 : 0;
        float dither = config.dither();
        float coeff = config.preemphasis();
        int bins = config.numBins();
        boolean natural = config.logType() == LogType.NATURAL;
        float floor = config.logFloor();
        for (int f = from; f < to; f++) {
            int start = f * shift - pad + lead;
            if (start >= 0 && start + len <= length) {
                System.arraycopy(x, offset + start, buf, 0, len);
            } else {
                for (int i = 0; i < len; i++) {
                    buf[i] = x[offset + reflect(start + i, length)];
                }
            }
            if (dither > 0f) {
                DitherNoise.fill(config.ditherSeed(), f, s.noise, len);
                for (int i = 0; i < len; i++) {
                    buf[i] += dither * s.noise[i];
                }
            }
            if (config.removeDcOffset()) {
                float sum = 0f;
                for (int i = 0; i < len; i++) {
                    sum += buf[i];
                }
                float mean = sum / len;
                for (int i = 0; i < len; i++) {
                    buf[i] -= mean;
                }
            }
            if (coeff != 0f) {
                for (int i = len - 1; i > 0; i--) {
                    buf[i] -= coeff * buf[i - 1];
                }
                buf[0] -= coeff * buf[0];
            }
            for (int i = 0; i < len; i++) {
                buf[i] *= window[i];
            }
            java.util.Arrays.fill(buf, len, fft, 0f);
            s.fft.realForward(buf);
            // realForward packs Re[0], Re[n/2], then (Re[k], Im[k]) pairs (n even)
            power[0] = buf[0] * buf[0];
            power[fft / 2] = buf[1] * buf[1];
            for (int k = 1; k < fft / 2; k++) {
                float re = buf[2 * k];
                float im = buf[2 * k + 1];
                power[k] = re * re + im * im;
            }
            int base = f * bins;
            for (int m = 0; m < bins; m++) {
                float e = filterbank.apply(m, power);
                e = Math.max(e, floor);
                out[base + m] = (float) (natural ? Math.log(e) : Math.log10(e));
            }
        }
    }

    /** Reflect padding index as torch/numpy "reflect" (edge sample not repeated), periodic for long overhangs. */
    private static int reflect(int i, int n) {
        if (n == 1) {
            return 0;
        }
        int period = 2 * (n - 1);
        int j = Math.floorMod(i, period);
        return j < n ? j : period - j;
    }

    private static float[] window(MelConfig c) {
        int n = c.frameLength();
        float[] w = new float[n];
        double denom = c.periodicWindow() ? n : n - 1;
        for (int i = 0; i < n; i++) {
            double a = denom == 0 ? 0 : 2 * Math.PI * i / denom;
            double v = switch (c.window()) {
                case HANN -> 0.5 - 0.5 * Math.cos(a);
                case POVEY -> Math.pow(0.5 - 0.5 * Math.cos(a), 0.85);
                case HAMMING -> 0.54 - 0.46 * Math.cos(a);
                case RECTANGULAR -> 1.0;
            };
            w[i] = (float) v;
        }
        return w;
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    @Override
    public String toString() {
        return "JavaMelExtractor[" + config + ", threads=" + threads + "]";
    }

    /** Per-thread work buffers; FFT plans are kept per thread too because JTransforms plans are not documented thread-safe. */
    private static final class Scratch {
        final FloatFFT_1D fft;
        final float[] frame;
        final float[] power;
        final float[] noise;

        Scratch(int fftSize, int frameLength) {
            fft = new FloatFFT_1D(fftSize);
            frame = new float[fftSize];
            power = new float[fftSize / 2 + 1];
            noise = new float[frameLength + 1];
        }
    }

    /** Mel filters stored as (first bin, weights) runs: each filter touches only a few FFT bins. */
    static final class SparseFilterbank {
        private final int[] first;
        private final float[][] weights;

        private SparseFilterbank(double[][] dense) {
            first = new int[dense.length];
            weights = new float[dense.length][];
            for (int m = 0; m < dense.length; m++) {
                int lo = 0;
                int hi = dense[m].length - 1;
                while (lo <= hi && dense[m][lo] == 0) {
                    lo++;
                }
                while (hi >= lo && dense[m][hi] == 0) {
                    hi--;
                }
                first[m] = lo;
                weights[m] = new float[Math.max(0, hi - lo + 1)];
                for (int k = lo; k <= hi; k++) {
                    weights[m][k - lo] = (float) dense[m][k];
                }
            }
        }

        float apply(int m, float[] power) {
            float[] w = weights[m];
            int o = first[m];
            float sum = 0f;
            for (int j = 0; j < w.length; j++) {
                sum += w[j] * power[o + j];
            }
            return sum;
        }

        /** Kaldi: triangles linear in HTK mel over the fftSize/2 bins below Nyquist. */
        static SparseFilterbank kaldi(MelConfig c) {
            int bins = c.numBins();
            int half = c.fftSize() / 2;
            double binHz = (double) c.sampleRate() / c.fftSize();
            double melLow = htkMel(c.lowFreq());
            double melHigh = htkMel(c.effectiveHighFreq());
            double delta = (melHigh - melLow) / (bins + 1);
            double[][] dense = new double[bins][half + 1];
            for (int m = 0; m < bins; m++) {
                double left = melLow + m * delta;
                double centre = left + delta;
                double right = centre + delta;
                for (int k = 0; k < half; k++) {
                    double mel = htkMel(binHz * k);
                    if (mel > left && mel < right) {
                        dense[m][k] = mel <= centre ? (mel - left) / (centre - left) : (right - mel) / (right - centre);
                    }
                }
                if (c.slaneyNorm()) {
                    double width = htkHz(right) - htkHz(left);
                    for (int k = 0; k < half; k++) {
                        dense[m][k] *= 2.0 / width;
                    }
                }
            }
            return new SparseFilterbank(dense);
        }

        /** librosa.filters.mel(htk=False): triangles linear in Hz between Slaney-mel-spaced edges. */
        static SparseFilterbank slaney(MelConfig c) {
            int bins = c.numBins();
            int nfreq = c.fftSize() / 2 + 1;
            double lo = slaneyMel(c.lowFreq());
            double hi = slaneyMel(c.effectiveHighFreq());
            double[] edgeHz = new double[bins + 2];
            for (int i = 0; i < bins + 2; i++) {
                edgeHz[i] = slaneyHz(lo + (hi - lo) * i / (bins + 1));
            }
            double[][] dense = new double[bins][nfreq];
            for (int m = 0; m < bins; m++) {
                double lowerWidth = edgeHz[m + 1] - edgeHz[m];
                double upperWidth = edgeHz[m + 2] - edgeHz[m + 1];
                double norm = c.slaneyNorm() ? 2.0 / (edgeHz[m + 2] - edgeHz[m]) : 1.0;
                for (int k = 0; k < nfreq; k++) {
                    double hz = (double) k * c.sampleRate() / c.fftSize();
                    double rising = (hz - edgeHz[m]) / lowerWidth;
                    double falling = (edgeHz[m + 2] - hz) / upperWidth;
                    dense[m][k] = Math.max(0.0, Math.min(rising, falling)) * norm;
                }
            }
            return new SparseFilterbank(dense);
        }

        static double htkMel(double hz) {
            return 1127.0 * Math.log(1.0 + hz / 700.0);
        }

        static double htkHz(double mel) {
            return 700.0 * (Math.exp(mel / 1127.0) - 1.0);
        }

        private static final double SLANEY_LIN_STEP = 200.0 / 3.0;
        private static final double SLANEY_BREAK_HZ = 1000.0;
        private static final double SLANEY_BREAK_MEL = SLANEY_BREAK_HZ / SLANEY_LIN_STEP;
        private static final double SLANEY_LOG_STEP = Math.log(6.4) / 27.0;

        static double slaneyMel(double hz) {
            return hz < SLANEY_BREAK_HZ ? hz / SLANEY_LIN_STEP
                    : SLANEY_BREAK_MEL + Math.log(hz / SLANEY_BREAK_HZ) / SLANEY_LOG_STEP;
        }

        static double slaneyHz(double mel) {
            return mel < SLANEY_BREAK_MEL ? mel * SLANEY_LIN_STEP
                    : SLANEY_BREAK_HZ * Math.exp(SLANEY_LOG_STEP * (mel - SLANEY_BREAK_MEL));
        }
    }
}
