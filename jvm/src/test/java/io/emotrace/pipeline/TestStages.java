package io.emotrace.pipeline;

import io.emotrace.EmotraceException;
import io.emotrace.audio.AudioDecoder;
import io.emotrace.audio.AudioInfo;
import io.emotrace.audio.AudioSource;
import io.emotrace.audio.AudioStream;
import io.emotrace.audio.UnsupportedAudioException;
import io.emotrace.audio.WavFileSource;
import io.emotrace.domain.AnalyzedSegment;
import io.emotrace.domain.DiarizationResult;
import io.emotrace.domain.Emotion;
import io.emotrace.domain.EmotionEstimate;
import io.emotrace.domain.EmotionTrackPoint;
import io.emotrace.domain.EmotionTracks;
import io.emotrace.domain.RuleFlag;
import io.emotrace.domain.Segment;
import io.emotrace.domain.SpeakerTurn;
import io.emotrace.domain.SpeechRegion;
import io.emotrace.domain.Transcript;
import io.emotrace.domain.Word;
import io.emotrace.vad.VadFactory;
import io.emotrace.vad.VoiceActivityDetector;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Test-only stage implementations. They compute simple real things from the audio (energy gating, alternating
 * speakers, loudness-based scores) so the pipeline's plumbing is exercised with data that depends on the input;
 * they are not models and never leave the test sources.
 */
public final class TestStages {
    private TestStages() {
    }

    /**
     * What every test stage shares: it is its own engine ({@code create()} returns it), always available, and
     * holds nothing to close. A subclass names itself and adds the one method that does the work.
     */
    public abstract static class SelfContained<T extends AutoCloseable> implements StageFactory<T> {
        private final String name;
        private final String description;

        protected SelfContained(String name, String description) {
            this.name = name;
            this.description = description;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Availability availability() {
            return Availability.yes("test");
        }

        @SuppressWarnings("unchecked")
        @Override
        public T create() {
            return (T) this; // the subclass implements T itself
        }

        public String describe() {
            return description;
        }

        public void close() {
        }
    }

    /** Decodes 16 kHz mono PCM16/float WAV only, through WavFileSource, chunk by chunk. */
    public static final class WavOnlyDecoder implements AudioDecoder {
        @Override
        public AudioStream open(Path file) throws UnsupportedAudioException {
            WavFileSource src = WavFileSource.open(file);
            if (src.sampleRate() != AudioStream.SAMPLE_RATE) {
                throw new UnsupportedAudioException(UnsupportedAudioException.Reason.UNSUPPORTED_CODEC,
                        "test decoder handles 16 kHz only");
            }
            return new AudioStream() {
                long pos;

                @Override
                public AudioInfo info() {
                    return new AudioInfo("wav", src.isFloat() ? "pcm_f32le" : "pcm_s16le", 16000, 1,
                            src.durationSeconds());
                }

                @Override
                public int read(float[] dst, int off, int len) {
                    if (pos >= src.length()) {
                        return -1;
                    }
                    int n = (int) Math.min(len, src.length() - pos);
                    src.read(pos, dst, off, n);
                    pos += n;
                    return n;
                }

                @Override
                public long position() {
                    return pos;
                }

                @Override
                public void close() {
                    src.close();
                }
            };
        }
    }

    /** 30 ms frames whose RMS exceeds a threshold, merged into regions. */
    public static final class EnergyVad extends SelfContained<VoiceActivityDetector>
            implements VadFactory, VoiceActivityDetector {
        public EnergyVad() {
            super("energy-test", "energy gate 0.01 RMS, 30 ms");
        }

        /** Streaming: probability 1 for a 512-sample chunk over the gate, else 0. */
        @Override
        public io.emotrace.vad.VadStream openStream() {
            return new io.emotrace.vad.VadStream() {
                private final float[] chunk = new float[512];
                private int filled;
                private long index;

                @Override
                public int chunkSamples() {
                    return 512;
                }

                @Override
                public void accept(float[] x, int off, int n, io.emotrace.vad.SileroVad.ProbabilitySink sink) {
                    for (int i = 0; i < n; i++) {
                        chunk[filled++] = x[off + i];
                        if (filled == 512) {
                            double e = 0;
                            for (float v : chunk) {
                                e += v * v;
                            }
                            sink.accept(index++, Math.sqrt(e / 512) > 0.01 ? 1f : 0f);
                            filled = 0;
                        }
                    }
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public List<SpeechRegion> detect(AudioSource audio) {
            int frame = 480;
            List<SpeechRegion> out = new ArrayList<>();
            double start = -1;
            float[] buf = new float[frame];
            for (long s = 0; s < audio.length(); s += frame) {
                audio.read(s, buf, 0, frame);
                double e = 0;
                for (float v : buf) {
                    e += v * v;
                }
                boolean speech = Math.sqrt(e / frame) > 0.01;
                double t = s / 16000.0;
                if (speech && start < 0) {
                    start = t;
                } else if (!speech && start >= 0) {
                    out.add(new SpeechRegion(start, t));
                    start = -1;
                }
            }
            if (start >= 0) {
                out.add(new SpeechRegion(start, audio.durationSeconds()));
            }
            return out;
        }
    }

    /** Alternates two raw speaker labels over the speech regions, to check renaming to S1, S2. */
    public static class AlternatingDiarizer extends SelfContained<Diarizer> implements DiarizerFactory, Diarizer {
        public AlternatingDiarizer() {
            super("alternating-test", "alternating");
        }

        /**
         * Live tests' stand-in embedding: the square roots of the energy shares of 24 bands of 0-3 kHz
         * (512-sample frames), a unit vector, so voices (or test tones) of different pitch are far apart.
         */
        @Override
        public float[][] embedClips(List<float[]> clips) {
            float[][] out = new float[clips.size()][];
            for (int c = 0; c < clips.size(); c++) {
                float[] x = clips.get(c);
                double[] bands = new double[24];
                int frames = 0;
                for (int off = 0; off + 512 <= x.length; off += 512) {
                    frames++;
                    for (int k = 1; k <= 96; k++) { // 31.25 Hz bins up to 3 kHz
                        double re = 0;
                        double im = 0;
                        for (int i = 0; i < 512; i++) {
                            double a = 2 * Math.PI * k * i / 512.0;
                            re += x[off + i] * Math.cos(a);
                            im -= x[off + i] * Math.sin(a);
                        }
                        bands[(k - 1) / 4] += re * re + im * im;
                    }
                }
                float[] e = new float[24];
                double sum = 0;
                for (double b : bands) {
                    sum += b;
                }
                for (int b = 0; b < 24; b++) {
                    e[b] = sum == 0 ? 0 : (float) Math.sqrt(bands[b] / sum); // unit length: energies sum to 1
                }
                out[c] = e;
            }
            return out;
        }

        @Override
        public DiarizationResult diarize(AudioSource audio, List<SpeechRegion> speech, ProgressListener progress) {
            List<SpeakerTurn> turns = new ArrayList<>();
            for (int i = 0; i < speech.size(); i++) {
                turns.add(new SpeakerTurn(i % 2 == 0 ? "spk_b" : "spk_a", speech.get(i).start(), speech.get(i).end()));
                progress.report(AnalysisPipeline.DIARIZATION, (i + 1.0) / speech.size(), null);
            }
            int speakers = (int) turns.stream().map(SpeakerTurn::speaker).distinct().count();
            // a diarizer that says how sure its count is: one more voice would have been plausible
            return new DiarizationResult(turns, turns, java.util.Map.of(),
                    new io.emotrace.domain.SpeakerCountRange(speakers, speakers, speakers + 1));
        }
    }

    /**
     * {@link LoudnessEmotion}'s answers with a voice per speaker whose speech is telephone-band (as the embedded model's
     * voices carry it), so the run can say the recording is a call's.
     */
    public static final class CallEmotion extends SelfContained<EmotionRecognizer>
            implements EmotionRecognizerFactory, EmotionRecognizer {
        private final LoudnessEmotion loudness = new LoudnessEmotion();

        public CallEmotion() {
            super("call-test", "loudness of a call");
        }

        @Override
        public List<EmotionEstimate> recognize(AudioSource audio, List<Segment> segments, ProgressListener p) {
            return loudness.recognize(audio, segments, p);
        }

        @Override
        public java.util.Map<String, io.emotrace.domain.SpeakerVoice> voices(AudioSource audio, List<Segment> segments,
                ProgressListener p) {
            java.util.Map<String, io.emotrace.domain.SpeakerVoice> voices = new java.util.HashMap<>();
            for (Segment s : segments) {
                voices.put(s.speaker() == null ? "" : s.speaker(), new io.emotrace.domain.SpeakerVoice(new double[] {1},
                        1, new double[0], 0, new io.emotrace.domain.BandEnergy(1e-6, 1.0)));
            }
            return voices;
        }
    }

    /** Scores from loudness: louder segments lean "angry", quiet ones "neutral"; softmax over 9 classes. */
    public static final class LoudnessEmotion extends SelfContained<EmotionRecognizer>
            implements EmotionRecognizerFactory, EmotionRecognizer {
        public LoudnessEmotion() {
            super("loudness-test", "loudness");
        }

        @Override
        public List<EmotionEstimate> recognize(AudioSource audio, List<Segment> segments, ProgressListener p) {
            List<EmotionEstimate> out = new ArrayList<>();
            for (Segment s : segments) {
                out.add(estimate(rms(audio, s.start(), s.end())));
            }
            return out;
        }

        /** 1 s windows every 0.5 s inside each segment; windows quieter than the VAD gate are not judged. */
        @Override
        public EmotionTracks track(AudioSource audio, List<Segment> segments, ProgressListener p) {
            List<List<EmotionTrackPoint>> all = new ArrayList<>();
            for (Segment s : segments) {
                List<EmotionTrackPoint> points = new ArrayList<>();
                for (double a = s.start(); a < s.end() - 1e-9; a += 0.5) {
                    double b = Math.min(s.end(), a + 1.0);
                    double rms = rms(audio, a, b);
                    boolean judged = rms > 0.01;
                    EmotionEstimate e = judged ? estimate(rms)
                            : new EmotionEstimate(Emotion.UNKNOWN, 0, uniform());
                    points.add(new EmotionTrackPoint((a + b) / 2, a, b, judged, e));
                    if (b >= s.end()) {
                        break;
                    }
                }
                all.add(points);
            }
            return new EmotionTracks("loudness, 1 s windows every 0.5 s", all);
        }

        private static double rms(AudioSource audio, double start, double end) {
            float[] x = audio.read((long) (start * 16000), (int) ((end - start) * 16000));
            double e = 0;
            for (float v : x) {
                e += v * v;
            }
            return Math.sqrt(e / Math.max(1, x.length));
        }

        private static EmotionEstimate estimate(double rms) {
            float[] logits = new float[9];
            logits[Emotion.ANGRY.ordinal()] = (float) (rms * 20);
            logits[Emotion.NEUTRAL.ordinal()] = 1f;
            double z = 0;
            for (float l : logits) {
                z += Math.exp(l);
            }
            float[] probs = new float[9];
            for (int i = 0; i < 9; i++) {
                probs[i] = (float) (Math.exp(logits[i]) / z);
            }
            return EmotionEstimate.fromScores(probs);
        }
    }

    /** Writes the segment's duration as words, one per half second. */
    public static final class CountingTranscriber extends SelfContained<Transcriber>
            implements TranscriberFactory, Transcriber {
        public CountingTranscriber() {
            super("counting-test", "counting");
        }

        /**
         * Streaming: a partial word per loud half second, all of them final at the first quiet half second (or
         * at the end).
         */
        @Override
        public TranscriberStream openStream() {
            return new TranscriberStream() {
                private final List<Word> partial = new ArrayList<>();
                private long pos;
                private int inBlock;
                private double energy;
                private int count;

                @Override
                public Update accept(float[] x, int off, int n) {
                    List<Word> finals = new ArrayList<>();
                    boolean changed = false;
                    for (int i = 0; i < n; i++) {
                        energy += x[off + i] * x[off + i];
                        pos++;
                        if (++inBlock == 8000) {
                            double t = pos / 16000.0;
                            if (Math.sqrt(energy / 8000) > 0.01) {
                                partial.add(new Word("w" + count++, t - 0.5, t, 0.5));
                                changed = true;
                            } else if (!partial.isEmpty()) {
                                finals.addAll(partial);
                                partial.clear();
                                changed = true;
                            }
                            inBlock = 0;
                            energy = 0;
                        }
                    }
                    return new Update(finals, changed ? partial : null);
                }

                @Override
                public List<Word> finish() {
                    List<Word> out = new ArrayList<>(partial);
                    partial.clear();
                    return out;
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public List<Transcript> transcribe(AudioSource audio, List<Segment> segments, ProgressListener p) {
            List<Transcript> out = new ArrayList<>();
            for (Segment s : segments) {
                List<Word> words = new ArrayList<>();
                for (double t = s.start(); t + 0.5 <= s.end() + 1e-9; t += 0.5) {
                    words.add(new Word("w" + words.size(), t, t + 0.5, 0.5));
                }
                out.add(new Transcript(String.join(" ", words.stream().map(Word::text).toList()), words, "en"));
            }
            return out;
        }
    }

    /** Flags every segment whose top emotion is angry. */
    public static final class AngerRule extends SelfContained<RuleEngine> implements RuleEngineFactory, RuleEngine {
        public AngerRule() {
            super("anger-test", "anger");
        }

        @Override
        public RulesOutcome evaluate(String document, java.time.Duration budget, List<AnalyzedSegment> segments,
                                     ProgressListener p) {
            List<RuleFlag> flags = segments.stream()
                    .filter(s -> s.emotion() != null && s.emotion().emotion() == Emotion.ANGRY)
                    .map(s -> new RuleFlag("anger", "warning", s.speaker(), s.start(), s.end(), "angry segment"))
                    .toList();
            return new RulesOutcome(flags, "anger", dir -> { });
        }
    }

    /**
     * An emotion stage that works slowly (10 ms units, {@code secondsPerSegment} per segment), checking its run's
     * cancellation between units, like the real engines; records when it stopped.
     */
    public static final class SlowEmotion extends SelfContained<EmotionRecognizer>
            implements EmotionRecognizerFactory, EmotionRecognizer {
        private final double secondsPerSegment;
        public volatile long stoppedAtNanos;
        public volatile boolean started;
        /** CPU time the spinning thread itself used (whatever share of a core the machine's load left it). */
        public volatile double spunCpuSeconds;

        public SlowEmotion(double secondsPerSegment) {
            super("slow-test", "slow");
            this.secondsPerSegment = secondsPerSegment;
        }

        @Override
        public List<EmotionEstimate> recognize(AudioSource audio, List<Segment> segments, ProgressListener p)
                throws EmotraceException {
            started = true;
            List<EmotionEstimate> out = new ArrayList<>();
            var threads = java.lang.management.ManagementFactory.getThreadMXBean();
            long cpu0 = threads.getCurrentThreadCpuTime();
            try {
                for (Segment s : segments) {
                    for (int u = 0; u < secondsPerSegment * 100; u++) {
                        p.checkCancelled();
                        long until = System.nanoTime() + 10_000_000L;
                        while (System.nanoTime() < until) {
                            Thread.onSpinWait(); // CPU work, not a sleep
                        }
                    }
                    out.add(new EmotionEstimate(Emotion.NEUTRAL, 0.5, uniform()));
                }
            } finally {
                stoppedAtNanos = System.nanoTime();
                spunCpuSeconds = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
            }
            return out;
        }
    }

    /** {@code base}, counting in {@code loads} how often an engine is created from it (loaded). */
    public static <F> F counting(Class<F> type, F base, java.util.concurrent.atomic.AtomicInteger loads) {
        return type.cast(java.lang.reflect.Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, m, args) -> {
                    if (m.getName().equals("create")) {
                        loads.incrementAndGet();
                    }
                    try {
                        return m.invoke(base, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                }));
    }

    /** A provider that is present but cannot run here, with its reason. */
    public static <F> F unavailable(Class<F> type, String reason) {
        return type.cast(java.lang.reflect.Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, m, args) -> switch (m.getName()) {
                    case "name" -> "unavailable-test";
                    case "availability" -> Availability.no(reason);
                    case "create" -> throw new EmotraceException("test.unavailable", reason);
                    case "toString" -> "unavailable-test";
                    default -> throw new UnsupportedOperationException(m.getName());
                }));
    }

    /** A provider whose engine throws while working. */
    public static DiarizerFactory failingDiarizer() {
        return new AlternatingDiarizer() {
            @Override
            public DiarizationResult diarize(AudioSource a, List<SpeechRegion> s, ProgressListener p) {
                throw new IllegalStateException("embedding model exploded (injected)");
            }
        };
    }

    public static StageCatalog all() {
        return StageCatalog.of(List.of(new WavOnlyDecoder()), List.of(new EnergyVad()),
                List.of(new AlternatingDiarizer()), List.of(new LoudnessEmotion()), List.of(new CountingTranscriber()),
                List.of(new AngerRule()));
    }

    public static StageCatalog decoderOnly() {
        return StageCatalog.of(List.of(new WavOnlyDecoder()), List.of(), List.of(), List.of(), List.of(), List.of());
    }

    static Map<Emotion, Double> uniform() {
        Map<Emotion, Double> m = new EnumMap<>(Emotion.class);
        for (Emotion e : Emotion.values()) {
            m.put(e, 1.0 / 9);
        }
        return m;
    }
}
