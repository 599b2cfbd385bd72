package io.emotrace.output;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** {@code timeline.json}: the per-speaker timelines of a run on their own, for tools that only want those. */
public final class TimelineJson {
    public static final String FILE_NAME = "timeline.json";

    private TimelineJson() {
    }

    /** The document: which input, how long, in which language, and one timeline per speaker. */
    public record Document(int schemaVersion, String input, double durationSeconds, String language,
                           List<SpeakerTimeline> speakers) {
    }

    public static Document of(AnalysisResult r) {
        return new Document(r.schemaVersion(), r.input().fileName(), r.processedAudio().durationSeconds(), r.language(),
                r.timelines());
    }

    public static Path write(Path dir, AnalysisResult result) throws IOException {
        Path target = dir.resolve(FILE_NAME);
        AtomicFiles.writeJson(target, ResultJson.mapper(), of(result));
        return target;
    }

    public static Document read(Path file) throws IOException {
        return ResultJson.mapper().readValue(file.toFile(), Document.class);
    }
}
