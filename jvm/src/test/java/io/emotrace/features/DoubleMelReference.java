package io.emotrace.features;

/**
 * Straightforward double-precision log-mel, written from the Kaldi and librosa/Whisper definitions with a
 * naive DFT and no shared code with the kernels, so it can judge them. Slow by design; tests only.
 */
final class DoubleMelReference {
    private DoubleMelReference() {
    }

    static double[][] compute(MelConfig c, float[] x) {
        int frames = c.frameCount(x.length);
        double[][] mel = melMatrix(c);
        double[] win = window(c);
        int nfft = c.fftSize();
        double[][] out = new double[frames][];
        for (int f = 0; f < frames; f++) {
            double[] frame = new double[c.frameLength()];
            long start = c.center()
                    ? (long) f * c.frameShift() - nfft / 2 + (nfft - c.frameLength()) / 2
                    : (long) f * c.frameShift();
            for (int i = 0; i < frame.length; i++) {
                frame[i] = x.length == 0 ? 0 : x[reflect(start + i, x.length)];
            }
            if (c.removeDcOffset()) {
                double mean = 0;
                for (double v : frame) {
                    mean += v;
                }
                mean /= frame.length;
                for (int i = 0; i < frame.length; i++) {
                    frame[i] -= mean;
                }
            }
            double pre = c.preemphasis();
            if (pre != 0) {
                for (int i = frame.length - 1; i > 0; i--) {
                    frame[i] -= pre * frame[i - 1];
                }
                frame[0] -= pre * frame[0];
            }
            double[] padded = new double[nfft];
            for (int i = 0; i < frame.length; i++) {
                padded[i] = frame[i] * win[i];
            }
            double[] power = powerDft(padded);
            out[f] = new double[c.numBins()];
            for (int m = 0; m < c.numBins(); m++) {
                double e = 0;
                for (int k = 0; k < power.length; k++) {
                    e += mel[m][k] * power[k];
                }
                double v = Math.max(e, c.logFloor());
                out[f][m] = c.logType() == LogType.NATURAL ? Math.log(v) : Math.log10(v);
            }
        }
        return out;
    }

    /** |DFT|^2 for k = 0..N/2 by the definition. */
    static double[] powerDft(double[] x) {
        int n = x.length;
        double[] cos = new double[n];
        double[] sin = new double[n];
        for (int i = 0; i < n; i++) {
            cos[i] = Math.cos(2 * Math.PI * i / n);
            sin[i] = Math.sin(2 * Math.PI * i / n);
        }
        double[] p = new double[n / 2 + 1];
        for (int k = 0; k <= n / 2; k++) {
            double re = 0;
            double im = 0;
            for (int i = 0; i < n; i++) {
                if (x[i] != 0) {
                    int idx = (int) ((long) k * i % n);
                    re += x[i] * cos[idx];
                    im -= x[i] * sin[idx];
                }
            }
            p[k] = re * re + im * im;
        }
        return p;
    }

    static int reflect(long i, int n) {
        if (n == 1) {
            return 0;
        }
        long period = 2L * (n - 1);
        long r = Math.floorMod(i, period);
        return (int) (r < n ? r : period - r);
    }

    static double[] window(MelConfig c) {
        int n = c.frameLength();
        double denom = c.periodicWindow() ? n : n - 1;
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            double hann = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / denom);
            w[i] = switch (c.window()) {
                case POVEY -> Math.pow(hann, 0.85);
                case HANN -> hann;
                case HAMMING -> 0.54 - 0.46 * Math.cos(2 * Math.PI * i / denom);
                case RECTANGULAR -> 1.0;
            };
        }
        return w;
    }

    /** [numBins][fft/2+1]: Kaldi triangles (in mel) for HTK, librosa triangles (in Hz) for SLANEY. */
    static double[][] melMatrix(MelConfig c) {
        int nfreq = c.fftSize() / 2 + 1;
        double binHz = (double) c.sampleRate() / c.fftSize();
        double low = c.lowFreq();
        double high = c.effectiveHighFreq();
        double[][] w = new double[c.numBins()][nfreq];
        if (c.melScale() == MelScale.HTK) {
            double ml = kaldiMel(low);
            double step = (kaldiMel(high) - ml) / (c.numBins() + 1);
            for (int m = 0; m < c.numBins(); m++) {
                double left = ml + m * step;
                double center = left + step;
                double right = center + step;
                for (int k = 0; k < c.fftSize() / 2; k++) { // Kaldi uses the first N/2 bins
                    double mk = kaldiMel(k * binHz);
                    if (mk > left && mk < right) {
                        w[m][k] = mk <= center ? (mk - left) / (center - left) : (right - mk) / (right - center);
                    }
                }
                if (c.slaneyNorm()) {
                    double area = 2 / (kaldiHz(right) - kaldiHz(left));
                    for (int k = 0; k < nfreq; k++) {
                        w[m][k] *= area;
                    }
                }
            }
        } else {
            int points = c.numBins() + 2;
            double mlo = slaneyMel(low);
            double mhi = slaneyMel(high);
            double[] hz = new double[points];
            for (int i = 0; i < points; i++) {
                hz[i] = slaneyHz(mlo + (mhi - mlo) * i / (points - 1));
            }
            for (int m = 0; m < c.numBins(); m++) {
                for (int k = 0; k < nfreq; k++) {
                    double f = k * binHz;
                    double lower = (f - hz[m]) / (hz[m + 1] - hz[m]);
                    double upper = (hz[m + 2] - f) / (hz[m + 2] - hz[m + 1]);
                    w[m][k] = Math.max(0, Math.min(lower, upper));
                    if (c.slaneyNorm()) {
                        w[m][k] *= 2 / (hz[m + 2] - hz[m]);
                    }
                }
            }
        }
        return w;
    }

    static double kaldiMel(double f) {
        return 1127 * Math.log(1 + f / 700);
    }

    static double kaldiHz(double m) {
        return 700 * (Math.exp(m / 1127) - 1);
    }

    static double slaneyMel(double f) {
        return f < 1000 ? 3 * f / 200 : 15 + 27 * Math.log(f / 1000) / Math.log(6.4);
    }

    static double slaneyHz(double m) {
        return m < 15 ? 200 * m / 3 : 1000 * Math.exp((m - 15) * Math.log(6.4) / 27);
    }
}
