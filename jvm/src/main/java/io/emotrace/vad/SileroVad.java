package io.emotrace.vad;

import io.emotrace.pipeline.AnalysisCancelledException;
import io.emotrace.pipeline.ProgressListener;

import io.emotrace.audio.AudioSource;
import io.emotrace.domain.SpeechRegion;
import io.emotrace.runtime.ModelRuntimeException;
import io.emotrace.runtime.OnnxModel;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;

/**
 * Silero VAD v5 over ONNX Runtime, streaming: 512-sample chunks (32 ms at 16 kHz) with the previous 64
 * samples as context and the recurrent state carried from chunk to chunk, exactly as the reference
 * implementation feeds it. The native input/state tensors are allocated once and rewritten in place, so a
 * chunk costs one small copy and one session run. Memory does not grow with the input length.
 *
 * <p>Not thread-safe (it owns one recurrent state); use one instance per worker.
 */
public final class SileroVad implements VoiceActivityDetector {
    public static final int SAMPLE_RATE = 16_000;
    public static final int CHUNK = 512;
    public static final int CONTEXT = 64;
    private static final int STATE_SIZE = 2 * 128;

    /**
     * Post-processing, defaults as Silero's {@code get_speech_timestamps}: speech starts at p >= threshold,
     * ends after minSilenceMs below negThreshold (hysteresis), regions shorter than minSpeechMs are dropped,
     * each region is padded by speechPadMs (halving the gap when two regions are closer than twice that).
     */
    public record Settings(float threshold, float negThreshold, int minSpeechMs, int minSilenceMs, int speechPadMs) {
        public static Settings defaults() {
            return new Settings(0.5f, 0.35f, 250, 100, 30);
        }
    }

    /** Receives one speech probability per 32 ms chunk. */
    public interface ProbabilitySink {
        void accept(long chunkIndex, float probability);
    }

    private final OnnxModel model;
    private final Settings settings;
    private final FloatPointer input = new FloatPointer(CONTEXT + CHUNK);
    private final FloatPointer state = new FloatPointer(STATE_SIZE);
    private final LongPointer sr = new LongPointer(1);
    private final OnnxModel.BoundInputs bound;
    private final float[] window = new float[CONTEXT + CHUNK];
    private final float[] zeros = new float[STATE_SIZE];
    private final float[] prob = new float[1];

    public SileroVad(OnnxModel model, Settings settings) throws ModelRuntimeException {
        this.model = model;
        this.settings = settings;
        sr.put(0, SAMPLE_RATE);
        try {
            this.bound = model.bind(new String[] {"input", "state", "sr"}, new Pointer[] {input, state, sr},
                    new long[][] {{1, CONTEXT + CHUNK}, {2, 1, 128}, {}}, "output", "stateN");
        } catch (ModelRuntimeException e) {
            freeBuffers();
            throw e;
        }
    }

    /** Streams the source and reports the probability of every 32 ms chunk (the last one zero-padded). */
    public void probabilities(AudioSource audio, ProbabilitySink sink) {
        probabilities(audio, sink, () -> false);
    }

    /** As above, stopping early (between ~8 s blocks) once {@code stop} says so. */
    void probabilities(AudioSource audio, ProbabilitySink sink, java.util.function.BooleanSupplier stop) {
        if (audio.sampleRate() != SAMPLE_RATE) {
            throw new IllegalArgumentException("Silero VAD needs 16 kHz audio, got " + audio.sampleRate());
        }
        state.put(zeros);
        java.util.Arrays.fill(window, 0f);
        long n = audio.length();
        int block = CHUNK * 256; // ~8 s per read: few source calls, bounded memory
        float[] buf = new float[block];
        long chunkIndex = 0;
        for (long start = 0; start < n && !stop.getAsBoolean(); start += block) {
            int len = (int) Math.min(block, n - start);
            audio.read(start, buf, 0, len);
            for (int off = 0; off < len; off += CHUNK) {
                int take = Math.min(CHUNK, len - off);
                // window = [last 64 samples of the previous window | new chunk]
                System.arraycopy(window, CHUNK, window, 0, CONTEXT);
                System.arraycopy(buf, off, window, CONTEXT, take);
                if (take < CHUNK) {
                    java.util.Arrays.fill(window, CONTEXT + take, CONTEXT + CHUNK, 0f);
                }
                sink.accept(chunkIndex++, step());
            }
        }
    }

    private float step() {
        input.put(window);
        try {
            model.run(bound, (i, name, shape, data) -> {
                if (i == 0) {
                    ((FloatPointer) data).get(prob);
                } else {
                    Pointer.memcpy(state, data, STATE_SIZE * Float.BYTES);
                }
            });
        } catch (ModelRuntimeException e) {
            throw new IllegalStateException("Silero VAD inference failed: " + e.getMessage(), e);
        }
        return prob[0];
    }

    @Override
    public List<SpeechRegion> detect(AudioSource audio) {
        Segmenter seg = new Segmenter(settings, audio.length());
        probabilities(audio, seg::accept);
        return seg.finish();
    }

    @Override
    public List<SpeechRegion> detect(AudioSource audio, ProgressListener progress) throws AnalysisCancelledException {
        Segmenter seg = new Segmenter(settings, audio.length());
        probabilities(audio, seg::accept, () -> {
            try {
                progress.checkCancelled();
                return false;
            } catch (AnalysisCancelledException e) {
                return true;
            }
        });
        progress.checkCancelled();
        return seg.finish();
    }

    /** Silero's hysteresis segmentation, online over chunk probabilities; only the region list is kept. */
    static final class Segmenter {
        private final Settings s;
        private final long length;
        private final long minSpeech;
        private final long minSilence;
        private final long pad;
        private final List<long[]> speeches = new ArrayList<>();
        private boolean triggered;
        private long start;
        private long tempEnd;

        Segmenter(Settings s, long length) {
            this.s = s;
            this.length = length;
            this.minSpeech = (long) SAMPLE_RATE * s.minSpeechMs() / 1000;
            this.minSilence = (long) SAMPLE_RATE * s.minSilenceMs() / 1000;
            this.pad = (long) SAMPLE_RATE * s.speechPadMs() / 1000;
        }

        void accept(long chunk, float p) {
            long pos = chunk * CHUNK;
            if (p >= s.threshold() && tempEnd != 0) {
                tempEnd = 0;
            }
            if (p >= s.threshold() && !triggered) {
                triggered = true;
                start = pos;
                return;
            }
            if (p < s.negThreshold() && triggered) {
                if (tempEnd == 0) {
                    tempEnd = pos;
                }
                if (pos - tempEnd >= minSilence) {
                    if (tempEnd - start > minSpeech) {
                        speeches.add(new long[] {start, tempEnd});
                    }
                    triggered = false;
                    tempEnd = 0;
                }
            }
        }

        List<SpeechRegion> finish() {
            if (triggered && length - start > minSpeech) {
                speeches.add(new long[] {start, length});
            }
            for (int i = 0; i < speeches.size(); i++) {
                long[] cur = speeches.get(i);
                if (i == 0) {
                    cur[0] = Math.max(0, cur[0] - pad);
                }
                if (i + 1 < speeches.size()) {
                    long[] next = speeches.get(i + 1);
                    long gap = next[0] - cur[1];
                    if (gap < 2 * pad) {
                        cur[1] += gap / 2;
                        next[0] = Math.max(0, next[0] - gap / 2);
                    } else {
                        cur[1] = Math.min(length, cur[1] + pad);
                        next[0] = Math.max(0, next[0] - pad);
                    }
                } else {
                    cur[1] = Math.min(length, cur[1] + pad);
                }
            }
            List<SpeechRegion> out = new ArrayList<>(speeches.size());
            for (long[] r : speeches) {
                out.add(new SpeechRegion(r[0] / (double) SAMPLE_RATE, r[1] / (double) SAMPLE_RATE));
            }
            return out;
        }
    }

    /**
     * A live stream over the same ONNX session (ONNX Runtime runs are thread-safe): its own native input, state
     * and rate tensors and its own 64-sample context, so streams never share recurrent state with each other or
     * with an offline {@link #detect}. The stream owns its buffers and frees them in {@link VadStream#close()}.
     */
    @Override
    public VadStream openStream() throws io.emotrace.EmotraceException {
        return new Stream();
    }

    private final class Stream implements VadStream {
        private final FloatPointer sIn = new FloatPointer(CONTEXT + CHUNK);
        private final FloatPointer sState = new FloatPointer(STATE_SIZE);
        private final LongPointer sRate = new LongPointer(1);
        private final OnnxModel.BoundInputs sBound;
        private final float[] sWindow = new float[CONTEXT + CHUNK];
        private final float[] pending = new float[CHUNK];
        private final float[] out = new float[1];
        private int pendingN;
        private long chunkIndex;
        private boolean closed;

        Stream() throws ModelRuntimeException {
            sRate.put(0, SAMPLE_RATE);
            sState.put(zeros);
            try {
                sBound = model.bind(new String[] {"input", "state", "sr"}, new Pointer[] {sIn, sState, sRate},
                        new long[][] {{1, CONTEXT + CHUNK}, {2, 1, 128}, {}}, "output", "stateN");
            } catch (ModelRuntimeException e) {
                sIn.close();
                sState.close();
                sRate.close();
                throw e;
            }
        }

        @Override
        public int chunkSamples() {
            return CHUNK;
        }

        @Override
        public void accept(float[] samples, int off, int n, ProbabilitySink sink) {
            if (closed) {
                throw new IllegalStateException("VAD stream is closed");
            }
            int i = 0;
            while (i < n) {
                int take = Math.min(CHUNK - pendingN, n - i);
                System.arraycopy(samples, off + i, pending, pendingN, take);
                pendingN += take;
                i += take;
                if (pendingN == CHUNK) {
                    System.arraycopy(sWindow, CHUNK, sWindow, 0, CONTEXT);
                    System.arraycopy(pending, 0, sWindow, CONTEXT, CHUNK);
                    pendingN = 0;
                    sIn.put(sWindow);
                    try {
                        model.run(sBound, (k, name, shape, data) -> {
                            if (k == 0) {
                                ((FloatPointer) data).get(out);
                            } else {
                                Pointer.memcpy(sState, data, STATE_SIZE * Float.BYTES);
                            }
                        });
                    } catch (ModelRuntimeException e) {
                        throw new IllegalStateException("Silero VAD inference failed: " + e.getMessage(), e);
                    }
                    sink.accept(chunkIndex++, out[0]);
                }
            }
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                sBound.close();
                sIn.close();
                sState.close();
                sRate.close();
            }
        }
    }

    public Settings settings() {
        return settings;
    }

    @Override
    public String describe() {
        return "silero-vad-v5 (onnxruntime " + model.provider() + ", threshold " + settings.threshold() + "/"
                + settings.negThreshold() + ", min speech " + settings.minSpeechMs() + " ms, min silence "
                + settings.minSilenceMs() + " ms, pad " + settings.speechPadMs() + " ms)";
    }

    private void freeBuffers() {
        input.close();
        state.close();
        sr.close();
    }

    @Override
    public void close() {
        bound.close();
        freeBuffers();
        model.close();
    }
}
