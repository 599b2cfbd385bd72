package io.emotrace.segmentation;

import io.emotrace.audio.AudioSource;
import io.emotrace.runtime.ModelRuntimeException;
import io.emotrace.runtime.OnnxModel;
import io.emotrace.runtime.TensorData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * pyannote segmentation-3.0 (ONNX): local speaker activity in 10 s windows. The model scores 7 powerset
 * classes per frame (none, {1}, {2}, {3}, {1,2}, {1,3}, {2,3}); a speaker's activity probability is the sum
 * of the class probabilities that contain it. "Local" means speaker numbers are only consistent inside one
 * window; linking them across windows is the diarization stage's job.
 *
 * <p>Frame geometry: SincNet (stride 10) followed by three max-pools of 3 gives one frame every 270 samples
 * with a receptive field of 991 samples, hence (160000 - 991) / 270 + 1 = 589 frames per window; the
 * sherpa-onnx export records the same values in its metadata (receptive_field_shift/size).
 *
 * <p>Thread-safe if the underlying {@link OnnxModel} is (it is); holds no per-call state.
 */
public final class PyannoteSegmentation implements AutoCloseable {
    public static final int SAMPLE_RATE = 16_000;
    public static final int WINDOW = 160_000;
    public static final int FRAMES = 589;
    public static final int CLASSES = 7;
    public static final int SPEAKERS = 3;
    public static final int FRAME_STEP = 270;
    public static final int FRAME_DURATION = 991;
    /** Speakers in each powerset class, in the model's class order. */
    static final int[][] POWERSET = {{}, {0}, {1}, {2}, {0, 1}, {0, 2}, {1, 2}};

    private final OnnxModel model;
    private final int batchSize;

    /** One analysed window: per-frame class probabilities [589][7] and speaker activity [589][3]. */
    public record Window(long startSample, float[][] classProbabilities, float[][] speakerActivity) {
        /** Centre of frame i in seconds from the start of the recording. */
        public double frameCenterSeconds(int i) {
            return (startSample + (long) i * FRAME_STEP + FRAME_DURATION / 2.0) / SAMPLE_RATE;
        }

        /** Number of speakers active in frame i at the given probability threshold. */
        public int activeSpeakers(int frame, float threshold) {
            int n = 0;
            for (float p : speakerActivity[frame]) {
                if (p >= threshold) {
                    n++;
                }
            }
            return n;
        }

        /** Most probable powerset class of frame i (0 = none, 1..3 single, 4..6 two speakers). */
        public int bestClass(int frame) {
            float[] c = classProbabilities[frame];
            int best = 0;
            for (int k = 1; k < c.length; k++) {
                if (c[k] > c[best]) {
                    best = k;
                }
            }
            return best;
        }
    }

    public interface WindowSink {
        void accept(Window w);
    }

    public PyannoteSegmentation(OnnxModel model, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1");
        }
        this.model = model;
        this.batchSize = batchSize;
    }

    /** Window starts covering the whole signal: every {@code step} samples, plus one ending at the last sample. */
    public static List<Long> windowStarts(long length, long step) {
        if (step < 1) {
            throw new IllegalArgumentException("step must be >= 1");
        }
        List<Long> starts = new ArrayList<>();
        long last = Math.max(0, length - WINDOW);
        for (long s = 0; s < last; s += step) {
            starts.add(s);
        }
        starts.add(last);
        return starts;
    }

    /** Slides 10 s windows with the given step over the source, running them in batches; windows arrive in order. */
    public void segment(AudioSource audio, long stepSamples, WindowSink sink) throws ModelRuntimeException {
        segment(audio, windowStarts(audio.length(), stepSamples), sink);
    }

    /** Runs the windows starting at {@code starts} (caller's choice, e.g. only those holding speech), in order. */
    public void segment(AudioSource audio, List<Long> starts, WindowSink sink) throws ModelRuntimeException {
        segment(audio, starts, sink, () -> false);
    }

    /** As above, stopping before the next batch once {@code stop} says so (a cancelled run, a failed sink). */
    public void segment(AudioSource audio, List<Long> starts, WindowSink sink, java.util.function.BooleanSupplier stop)
            throws ModelRuntimeException {
        if (audio.sampleRate() != SAMPLE_RATE) {
            throw new IllegalArgumentException("pyannote segmentation needs 16 kHz audio, got " + audio.sampleRate());
        }
        for (int b = 0; b < starts.size() && !stop.getAsBoolean(); b += batchSize) {
            List<Long> batch = starts.subList(b, Math.min(starts.size(), b + batchSize));
            // a short last batch is padded with silent windows: a new input shape makes ONNX Runtime plan and
            // allocate again (about +300 MB resident at the end of a 3-hour stream), the padding costs < 1 batch
            int rows = starts.size() > batchSize ? batchSize : batch.size();
            float[] x = new float[rows * WINDOW];
            for (int i = 0; i < batch.size(); i++) {
                audio.read(batch.get(i), x, i * WINDOW, WINDOW); // past the end reads as zeros
            }
            TensorData y = model.run(Map.of("x", TensorData.of(x, rows, 1, WINDOW)), "y").get("y");
            long[] shape = y.shape();
            if (shape.length != 3 || shape[1] != FRAMES || shape[2] != CLASSES) {
                throw new ModelRuntimeException("model.output", "unexpected segmentation output shape " + java.util.Arrays.toString(shape));
            }
            float[] v = y.floats();
            for (int i = 0; i < batch.size(); i++) {
                sink.accept(decode(batch.get(i), v, i * FRAMES * CLASSES));
            }
        }
    }

    public List<Window> segmentAll(AudioSource audio, long stepSamples) throws ModelRuntimeException {
        List<Window> out = new ArrayList<>();
        segment(audio, stepSamples, out::add);
        return out;
    }

    /** Softmax over the 7 scores (the export emits log-probabilities; softmax is exact for those too). */
    static Window decode(long start, float[] y, int off) {
        float[][] cls = new float[FRAMES][CLASSES];
        float[][] spk = new float[FRAMES][SPEAKERS];
        for (int f = 0; f < FRAMES; f++) {
            int base = off + f * CLASSES;
            float max = Float.NEGATIVE_INFINITY;
            for (int k = 0; k < CLASSES; k++) {
                max = Math.max(max, y[base + k]);
            }
            double sum = 0;
            for (int k = 0; k < CLASSES; k++) {
                double e = Math.exp(y[base + k] - max);
                cls[f][k] = (float) e;
                sum += e;
            }
            for (int k = 0; k < CLASSES; k++) {
                cls[f][k] /= (float) sum;
                for (int s : POWERSET[k]) {
                    spk[f][s] += cls[f][k];
                }
            }
        }
        return new Window(start, cls, spk);
    }

    @Override
    public void close() {
        model.close();
    }
}
