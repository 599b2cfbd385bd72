package io.emotrace.asr;

import io.emotrace.audio.AudioSource;
import io.emotrace.domain.Transcript;

/**
 * The default: Vosk's small US-English model (0.15, Apache-2.0) from the {@code vosk-model-en} aar, unpacked
 * into the model cache at first use by {@link VoskModelCache}.
 */
public final class EmbeddedEnglishAsr implements Asr {
    private final VoskModelAsr vosk;

    private EmbeddedEnglishAsr(VoskModelAsr vosk) {
        this.vosk = vosk;
    }

    public static EmbeddedEnglishAsr open() throws AsrException {
        return open(VoskModelCache.withDefaults());
    }

    public static EmbeddedEnglishAsr open(VoskModelCache cache) throws AsrException {
        return new EmbeddedEnglishAsr(VoskModelAsr.open(cache.ensure(), "en", "embedded " + VoskModelCache.MODEL));
    }

    @Override
    public Transcript transcribe(AudioSource audio, double start, double end) throws AsrException {
        return vosk.transcribe(audio, start, end);
    }

    @Override
    public Transcript transcribe(AudioSource audio, double start, double end, java.util.function.BooleanSupplier stop)
            throws AsrException {
        return vosk.transcribe(audio, start, end, stop);
    }

    @Override
    public io.emotrace.pipeline.TranscriberStream openStream() throws AsrException {
        return vosk.openStream();
    }

    @Override
    public String language() {
        return vosk.language();
    }

    @Override
    public String describe() {
        return vosk.describe();
    }

    @Override
    public void close() {
        vosk.close();
    }
}
