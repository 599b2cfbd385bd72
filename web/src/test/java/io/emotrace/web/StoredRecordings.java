package io.emotrace.web;

import io.emotrace.domain.AnalyzedSegment;
import io.emotrace.domain.EmotionEstimate;
import io.emotrace.domain.StageStatus;
import io.emotrace.output.AnalysisResult;
import io.emotrace.output.ResultJson;
import io.emotrace.web.db.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** A finished analysis put straight into a service's database (result.json + a 'done' row), without running models. */
public final class StoredRecordings {
    private StoredRecordings() {
    }

    /** {@code segments} segments of one speaker, each with {@code text} as its transcript; returns the id. */
    static String addDone(TestService service, int segments, String text) throws Exception {
        float[] scores = {0.1f, 0.1f, 0.1f, 0.1f, 0.2f, 0.1f, 0.1f, 0.1f, 0.1f};
        List<AnalyzedSegment> segs = new ArrayList<>();
        for (int i = 0; i < segments; i++) {
            segs.add(new AnalyzedSegment("S1", i, i + 1, EmotionEstimate.fromScores(scores), text, List.of()));
        }
        return addDone(service.server().components().db(), service.data().resolve("test-runs"), segs);
    }

    /** A 'done' recording whose run folder (under {@code runs}) holds these segments; returns the id. */
    public static String addDone(Database db, Path runs, List<AnalyzedSegment> segs) throws Exception {
        String id = UUID.randomUUID().toString();
        Path run = Files.createDirectories(runs.resolve(id));
        double end = segs.stream().mapToDouble(AnalyzedSegment::end).max().orElse(0);
        List<AnalysisResult.Speaker> speakers = segs.stream().map(AnalyzedSegment::speaker).distinct()
                .map(s -> new AnalysisResult.Speaker(s, segs.stream().filter(g -> g.speaker().equals(s))
                        .mapToDouble(g -> g.end() - g.start()).sum(),
                        (int) segs.stream().filter(g -> g.speaker().equals(s)).count())).toList();
        ResultJson.write(run, new AnalysisResult(1, "test", "2026-01-01T00:00:00Z",
                new AnalysisResult.Input("/x/in.wav", "in.wav", 10, "00", "wav", "pcm_s16le", 16000, 1, end),
                new AnalysisResult.ProcessedAudio("processed_audio.wav", "pcm_s16le", 16000, (long) end * 16000, end),
                List.of(new AnalysisResult.Stage("rules", StageStatus.OK, "x", 0.1)), List.of(), speakers, segs,
                List.of()));
        db.tx(c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO recordings(id, file_name, upload_path, "
                    + "size_bytes, created_at, status, progress, run_dir) VALUES (?,?,?,?,?,?,?,?)")) {
                p.setString(1, id);
                p.setString(2, "in.wav");
                p.setString(3, run.resolve("in.wav").toString());
                p.setLong(4, 10);
                p.setLong(5, System.currentTimeMillis());
                p.setString(6, "done");
                p.setDouble(7, 1);
                p.setString(8, run.toString());
                return p.executeUpdate();
            }
        });
        return id;
    }
}
