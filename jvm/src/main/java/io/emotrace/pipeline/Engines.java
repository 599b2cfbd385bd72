package io.emotrace.pipeline;

import io.emotrace.EmotraceException;
import io.emotrace.audio.AudioDecoder;
import io.emotrace.audio.AudioSource;
import io.emotrace.domain.SpeechRegion;
import io.emotrace.vad.VoiceActivityDetector;
import java.util.List;

/**
 * The process's one set of loaded models: VAD, diarizer (segmentation + speaker embedder, sharing the VAD),
 * emotion, ASR and rules. Each is loaded once, on first use or by {@link #warm()}, shared by every run (analyze
 * of many files, service jobs, live sessions) and closed by {@link #close()}. {@link #status()} says what is
 * loaded. Owned by whoever built it: the CLI command, or the service for its lifetime.
 */
public final class Engines implements AutoCloseable {
    private final StageCatalog catalog;
    private final SharedEngine<VoiceActivityDetector> vad;
    private final SharedEngine<Diarizer> diarizer;
    private final SharedEngine<EmotionRecognizer> emotion;
    private final SharedEngine<Transcriber> transcriber;
    private final SharedEngine<RuleEngine> rules;

    public Engines(StageCatalog catalog) {
        this.catalog = catalog;
        this.vad = new SharedEngine<>(AnalysisPipeline.VAD, catalog::vad, StageFactory::create);
        this.diarizer = new SharedEngine<>(AnalysisPipeline.DIARIZATION, catalog::diarizer, d -> {
            // the diarizer borrows the process's VAD instead of loading a second copy
            VoiceActivityDetector shared = vad.available() ? new BorrowedVad(vad) : null;
            return d instanceof DiarizerFactory df ? df.create(shared) : d.create();
        });
        this.emotion = new SharedEngine<>(AnalysisPipeline.EMOTION, catalog::emotion, StageFactory::create);
        this.transcriber = new SharedEngine<>(AnalysisPipeline.ASR, catalog::transcriber, StageFactory::create);
        this.rules = new SharedEngine<>(AnalysisPipeline.RULES, catalog::rules, StageFactory::create);
    }

    public static Engines fromClasspath() {
        return new Engines(StageCatalog.fromClasspath());
    }

    public AudioDecoder decoder() throws EmotraceException {
        return catalog.decoder();
    }

    public SharedEngine<VoiceActivityDetector> vad() {
        return vad;
    }

    public SharedEngine<Diarizer> diarizer() {
        return diarizer;
    }

    public SharedEngine<EmotionRecognizer> emotion() {
        return emotion;
    }

    public SharedEngine<Transcriber> transcriber() {
        return transcriber;
    }

    public SharedEngine<RuleEngine> rules() {
        return rules;
    }

    private List<SharedEngine<?>> all() {
        return List.of(vad, diarizer, emotion, transcriber, rules);
    }

    /** Loads every available engine now (serve --warm); a failure is kept in its status, not thrown. */
    public void warm() {
        for (SharedEngine<?> e : all()) {
            if (e.available()) {
                try {
                    e.get();
                } catch (EmotraceException ex) {
                    System.err.println("emotrace: " + e.stage() + " engine not loaded: " + ex.describe());
                }
            }
        }
    }

    public List<EngineStatus> status() {
        return all().stream().map(SharedEngine::status).toList();
    }

    /** Closes every engine (the diarizer before the VAD it borrows); runs still going fail with engine.closed. */
    @Override
    public void close() {
        for (SharedEngine<?> e : List.of(diarizer, vad, emotion, transcriber, rules)) {
            e.close();
        }
    }

    /** The shared VAD seen as a VoiceActivityDetector the diarizer may use but not close. */
    private record BorrowedVad(SharedEngine<VoiceActivityDetector> shared) implements VoiceActivityDetector {
        @Override
        public List<SpeechRegion> detect(AudioSource audio) {
            try {
                return shared.call(v -> v.detect(audio));
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("shared VAD: " + e.getMessage(), e);
            }
        }

        @Override
        public List<SpeechRegion> detect(AudioSource audio, ProgressListener progress)
                throws AnalysisCancelledException {
            try {
                return shared.call(v -> v.detect(audio, progress));
            } catch (AnalysisCancelledException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("shared VAD: " + e.getMessage(), e);
            }
        }

        /**
         * A stream over the shared model (the diarizer's utterance evidence cuts with it). Each block it is fed runs
         * under the shared engine's lock, as {@link #detect} does, so closing the engine waits for a block in progress
         * and a stream used after the close fails with {@code engine.closed} instead of running a freed model.
         */
        @Override
        public io.emotrace.vad.VadStream openStream() throws io.emotrace.EmotraceException {
            io.emotrace.vad.VadStream inner = locked(VoiceActivityDetector::openStream);
            return new io.emotrace.vad.VadStream() {
                @Override
                public int chunkSamples() {
                    return inner.chunkSamples();
                }

                @Override
                public void accept(float[] samples, int off, int n, io.emotrace.vad.SileroVad.ProbabilitySink sink) {
                    try {
                        locked(v -> {
                            inner.accept(samples, off, n, sink);
                            return null;
                        });
                    } catch (EmotraceException e) {
                        throw new io.emotrace.vad.VadStream.Failure(e); // engine.closed reaches the run as itself
                    }
                }

                @Override
                public void close() {
                    try {
                        locked(v -> {
                            inner.close(); // its own buffers and bound values, under the lock like every block
                            return null;
                        });
                    } catch (EmotraceException e) {
                        // the engine is closed (shutdown): its model is gone, the stream's few buffers go with the process
                    }
                }
            };
        }

        /** {@code call} on the shared model under its lock; a checked failure other than the VAD's own becomes unchecked. */
        private <R> R locked(SharedEngine.Call<VoiceActivityDetector, R> call) throws EmotraceException {
            try {
                return shared.call(call);
            } catch (EmotraceException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("shared VAD: " + e.getMessage(), e);
            }
        }

        @Override
        public String describe() {
            try {
                return shared.call(VoiceActivityDetector::describe);
            } catch (Exception e) {
                return "shared VAD (" + e.getMessage() + ")";
            }
        }

        @Override
        public void close() {
            // owned by Engines
        }
    }
}
