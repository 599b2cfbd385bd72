package io.emotrace.web.speakers;

import io.emotrace.EmotraceException;
import io.emotrace.audio.AudioDecoder;
import io.emotrace.diarization.embedding.SpeakerEmbedder;
import io.emotrace.diarization.pipeline.SpeakerDiarizerFactory;
import io.emotrace.diarization.speakers.VoiceEmbedding;
import io.emotrace.domain.SpeakerName;
import io.emotrace.output.AnalysisResult;
import io.emotrace.speakers.SpeakerDirectory;
import io.emotrace.speakers.SpeakerThreshold;
import io.emotrace.speakers.Voiceprint;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The service's known speakers: the enrolled voices ({@link SpeakerDirectory} under {@code speakersDir}), enrolment
 * from uploaded audio (the diarizer's speaker embedder, loaded once on first use and closed with the service), and
 * the names a recording's speakers have now (what the analysis matched, overlaid with renames of that recording).
 */
public final class SpeakerService implements AutoCloseable {
    private final SpeakerDirectory directory;
    private final SpeakerThreshold threshold;
    private SpeakerEmbedder embedder;
    private boolean closed;

    public SpeakerService(Path dir, SpeakerThreshold threshold) {
        this.directory = new SpeakerDirectory(dir);
        this.threshold = threshold;
    }

    public SpeakerDirectory directory() {
        return directory;
    }

    public SpeakerThreshold threshold() {
        return threshold;
    }

    private synchronized SpeakerEmbedder embedder() throws EmotraceException {
        if (closed) {
            throw new EmotraceException("service.stopping", "the service is stopping");
        }
        if (embedder == null) {
            embedder = new SpeakerDiarizerFactory().embedderFactory().create();
        }
        return embedder;
    }

    /** Enrols {@code name} with the speech of {@code files} (decoded with the service's decoder). Blocking. */
    public Voiceprint enrollAudio(String name, List<Path> files, AudioDecoder decoder) throws EmotraceException {
        List<float[]> speech = new ArrayList<>();
        for (Path f : files) {
            speech.add(VoiceEmbedding.speechOnly(decoder.decodeAll(f)));
        }
        SpeakerEmbedder emb = embedder();
        VoiceEmbedding.Pieces p = VoiceEmbedding.embed(emb, speech);
        return directory.enroll(name, p.embeddings(), p.seconds(), emb.name());
    }

    /** The embedder's name, the label voiceprints of this service carry. Blocking (loads it on first use). */
    public String embedderName() throws EmotraceException {
        return embedder().name();
    }

    /**
     * The names of a recording's speakers now: those the analysis found (enrolled voices), replaced by the names
     * given by hand to that recording ({@code renames}, by speaker id).
     */
    public static Map<String, SpeakerName> names(AnalysisResult result, Map<String, String> renames) {
        Map<String, SpeakerName> out = new LinkedHashMap<>(result.speakerNames());
        renames.forEach((speaker, name) -> out.put(speaker, SpeakerName.renamed(name)));
        return out;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (embedder != null) {
            embedder.close();
            embedder = null;
        }
    }
}
