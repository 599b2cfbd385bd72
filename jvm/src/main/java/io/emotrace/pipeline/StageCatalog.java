package io.emotrace.pipeline;

import io.emotrace.EmotraceException;
import io.emotrace.audio.AudioDecoder;
import io.emotrace.vad.VadFactory;
import io.emotrace.vad.VoiceActivityDetector;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * The stage providers a run can use. {@link #fromClasspath()} discovers them with ServiceLoader, so stages built
 * by later issues plug in by adding a jar; tests pass their own lists. For each stage the first available
 * provider wins; when none is available the reason is kept and shown, never papered over.
 */
public final class StageCatalog {
    private final List<AudioDecoder> decoders;
    private final String decoderProblem;
    private final List<VadFactory> vad;
    private final List<DiarizerFactory> diarizers;
    private final List<EmotionRecognizerFactory> emotion;
    private final List<TranscriberFactory> asr;
    private final List<RuleEngineFactory> rules;

    private StageCatalog(List<AudioDecoder> decoders, String decoderProblem, List<VadFactory> vad,
                         List<DiarizerFactory> diarizers, List<EmotionRecognizerFactory> emotion,
                         List<TranscriberFactory> asr, List<RuleEngineFactory> rules) {
        this.decoders = List.copyOf(decoders);
        this.decoderProblem = decoderProblem;
        this.vad = List.copyOf(vad);
        this.diarizers = List.copyOf(diarizers);
        this.emotion = List.copyOf(emotion);
        this.asr = List.copyOf(asr);
        this.rules = List.copyOf(rules);
    }

    public static StageCatalog of(List<AudioDecoder> decoders, List<VadFactory> vad, List<DiarizerFactory> diarizers,
                                  List<EmotionRecognizerFactory> emotion, List<TranscriberFactory> asr,
                                  List<RuleEngineFactory> rules) {
        return new StageCatalog(decoders, null, vad, diarizers, emotion,
                asr, rules);
    }

    public static StageCatalog fromClasspath() {
        List<AudioDecoder> decoders = new ArrayList<>();
        String problem = null;
        try {
            for (AudioDecoder d : ServiceLoader.load(AudioDecoder.class)) {
                decoders.add(d);
            }
        } catch (ServiceConfigurationError | LinkageError e) {
            // a decoder whose natives cannot load is reported, not allowed to take the CLI down
            problem = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        return new StageCatalog(decoders, problem, load(VadFactory.class),
                load(DiarizerFactory.class), load(EmotionRecognizerFactory.class), load(TranscriberFactory.class),
                load(RuleEngineFactory.class));
    }

    private static <T> List<T> load(Class<T> type) {
        return providers(type, "emotrace");
    }

    /**
     * The ServiceLoader providers of {@code type}. One that cannot even be instantiated is left out and reported
     * on stderr after {@code program}; the others still count.
     */
    public static <T> List<T> providers(Class<T> type, String program) {
        List<T> out = new ArrayList<>();
        try {
            ServiceLoader.load(type).forEach(out::add);
        } catch (ServiceConfigurationError | LinkageError e) {
            System.err.println(program + ": ignoring a broken " + type.getSimpleName() + " provider: " + e);
        }
        return out;
    }

    /** The same providers with the ASR replaced, e.g. by the model directory a user named on the command line. */
    public StageCatalog withTranscribers(List<TranscriberFactory> transcribers) {
        return new StageCatalog(decoders, decoderProblem, vad, diarizers, emotion, transcribers, rules);
    }

    /** The decoder to use, or a typed error saying why there is none. */
    public AudioDecoder decoder() throws EmotraceException {
        if (!decoders.isEmpty()) {
            return decoders.get(0);
        }
        throw new EmotraceException("decoder.unavailable", "audio decoder not available: "
                + (decoderProblem != null ? "its provider failed to load (" + decoderProblem + ")"
                : "no io.emotrace.audio.AudioDecoder on the classpath yet (audio decoding issue)"));
    }

    public boolean hasDecoder() {
        return !decoders.isEmpty();
    }

    public Choice<VoiceActivityDetector> vad() {
        return pick(vad, "voice activity detection issue");
    }

    public Choice<Diarizer> diarizer() {
        return pick(diarizers, "diarization issue");
    }

    public Choice<EmotionRecognizer> emotion() {
        return pick(emotion, "emotion issue");
    }

    public Choice<Transcriber> transcriber() {
        return pick(asr, "transcription and rules issue");
    }

    public Choice<RuleEngine> rules() {
        return pick(rules, "transcription and rules issue");
    }

    /** The chosen provider, or null with the reason shown to users. */
    public record Choice<T extends AutoCloseable>(StageFactory<T> factory, String reason) {
        public boolean available() {
            return factory != null;
        }
    }

    private static <T extends AutoCloseable> Choice<T> pick(List<? extends StageFactory<T>> factories, String issue) {
        if (factories.isEmpty()) {
            return new Choice<>(null, "no implementation on the classpath yet (" + issue + ")");
        }
        List<String> reasons = new ArrayList<>();
        for (StageFactory<T> f : factories) {
            Availability a;
            try {
                a = f.availability();
            } catch (RuntimeException | LinkageError e) {
                a = Availability.no("availability check failed: " + e);
            }
            if (a.available()) {
                return new Choice<>(f, null);
            }
            reasons.add(f.name() + ": " + a.detail());
        }
        return new Choice<>(null, String.join("; ", reasons));
    }
}
