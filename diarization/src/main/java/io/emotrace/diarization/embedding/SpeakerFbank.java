package io.emotrace.diarization.embedding;

import io.emotrace.EmotraceException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.emotrace.features.FeatureExtractor;
import io.emotrace.features.FeatureExtractors;
import io.emotrace.features.MelConfig;
import io.emotrace.features.WindowType;

/**
 * The speaker front end shared by the project's model and the CAM++ / WeSpeaker drop-in: Kaldi 80-bin fbank
 * (25 ms / 10 ms, no dither; povey window, or Hamming for WeSpeaker) from the fused native kernel on samples scaled to 16-bit range (as
 * WeSpeaker and 3D-Speaker feed {@code torchaudio.compliance.kaldi.fbank}), then per-utterance mean
 * normalisation over time. Clips shorter than {@code minFrames} are tiled (repeated) first. Thread-safe.
 */
public final class SpeakerFbank implements AutoCloseable {
    public static final int SAMPLE_RATE = 16_000;
    public static final float WAVE_SCALE = 32768f;

    private final FeatureExtractor extractor;
    private final int bins;

    /** Kaldi defaults (povey window): the project's model and 3D-Speaker CAM++. */
    public static MelConfig kaldiPovey() {
        return MelConfig.kaldiFbank80();
    }

    /** WeSpeaker's front end: the same fbank with a Hamming window. */
    public static MelConfig kaldiHamming() {
        return MelConfig.kaldiFbank80().toBuilder().window(WindowType.HAMMING).build();
    }

    public SpeakerFbank(int threads) {
        this(kaldiPovey(), threads);
    }

    public SpeakerFbank(MelConfig c, int threads) {
        this.extractor = FeatureExtractors.cpu(c, threads);
        this.bins = c.numBins();
    }

    public int bins() {
        return bins;
    }

    /** Samples needed for {@code frames} fbank frames. */
    public int samplesFor(int frames) {
        MelConfig c = extractor.config();
        return c.frameLength() + (frames - 1) * c.frameShift();
    }

    public int frameCount(int samples) {
        return extractor.frameCount(samples);
    }

    /** Raw log-mel fbank (not normalised), row-major [frames][bins], of samples in [-1, 1]. */
    public float[] rawFbank(float[] clip, int offset, int length) {
        float[] scaled = new float[length];
        for (int i = 0; i < length; i++) {
            scaled[i] = clip[offset + i] * WAVE_SCALE;
        }
        return extractor.compute(scaled);
    }

    /** Mean-normalised fbank of a clip, tiled to at least {@code minFrames} frames. */
    public float[] features(float[] clip, int minFrames) {
        float[] x = tile(clip, samplesFor(Math.max(1, minFrames)));
        float[] f = rawFbank(x, 0, x.length);
        meanNormalise(f, 0, f.length / bins, bins);
        return f;
    }

    /** Repeats a clip until it has at least {@code minSamples} samples (an empty clip becomes silence). */
    public static float[] tile(float[] clip, int minSamples) {
        if (clip.length >= minSamples) {
            return clip;
        }
        float[] out = new float[minSamples];
        if (clip.length == 0) {
            return out;
        }
        for (int i = 0; i < minSamples; i += clip.length) {
            System.arraycopy(clip, 0, out, i, Math.min(clip.length, minSamples - i));
        }
        return out;
    }

    /** Subtracts each bin's mean over frames [from, from+frames) in place. */
    public static void meanNormalise(float[] f, int fromFrame, int frames, int bins) {
        if (frames <= 0) {
            return;
        }
        double[] mean = new double[bins];
        for (int t = fromFrame; t < fromFrame + frames; t++) {
            for (int b = 0; b < bins; b++) {
                mean[b] += f[t * bins + b];
            }
        }
        for (int b = 0; b < bins; b++) {
            mean[b] /= frames;
        }
        for (int t = fromFrame; t < fromFrame + frames; t++) {
            for (int b = 0; b < bins; b++) {
                f[t * bins + b] -= (float) mean[b];
            }
        }
    }

    @Override
    public void close() {
        extractor.close();
    }

    /** Each clip's features, and the clip indices grouped by frame count (equal lengths share a batch, no padding). */
    public record Batches(List<float[]> features, Map<Integer, List<Integer>> byFrames) {
    }

    /** Checks the clips (typed error on null or non-finite samples) and computes their features. */
    public Batches batches(List<float[]> clips, int minFrames) throws EmotraceException {
        Map<Integer, List<Integer>> byFrames = new LinkedHashMap<>();
        List<float[]> feats = new ArrayList<>(clips.size());
        for (int i = 0; i < clips.size(); i++) {
            float[] clip = clips.get(i);
            if (clip == null) {
                throw new EmotraceException("speaker.input", "clip " + i + " is null");
            }
            for (float v : clip) {
                if (!Float.isFinite(v)) {
                    throw new EmotraceException("speaker.input", "clip " + i + " has NaN or infinite samples");
                }
            }
            float[] f = features(clip, minFrames);
            feats.add(f);
            byFrames.computeIfAbsent(f.length / bins(), k -> new ArrayList<>()).add(i);
        }
        return new Batches(feats, byFrames);
    }
}
