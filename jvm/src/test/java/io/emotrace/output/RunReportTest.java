package io.emotrace.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emotrace.domain.RuleFlag;
import io.emotrace.pipeline.AnalysisPipeline;
import io.emotrace.pipeline.AnalysisRun;
import io.emotrace.pipeline.ProgressListener;
import io.emotrace.pipeline.TestStages;
import io.emotrace.audio.WavWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunReportTest {
    @TempDir
    Path dir;

    private AnalysisResult analysed() throws Exception {
        Path input = dir.resolve("meet<ing>.wav");
        float[] x = new float[16000 * 5];
        for (int i = 0; i < x.length; i++) {
            double amp = (i / 16000) % 2 == 0 ? 0.5 : 0.05; // loud (angry) and quiet seconds
            x[i] = (float) (amp * Math.sin(2 * Math.PI * 220 * i / 16000.0));
        }
        try (WavWriter w = WavWriter.pcm16(input)) {
            w.write(x);
        }
        try (AnalysisPipeline p = new AnalysisPipeline(TestStages.all())) {
            AnalysisRun run = p.run(input, dir.resolve("out"), ProgressListener.NONE);
            return run.result();
        }
    }

    @Test
    void reportShowsSpeakersTimelineAndFlaggedMomentsEscaped() throws Exception {
        AnalysisResult r = analysed();
        assertFalse(r.flags().isEmpty(), "the test rules flag the loud (angry) segments");
        String html = RunReport.html(r);
        assertTrue(html.contains("meet&lt;ing&gt;.wav"), "file name escaped");
        assertFalse(html.contains("meet<ing>"), "no raw markup from the input");
        assertFalse(html.contains("<script"), "self-contained, no scripts");
        assertEquals(r.segments().size(), count(html, "class=\"seg\""), "one timeline bar per segment");
        assertEquals(r.flags().size(), count(html, "class=\"flag\""), "one outline per flag");
        for (SpeakerTimeline t : r.timelines()) {
            assertTrue(html.contains("<td>" + t.speaker() + "</td>"), "speaker row " + t.speaker());
        }
        RuleFlag f = r.flags().get(0);
        String excerpt = RunReport.excerpt(r, f);
        assertFalse(excerpt.isBlank(), "the flagged segment's words");
        assertTrue(html.contains(RunReport.esc(excerpt)));
    }

    @Test
    void csvHasOneRowPerSegmentAndQuotesTextSafely() throws Exception {
        AnalysisResult r = analysed();
        List<io.emotrace.domain.AnalyzedSegment> segs = new ArrayList<>(r.segments());
        var s0 = segs.get(0);
        segs.set(0, new io.emotrace.domain.AnalyzedSegment(s0.speaker(), s0.start(), s0.end(), s0.emotion(),
                "=cmd(\"x\"), then\nmore", s0.words(), s0.language(), 0.625));
        AnalysisResult edited = new AnalysisResult(r.schemaVersion(), r.emotraceVersion(), r.created(), r.input(),
                r.processedAudio(), r.stages(), r.speech(), r.speakers(), segs, r.flags(), r.language(),
                r.speakerTurns(), r.timelines());
        String csv = RunReport.segmentsCsv(edited);
        String[] rows = csv.split("\r\n");
        assertTrue(rows[0].startsWith("index,speaker,start,end,emotion,confidence,text,score_"));
        assertTrue(csv.contains("\"'=cmd(\"\"x\"\"), then\nmore\""), "formula defused and quoted: " + csv);
        assertEquals(segs.size(), csv.split("\r\n", -1).length - 2, "rows");
        assertTrue(rows[0].endsWith(",speaker_name,speaker_confidence"), rows[0]);
        assertTrue(csv.contains(",0.625\r\n"), "the speaker confidence closes its row: " + csv);
        String speaker = segs.get(0).speaker();
        assertTrue(speaker != null, "the test stages diarize: " + segs.get(0));
        assertEquals(0.625, RunReport.voiceSure(edited, speaker), 1e-9, "its only segment with a confidence");
        assertEquals(null, RunReport.voiceSure(r, speaker), "no segment says: no figure");
        assertTrue(RunReport.html(edited).contains("<td>63 %</td>"), "the speakers table shows it");
        assertTrue(RunReport.html(r).contains("voice sure</th>"));
    }

    private static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
