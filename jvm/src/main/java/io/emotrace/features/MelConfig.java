package io.emotrace.features;

import java.util.Objects;

/**
 * Immutable description of a log-mel front-end. Every backend (native CPU, CUDA, plain Java, LibTorch
 * reference) computes exactly this, so any two can be compared frame by frame.
 */
public final class MelConfig {
    private final int sampleRate;
    private final int frameLength;      // samples per frame (window length)
    private final int frameShift;       // hop in samples
    private final int fftSize;          // >= frameLength; sizes 2^a 3^b 5^c
    private final int numBins;
    private final WindowType window;
    private final boolean periodicWindow;
    private final float preemphasis;    // 0 disables
    private final float dither;         // 0 disables; Gaussian, deterministic per seed
    private final long ditherSeed;
    private final boolean removeDcOffset;
    private final float lowFreq;
    private final float highFreq;       // <= 0 means nyquist + highFreq (Kaldi convention)
    private final MelScale melScale;
    private final boolean slaneyNorm;   // area-normalised filters (librosa norm='slaney')
    private final boolean center;       // pad frameLength/2 reflect on both sides (torch.stft center=True)
    private final LogType logType;
    private final float logFloor;

    private MelConfig(Builder b) {
        this.sampleRate = b.sampleRate;
        this.frameLength = b.frameLength;
        this.frameShift = b.frameShift;
        this.fftSize = b.fftSize > 0 ? b.fftSize : nextPow2(b.frameLength);
        this.numBins = b.numBins;
        this.window = b.window;
        this.periodicWindow = b.periodicWindow;
        this.preemphasis = b.preemphasis;
        this.dither = b.dither;
        this.ditherSeed = b.ditherSeed;
        this.removeDcOffset = b.removeDcOffset;
        this.lowFreq = b.lowFreq;
        this.highFreq = b.highFreq;
        this.melScale = b.melScale;
        this.slaneyNorm = b.slaneyNorm;
        this.center = b.center;
        this.logType = b.logType;
        this.logFloor = b.logFloor;
        if (sampleRate <= 0 || frameLength <= 0 || frameShift <= 0 || numBins <= 0) {
            throw new IllegalArgumentException("sampleRate, frameLength, frameShift and numBins must be positive");
        }
        if (fftSize < frameLength) {
            throw new IllegalArgumentException("fftSize " + fftSize + " < frameLength " + frameLength);
        }
        if (!isSmooth(fftSize)) {
            throw new IllegalArgumentException("fftSize must factor into 2, 3 and 5: " + fftSize);
        }
    }

    /** Kaldi-compatible 80-bin fbank: 25 ms / 10 ms, povey window, pre-emphasis 0.97, DC removal, ln. */
    public static MelConfig kaldiFbank80() {
        return builder().build();
    }

    /** Whisper log-mel: n_fft 400, hop 160, periodic hann, centred, slaney mel with slaney norm, log10. */
    public static MelConfig whisper80() {
        return builder().frameLength(400).frameShift(160).fftSize(400).window(WindowType.HANN).periodicWindow(true)
                .preemphasis(0f).removeDcOffset(false).lowFreq(0f).highFreq(8000f).melScale(MelScale.SLANEY)
                .slaneyNorm(true).center(true).logType(LogType.LOG10).logFloor(1e-10f).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.sampleRate = sampleRate; b.frameLength = frameLength; b.frameShift = frameShift; b.fftSize = fftSize;
        b.numBins = numBins; b.window = window; b.periodicWindow = periodicWindow; b.preemphasis = preemphasis;
        b.dither = dither; b.ditherSeed = ditherSeed; b.removeDcOffset = removeDcOffset; b.lowFreq = lowFreq;
        b.highFreq = highFreq; b.melScale = melScale; b.slaneyNorm = slaneyNorm; b.center = center;
        b.logType = logType; b.logFloor = logFloor;
        return b;
    }

    /** Frames produced for a signal of n samples (Kaldi snip-edges, or torch.stft centred). */
    public int frameCount(long n) {
        if (center) {
            return (int) (n / frameShift + 1);
        }
        return n < frameLength ? 0 : (int) ((n - frameLength) / frameShift + 1);
    }

    /** Upper edge of the filterbank in Hz after applying the Kaldi negative-offset convention. */
    public float effectiveHighFreq() {
        return highFreq > 0 ? highFreq : sampleRate / 2f + highFreq;
    }

    private static int nextPow2(int n) {
        int p = 1;
        while (p < n) {
            p <<= 1;
        }
        return p;
    }

    private static boolean isSmooth(int n) {
        for (int f : new int[] {2, 3, 5}) {
            while (n % f == 0) {
                n /= f;
            }
        }
        return n == 1;
    }

    public int sampleRate() { return sampleRate; }
    public int frameLength() { return frameLength; }
    public int frameShift() { return frameShift; }
    public int fftSize() { return fftSize; }
    public int numBins() { return numBins; }
    public WindowType window() { return window; }
    public boolean periodicWindow() { return periodicWindow; }
    public float preemphasis() { return preemphasis; }
    public float dither() { return dither; }
    public long ditherSeed() { return ditherSeed; }
    public boolean removeDcOffset() { return removeDcOffset; }
    public float lowFreq() { return lowFreq; }
    public float highFreq() { return highFreq; }
    public MelScale melScale() { return melScale; }
    public boolean slaneyNorm() { return slaneyNorm; }
    public boolean center() { return center; }
    public LogType logType() { return logType; }
    public float logFloor() { return logFloor; }

    @Override
    public boolean equals(Object o) {
        return o instanceof MelConfig m && toString().equals(m.toString());
    }

    @Override
    public int hashCode() {
        return Objects.hash(toString());
    }

    @Override
    public String toString() {
        return "MelConfig[sr=" + sampleRate + ", frame=" + frameLength + ", shift=" + frameShift + ", fft=" + fftSize
                + ", bins=" + numBins + ", window=" + window + (periodicWindow ? "(periodic)" : "")
                + ", preemph=" + preemphasis + ", dither=" + dither + "@" + ditherSeed + ", dc=" + removeDcOffset
                + ", freq=" + lowFreq + ".." + highFreq + ", mel=" + melScale + (slaneyNorm ? "+norm" : "")
                + ", center=" + center + ", log=" + logType + ", floor=" + logFloor + "]";
    }

    public static final class Builder {
        private int sampleRate = 16_000;
        private int frameLength = 400;
        private int frameShift = 160;
        private int fftSize = 0;
        private int numBins = 80;
        private WindowType window = WindowType.POVEY;
        private boolean periodicWindow = false;
        private float preemphasis = 0.97f;
        private float dither = 0f;
        private long ditherSeed = 0L;
        private boolean removeDcOffset = true;
        private float lowFreq = 20f;
        private float highFreq = 0f;
        private MelScale melScale = MelScale.HTK;
        private boolean slaneyNorm = false;
        private boolean center = false;
        private LogType logType = LogType.NATURAL;
        private float logFloor = 1.1920929e-7f; // FLT_EPSILON, Kaldi's floor

        public Builder sampleRate(int v) { sampleRate = v; return this; }
        public Builder frameLength(int v) { frameLength = v; return this; }
        public Builder frameShift(int v) { frameShift = v; return this; }
        public Builder fftSize(int v) { fftSize = v; return this; }
        public Builder numBins(int v) { numBins = v; return this; }
        public Builder window(WindowType v) { window = v; return this; }
        public Builder periodicWindow(boolean v) { periodicWindow = v; return this; }
        public Builder preemphasis(float v) { preemphasis = v; return this; }
        public Builder dither(float v) { dither = v; return this; }
        public Builder ditherSeed(long v) { ditherSeed = v; return this; }
        public Builder removeDcOffset(boolean v) { removeDcOffset = v; return this; }
        public Builder lowFreq(float v) { lowFreq = v; return this; }
        public Builder highFreq(float v) { highFreq = v; return this; }
        public Builder melScale(MelScale v) { melScale = v; return this; }
        public Builder slaneyNorm(boolean v) { slaneyNorm = v; return this; }
        public Builder center(boolean v) { center = v; return this; }
        public Builder logType(LogType v) { logType = v; return this; }
        public Builder logFloor(float v) { logFloor = v; return this; }

        public MelConfig build() {
            return new MelConfig(this);
        }
    }
}
