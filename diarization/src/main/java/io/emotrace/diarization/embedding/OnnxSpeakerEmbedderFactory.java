package io.emotrace.diarization.embedding;

import io.emotrace.EmotraceException;
import io.emotrace.pipeline.Availability;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * ServiceLoader provider for a user-provided CAM++ / WeSpeaker ONNX model (listed before the project model, so a
 * configured one is the first available), named by
 * {@code -Demotrace.speaker.onnx=FILE} or {@code EMOTRACE_SPEAKER_ONNX=FILE}. Unavailable (with the reason)
 * when neither is set or the file is missing; no such model ships with emotrace.
 */
public final class OnnxSpeakerEmbedderFactory implements SpeakerEmbedderFactory {
    private final String configured;

    public OnnxSpeakerEmbedderFactory() {
        this(configured());
    }

    public OnnxSpeakerEmbedderFactory(String file) {
        this.configured = file;
    }

    private static String configured() {
        String p = System.getProperty("emotrace.speaker.onnx");
        if (p == null || p.isBlank()) {
            p = System.getenv("EMOTRACE_SPEAKER_ONNX");
        }
        return p == null || p.isBlank() ? null : p.strip();
    }

    @Override
    public String name() {
        return OnnxSpeakerEmbedder.NAME;
    }

    @Override
    public Availability availability() {
        if (configured == null) {
            return Availability.no("no ONNX speaker model configured: set EMOTRACE_SPEAKER_ONNX (or -Demotrace.speaker.onnx)"
                    + " to a CAM++ / WeSpeaker export (80-bin fbank [B,T,80] in, embedding [B,D] out)");
        }
        if (!Files.isRegularFile(Path.of(configured))) {
            return Availability.no("ONNX speaker model not found: " + configured);
        }
        return Availability.yes("ONNX speaker model " + configured);
    }

    @Override
    public SpeakerEmbedder create() throws EmotraceException {
        if (configured == null) {
            throw new EmotraceException("speaker.model.missing", availability().detail());
        }
        return OnnxSpeakerEmbedder.load(Path.of(configured));
    }
}
