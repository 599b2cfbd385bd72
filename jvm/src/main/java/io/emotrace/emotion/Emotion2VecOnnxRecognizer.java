package io.emotrace.emotion;

import io.emotrace.EmotraceException;
import io.emotrace.audio.AudioSource;
import io.emotrace.domain.Emotion;
import io.emotrace.domain.EmotionEstimate;
import io.emotrace.domain.Segment;
import io.emotrace.pipeline.EmotionRecognizer;
import io.emotrace.pipeline.ProgressListener;
import io.emotrace.runtime.ModelRuntimeException;
import io.emotrace.runtime.OnnxModel;
import io.emotrace.runtime.TensorData;
import io.emotrace.runtime.TensorInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Emotion2Vec+ (seed, base or large) through ONNX Runtime, giving what FunASR's {@code inference} gives: per
 * clip the 9 class scores, the top label with its confidence, the utterance embedding (frame mean) and
 * optionally the (T, D) frame features. See {@link Emotion2VecSignature} for the model signature.
 *
 * <p>Batching: the FunASR export has no padding-mask input, and zero padding would change both the
 * per-utterance layer norm and the encoder's attention, so only clips of exactly the same length share a
 * batch (length-grouped batching, capped at {@link Settings#maxBatchSamples()} samples per run). A batch
 * therefore returns the same numbers as running each clip alone.
 */
public final class Emotion2VecOnnxRecognizer implements EmotionModel {
    /**
     * @param maxBatchSamples cap on batch size x clip length per ONNX run (memory bound)
     * @param minSeconds clips shorter than this are not run and get {@code unknown} with a reason
     */
    public record Settings(long maxBatchSamples, double minSeconds) {
        public static Settings defaults() {
            return new Settings(16L * 16_000 * 30, 0.3);
        }
    }

    private final OnnxModel model;
    private final Emotion2VecHead head;
    private final Settings settings;
    private final String name;
    private final AtomicLong runs = new AtomicLong();

    /** Takes ownership of {@code model}. */
    public Emotion2VecOnnxRecognizer(OnnxModel model, Emotion2VecHead head, Settings settings, String name)
            throws EmotraceException {
        this.model = model;
        this.head = head;
        this.settings = settings;
        this.name = name;
        checkSignature();
    }

    private void checkSignature() throws EmotraceException {
        TensorInfo in = find(model.inputs(), Emotion2VecSignature.INPUT);
        TensorInfo out = find(model.outputs(), Emotion2VecSignature.OUTPUT);
        if (in == null || out == null || model.inputs().size() != 1 || in.shape().length != 2 || out.shape().length != 3
                || !"float32".equals(in.elementType()) || !"float32".equals(out.elementType())) {
            throw new EmotraceException("emotion.model.signature", "not a FunASR Emotion2Vec ONNX export (expected input '"
                    + Emotion2VecSignature.INPUT + "' float32[B,T] and output '" + Emotion2VecSignature.OUTPUT
                    + "' float32[B,T',D]): inputs " + model.inputs() + ", outputs " + model.outputs());
        }
        long d = out.shape()[2];
        if (d > 0 && d != head.dim()) {
            throw new EmotraceException("emotion.model.signature", "model features have D=" + d
                    + " but the classifier expects D=" + head.dim());
        }
    }

    private static TensorInfo find(List<TensorInfo> list, String name) {
        return list.stream().filter(t -> t.name().equals(name)).findFirst().orElse(null);
    }

    /**
     * Runs the clips (16 kHz mono, raw amplitude) and returns one result per clip in input order.
     *
     * @param keepFrames keep the (T, D) frame features in the results (frame granularity)
     */
    @Override
    public List<ClipEmotion> analyse(List<float[]> clips, boolean keepFrames) throws EmotraceException {
        ClipEmotion[] results = new ClipEmotion[clips.size()];
        List<Integer> runnable = new ArrayList<>();
        int minSamples = (int) Math.ceil(settings.minSeconds() * Emotion2VecSignature.SAMPLE_RATE);
        for (int i = 0; i < clips.size(); i++) {
            int n = clips.get(i).length;
            if (n < minSamples || Emotion2VecSignature.frameCount(n) == 0) {
                results[i] = notRun(String.format(java.util.Locale.ROOT, "clip too short: %.3f s (minimum %.3f s)",
                        n / (double) Emotion2VecSignature.SAMPLE_RATE, settings.minSeconds()));
            } else if (!allFinite(clips.get(i))) {
                results[i] = notRun("clip has NaN or infinite samples");
            } else {
                runnable.add(i);
            }
        }
        runnable.sort(Comparator.comparingInt(i -> clips.get(i).length));
        int start = 0;
        while (start < runnable.size()) {
            int len = clips.get(runnable.get(start)).length;
            int perRun = (int) Math.max(1, Math.min(Integer.MAX_VALUE, settings.maxBatchSamples() / len));
            int end = start;
            while (end < runnable.size() && end - start < perRun && clips.get(runnable.get(end)).length == len) {
                end++;
            }
            List<Integer> batch = runnable.subList(start, end);
            runBatch(clips, batch, len, keepFrames, results);
            start = end;
        }
        return Arrays.asList(results);
    }

    private void runBatch(List<float[]> clips, List<Integer> batch, int len, boolean keepFrames,
            ClipEmotion[] results) throws ModelRuntimeException {
        int b = batch.size();
        float[] input = new float[Math.multiplyExact(b, len)];
        for (int k = 0; k < b; k++) {
            System.arraycopy(Emotion2VecSignature.layerNorm(clips.get(batch.get(k))), 0, input, k * len, len);
        }
        Map<String, TensorData> out = model.run(Map.of(Emotion2VecSignature.INPUT, TensorData.of(input, b, len)),
                Emotion2VecSignature.OUTPUT);
        runs.incrementAndGet();
        TensorData features = out.get(Emotion2VecSignature.OUTPUT);
        long[] shape = features.shape();
        int frames = Emotion2VecSignature.frameCount(len);
        if (shape.length != 3 || shape[0] != b || shape[1] != frames || shape[2] != head.dim()) {
            throw new ModelRuntimeException("emotion.model.output", "model output '" + Emotion2VecSignature.OUTPUT
                    + "' has shape " + Arrays.toString(shape) + ", expected [" + b + ", " + frames + ", " + head.dim()
                    + "] for " + len + " samples (50 Hz frames of the wav2vec 2.0 front end)");
        }
        float[] all = features.floats();
        int d = head.dim();
        for (int k = 0; k < b; k++) {
            int base = k * frames * d;
            float[] mean = new float[d];
            for (int t = 0; t < frames; t++) {
                for (int j = 0; j < d; j++) {
                    mean[j] += all[base + t * d + j];
                }
            }
            for (int j = 0; j < d; j++) {
                mean[j] /= frames;
            }
            float[] frameCopy = keepFrames ? Arrays.copyOfRange(all, base, base + frames * d) : null;
            float[] frameScores = keepFrames ? frameScores(frameCopy, frames, d) : null;
            results[batch.get(k)] = new ClipEmotion(EmotionEstimate.fromScores(head.scores(mean)), null,
                    frames, d, mean, frameCopy, frameScores);
        }
    }

    /** The utterance classifier applied to each frame: FunASR has no frame head, this is the closest reading. */
    private float[] frameScores(float[] frames, int count, int d) {
        int c = Emotion.values().length;
        float[] out = new float[count * c];
        for (int t = 0; t < count; t++) {
            System.arraycopy(head.scores(Arrays.copyOfRange(frames, t * d, (t + 1) * d)), 0, out, t * c, c);
        }
        return out;
    }

    private static boolean allFinite(float[] x) {
        for (float v : x) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    private static ClipEmotion notRun(String reason) {
        Map<Emotion, Double> zeros = new EnumMap<>(Emotion.class);
        for (Emotion e : Emotion.values()) {
            zeros.put(e, 0.0);
        }
        return new ClipEmotion(new EmotionEstimate(Emotion.UNKNOWN, 0.0, zeros), reason, 0, 0, null, null, null);
    }

    /** ONNX runs so far (tests use it to see that equal-length clips share a batch). */
    long runCount() {
        return runs.get();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public double frameRate() {
        return Emotion2VecSignature.SAMPLE_RATE / (double) Emotion2VecSignature.HOP;
    }

    @Override
    public double minSeconds() {
        return settings.minSeconds();
    }

    @Override
    public int embeddingDim() {
        return head.dim();
    }

    @Override
    public String describe() {
        return name + " (ONNX Runtime, " + model.provider() + ", D=" + head.dim() + ")";
    }

    @Override
    public void close() {
        model.close();
    }
}
