package io.emotrace.features;

import static org.bytedeco.pytorch.global.torch.ScalarType.Double;
import static org.bytedeco.pytorch.global.torch.ScalarType.Float;

import java.util.Objects;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.BoolOptional;
import org.bytedeco.pytorch.LongOptional;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;

/**
 * Independent log-mel reference computed with LibTorch (backend {@code libtorch}): whole-signal tensor ops
 * (unfold + fft_rfft for Kaldi framing, torch.stft for centred framing) and a mel matrix built as a tensor
 * with its own code (deliberately sharing nothing with {@link JavaMelExtractor} except the dither signal,
 * which is an input definition). Used to check every other backend and as benchmark baseline (c).
 *
 * <p>Thread-safe: the only state is the immutable mel matrix and window tensors; every call allocates and
 * frees its tensors inside its own {@link PointerScope}. Centred framing supports no dither, DC removal or
 * pre-emphasis (torch.stft has no per-frame hook); such configs are rejected at construction.
 * Note: {@link torch#set_num_threads} is process-wide in LibTorch.
 */
public final class TorchMelReference implements FeatureExtractor {
    private final MelConfig config;
    private final int intraOpThreads;
    private final Tensor melMatrixT;  // [fftSize/2+1, numBins] float32
    private final Tensor window;      // [frameLength] float32
    private volatile boolean closed;

    /** Uses at most two LibTorch intra-op threads: the reference must not swamp a shared machine. */
    public TorchMelReference(MelConfig config) {
        this(config, Math.min(2, Runtime.getRuntime().availableProcessors()));
    }

    public TorchMelReference(MelConfig config, int intraOpThreads) {
        if (config.center() && (config.dither() > 0 || config.removeDcOffset() || config.preemphasis() != 0f)) {
            throw new IllegalArgumentException("centred framing with dither/DC removal/pre-emphasis is not supported by the reference");
        }
        if (intraOpThreads < 1) {
            throw new IllegalArgumentException("intraOpThreads must be >= 1");
        }
        Loader.load(torch.class);
        this.config = config;
        this.intraOpThreads = intraOpThreads;
        torch.set_num_threads(intraOpThreads);
        try (PointerScope scope = new PointerScope()) {
            Tensor mel = config.melScale() == MelScale.HTK ? kaldiMelMatrix(config) : librosaMelMatrix(config);
            Tensor mt = mel.t().contiguous().to(Float);
            Tensor w = windowTensor(config).to(Float).contiguous();
            // outlive the scope: one extra reference each, released by close()
            mt.retainReference();
            w.retainReference();
            this.melMatrixT = mt;
            this.window = w;
        }
    }

    @Override
    public MelConfig config() {
        return config;
    }

    @Override
    public String backend() {
        return "libtorch";
    }

    public int intraOpThreads() {
        return intraOpThreads;
    }

    @Override
    public float[] compute(float[] samples, int offset, int length) {
        if (closed) {
            throw new IllegalStateException("TorchMelReference is closed");
        }
        Objects.checkFromIndexSize(offset, length, samples.length);
        int frames = config.frameCount(length);
        float[] out = new float[frames * config.numBins()];
        if (frames == 0) {
            return out;
        }
        try (PointerScope scope = new PointerScope()) {
            FloatPointer in = new FloatPointer(length);
            in.put(samples, offset, length);
            Tensor x = torch.from_blob(in, new long[] {length}, new TensorOptions(Float));
            Tensor power = config.center() ? centredPower(x) : kaldiPower(x, frames);
            Tensor mel = power.matmul(melMatrixT);
            Tensor floored = torch.clamp_min(mel, new Scalar(config.logFloor()));
            Tensor logMel = (config.logType() == LogType.NATURAL ? floored.log() : floored.log10()).contiguous();
            if (logMel.numel() != out.length) {
                throw new IllegalStateException("reference produced " + logMel.numel() + " values, expected " + out.length);
            }
            logMel.data_ptr_float().get(out, 0, out.length);
        }
        return out;
    }

    /** Kaldi snip-edges framing: [frames, fftSize/2+1] power spectrum. */
    private Tensor kaldiPower(Tensor x, int frames) {
        int len = config.frameLength();
        Tensor fr = x.unfold(0, len, config.frameShift()).clone();  // [frames, len], owns its memory
        if (config.dither() > 0) {
            float[] noise = new float[frames * len];
            float[] row = new float[len + 1];
            for (int f = 0; f < frames; f++) {
                DitherNoise.fill(config.ditherSeed(), f, row, len);
                System.arraycopy(row, 0, noise, f * len, len);
            }
            FloatPointer np = new FloatPointer(noise);
            Tensor n = torch.from_blob(np, new long[] {frames, len}, new TensorOptions(Float));
            fr = fr.add(n.mul(new Scalar(config.dither())));
        }
        if (config.removeDcOffset()) {
            fr = fr.sub(fr.mean(new long[] {1}, true, new ScalarTypeOptional()));
        }
        if (config.preemphasis() != 0f) {
            Scalar c = new Scalar(config.preemphasis());
            Tensor shifted = fr.clone();
            // out[:, 1:] = x[:, 1:] - c x[:, :-1];  out[:, 0] = x[:, 0] - c x[:, 0]
            shifted.narrow(1, 1, len - 1).sub_(fr.narrow(1, 0, len - 1), c);
            shifted.narrow(1, 0, 1).sub_(fr.narrow(1, 0, 1), c);
            fr = shifted;
        }
        fr = fr.mul(window);
        Tensor padded = torch.constant_pad_nd(fr, new long[] {0, config.fftSize() - len}, new Scalar(0.0));
        Tensor spec = torch.fft_rfft(padded);
        return torch.view_as_real(spec).pow(new Scalar(2.0)).sum(new long[] {-1}, false, new ScalarTypeOptional());
    }

    /** torch.stft(center=True, reflect): [frames, fftSize/2+1] power spectrum. */
    private Tensor centredPower(Tensor x) {
        Tensor spec = torch.stft(x, config.fftSize(), new LongOptional(config.frameShift()),
                new LongOptional(config.frameLength()), new TensorOptional(window), true, "reflect", false,
                new BoolOptional(true), new BoolOptional(true), new BoolOptional());
        Tensor power = torch.view_as_real(spec).pow(new Scalar(2.0)).sum(new long[] {-1}, false, new ScalarTypeOptional());
        return power.t();  // stft gives [freq, frames]
    }

    private static Tensor windowTensor(MelConfig c) {
        long n = c.frameLength();
        double denom = c.periodicWindow() ? n : Math.max(1, n - 1);
        Tensor i = torch.arange(new Scalar(n), new TensorOptions(Double));
        Tensor phase = torch.cos(i.mul(new Scalar(2 * Math.PI / denom)));
        return switch (c.window()) {
            case HANN -> phase.mul(new Scalar(-0.5)).add(new Scalar(0.5));
            case POVEY -> phase.mul(new Scalar(-0.5)).add(new Scalar(0.5)).pow(new Scalar(0.85));
            case HAMMING -> phase.mul(new Scalar(-0.46)).add(new Scalar(0.54));
            case RECTANGULAR -> torch.ones_like(phase);
        };
    }

    /** Frequencies of the onesided FFT bins, [fftSize/2+1] float64. */
    private static Tensor binFrequencies(MelConfig c) {
        return torch.arange(new Scalar(c.fftSize() / 2 + 1), new TensorOptions(Double))
                .mul(new Scalar((double) c.sampleRate() / c.fftSize()));
    }

    /** Kaldi/torchaudio get_mel_banks: triangles in HTK-mel over bins, Nyquist column zero. [bins, fft/2+1]. */
    private static Tensor kaldiMelMatrix(MelConfig c) {
        int bins = c.numBins();
        Tensor binMel = torch.log1p(binFrequencies(c).div(new Scalar(700.0))).mul(new Scalar(1127.0));
        double lo = 1127.0 * Math.log1p(c.lowFreq() / 700.0);
        double hi = 1127.0 * Math.log1p(c.effectiveHighFreq() / 700.0);
        Tensor edges = torch.linspace(new Scalar(lo), new Scalar(hi), bins + 2, new TensorOptions(Double));
        Tensor left = edges.narrow(0, 0, bins).unsqueeze(1);
        Tensor centre = edges.narrow(0, 1, bins).unsqueeze(1);
        Tensor right = edges.narrow(0, 2, bins).unsqueeze(1);
        Tensor row = binMel.unsqueeze(0);
        Tensor up = row.sub(left).div(centre.sub(left));
        Tensor down = right.sub(row).div(right.sub(centre));
        Tensor w = torch.clamp_min(torch.minimum(up, down), new Scalar(0.0));
        w.narrow(1, c.fftSize() / 2, 1).zero_();  // Kaldi uses only the bins below Nyquist
        if (c.slaneyNorm()) {
            Tensor hzLeft = torch.exp(left.div(new Scalar(1127.0))).sub(new Scalar(1.0)).mul(new Scalar(700.0));
            Tensor hzRight = torch.exp(right.div(new Scalar(1127.0))).sub(new Scalar(1.0)).mul(new Scalar(700.0));
            w = w.mul(torch.reciprocal(hzRight.sub(hzLeft)).mul(new Scalar(2.0)));
        }
        return w;
    }

    /** librosa.filters.mel(htk=False, norm='slaney' when configured): Hz-linear triangles. [bins, fft/2+1]. */
    private static Tensor librosaMelMatrix(MelConfig c) {
        int bins = c.numBins();
        double fsp = 200.0 / 3;
        double breakMel = 1000.0 / fsp;
        double logStep = Math.log(6.4) / 27.0;
        double lo = toSlaneyMel(c.lowFreq(), fsp, breakMel, logStep);
        double hi = toSlaneyMel(c.effectiveHighFreq(), fsp, breakMel, logStep);
        Tensor mels = torch.linspace(new Scalar(lo), new Scalar(hi), bins + 2, new TensorOptions(Double));
        Tensor linearHz = mels.mul(new Scalar(fsp));
        Tensor logHz = torch.exp(mels.sub(new Scalar(breakMel)).mul(new Scalar(logStep))).mul(new Scalar(1000.0));
        Tensor hz = torch.where(mels.ge(new Scalar(breakMel)), logHz, linearHz);
        Tensor fdiff = hz.narrow(0, 1, bins + 1).sub(hz.narrow(0, 0, bins + 1));
        Tensor ramps = hz.unsqueeze(1).sub(binFrequencies(c).unsqueeze(0));  // [bins+2, nfreq]
        Tensor lower = ramps.narrow(0, 0, bins).neg().div(fdiff.narrow(0, 0, bins).unsqueeze(1));
        Tensor upper = ramps.narrow(0, 2, bins).div(fdiff.narrow(0, 1, bins).unsqueeze(1));
        Tensor w = torch.clamp_min(torch.minimum(lower, upper), new Scalar(0.0));
        if (c.slaneyNorm()) {
            Tensor enorm = torch.reciprocal(hz.narrow(0, 2, bins).sub(hz.narrow(0, 0, bins))).mul(new Scalar(2.0));
            w = w.mul(enorm.unsqueeze(1));
        }
        return w;
    }

    private static double toSlaneyMel(double f, double fsp, double breakMel, double logStep) {
        return f >= 1000.0 ? breakMel + Math.log(f / 1000.0) / logStep : f / fsp;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            melMatrixT.releaseReference();
            window.releaseReference();
        }
    }
}
