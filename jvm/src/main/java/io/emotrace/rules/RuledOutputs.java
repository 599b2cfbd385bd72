package io.emotrace.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emotrace.domain.AnalyzedSegment;
import io.emotrace.output.AnalysisResult;
import io.emotrace.output.AtomicFiles;
import io.emotrace.output.ResultJson;
import io.emotrace.output.RuledEmotion;
import io.emotrace.output.TimelineJson;
import io.emotrace.output.TranscriptText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Brings a run's timeline.json and transcript.txt in line with a re-evaluation: a turn the rules changed shows the
 * rules' label and confidence ({@code turns[].ruled} in timeline.json) beside the model's estimate, which stays as
 * it was, as result.json keeps the models' segments beside the rules' outcome. Both files are rebuilt from
 * result.json each time, so the changes of an earlier rule set never linger. Files a run does not have stay absent.
 */
final class RuledOutputs {
    private RuledOutputs() {
    }

    /** {@code resultFile} is the run's result.json, already holding this evaluation's outcome. */
    static void write(Path runDir, Path resultFile, RuleEvaluation evaluation, Map<String, Object> ruleSet)
            throws IOException {
        ObjectMapper mapper = ResultJson.mapper();
        Map<Integer, RuledEmotion> ruled = new LinkedHashMap<>();
        for (SegmentAdjustment a : evaluation.adjustments()) {
            ruled.put(a.segment(), new RuledEmotion(a.emotionAfter(), a.confidenceAfter(), a.rules()));
        }
        ResultJsonStream.Parts parts = ResultJsonStream.parts(mapper, resultFile);
        Path timeline = runDir.resolve(TimelineJson.FILE_NAME);
        if (Files.isRegularFile(timeline) && parts.hasTimelines()) {
            Map<String, ResultJsonStream.ValueWriter> fields = new LinkedHashMap<>();
            // the speakers are result.json's timelines, one speaker in memory at a time, with the ruled turns marked
            fields.put("speakers", ResultJsonStream.array(mapper, resultFile, "timelines",
                    speaker -> markTurns(speaker, parts.segments(), ruled, mapper)));
            fields.put("rules", ResultJsonStream.tree(mapper, mapper.valueToTree(ruleSet)));
            ResultJsonStream.rewrite(mapper, timeline, fields);
        }
        Path transcript = runDir.resolve(TranscriptText.FILE_NAME);
        if (Files.isRegularFile(transcript)) {
            String text = TranscriptText.format(parts.segments(), id -> AnalysisResult.label(parts.speakers(), id), ruled);
            AtomicFiles.write(transcript, text.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** A timeline turn is the segment of the same speaker with the same start and end. */
    private static void markTurns(JsonNode timeline, List<AnalyzedSegment> segments, Map<Integer, RuledEmotion> ruled,
                                  ObjectMapper mapper) {
        String owner = timeline.path("speaker").isTextual() ? timeline.path("speaker").asText() : null;
        for (Map.Entry<Integer, RuledEmotion> e : ruled.entrySet()) {
            int i = e.getKey();
            if (i < 0 || i >= segments.size() || !Objects.equals(owner, segments.get(i).speaker())) {
                continue;
            }
            AnalyzedSegment seg = segments.get(i);
            for (JsonNode turn : timeline.path("turns")) {
                if (turn.path("start").asDouble() == seg.start() && turn.path("end").asDouble() == seg.end()) {
                    ((ObjectNode) turn).set("ruled", mapper.valueToTree(e.getValue()));
                }
            }
        }
    }
}
