package io.emotrace.asr;

import io.emotrace.EmotraceException;
import io.emotrace.pipeline.Availability;
import io.emotrace.pipeline.Transcriber;
import io.emotrace.pipeline.TranscriberFactory;

/**
 * The ASR stage provider: Vosk with the embedded English model, or the model directory named by
 * {@code EMOTRACE_ASR_MODEL} ({@code -Demotrace.asr.model}). Unavailable, with the reason, when libvosk cannot
 * load or the model is missing.
 */
public final class VoskTranscriberFactory implements TranscriberFactory {
    private final AsrModelChoice explicit;

    /** ServiceLoader constructor: the model is chosen from the environment on each call. */
    public VoskTranscriberFactory() {
        this(null);
    }

    public VoskTranscriberFactory(AsrModelChoice choice) {
        this.explicit = choice;
    }

    private AsrModelChoice choice() {
        return explicit != null ? explicit : AsrModelChoice.fromEnvironment();
    }

    @Override
    public String name() {
        return "vosk";
    }

    @Override
    public Availability availability() {
        AsrModelChoice c = choice();
        String problem = c.problem();
        if (problem != null) {
            return Availability.no(problem);
        }
        return Availability.yes(c.isEmbedded() ? "Vosk, embedded " + VoskModelCache.MODEL : "Vosk, " + c.directory());
    }

    @Override
    public Transcriber create() throws EmotraceException {
        return new AsrTranscriber(choice().open(), AsrTranscriber.defaultThreads());
    }
}
