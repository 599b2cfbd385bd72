package io.emotrace.rules;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

    /** {@code result}'s timelines get the ruled marks in place (result.json is already written). */
    static void write(Path runDir, JsonNode result, RuleEvaluation evaluation, Map<String, Object> ruleSet)
            throws IOException {
        ObjectMapper mapper = ResultJson.mapper();
        Map<Integer, RuledEmotion> ruled = new LinkedHashMap<>();
        for (SegmentAdjustment a : evaluation.adjustments()) {
            ruled.put(a.segment(), new RuledEmotion(a.emotionAfter(), a.confidenceAfter(), a.rules()));
        }
        Path timeline = runDir.resolve(TimelineJson.FILE_NAME);
        if (Files.isRegularFile(timeline) && result.path("timelines").isArray()) {
            ObjectNode doc = headerOf(timeline, mapper);
            ArrayNode speakers = (ArrayNode) result.path("timelines");
            markTurns(speakers, result.path("segments"), ruled, mapper);
            doc.set("speakers", speakers);
            doc.set("rules", mapper.valueToTree(ruleSet));
            AtomicFiles.writeJson(timeline, mapper, doc);
        }
        Path transcript = runDir.resolve(TranscriptText.FILE_NAME);
        if (Files.isRegularFile(transcript)) {
            AnalysisResult r = mapper.treeToValue(result, AnalysisResult.class);
            AtomicFiles.write(transcript, TranscriptText.format(r, ruled).getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * timeline.json's fields other than {@code speakers} (rebuilt from result.json anyway), in their order; the
     * speakers, nearly all of the file, are skipped by the parser rather than built as a tree.
     */
    private static ObjectNode headerOf(Path timeline, ObjectMapper mapper) throws IOException {
        ObjectNode doc = mapper.createObjectNode();
        try (JsonParser p = mapper.createParser(timeline.toFile())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException(timeline + " is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if (name.equals("speakers")) {
                    p.skipChildren();
                    doc.putNull(name); // keeps the field's place; set below
                } else {
                    doc.set(name, mapper.readTree(p));
                }
            }
        }
        return doc;
    }

    /** A timeline turn is the segment of the same speaker with the same start and end. */
    private static void markTurns(ArrayNode speakers, JsonNode segments, Map<Integer, RuledEmotion> ruled,
                                  ObjectMapper mapper) {
        for (Map.Entry<Integer, RuledEmotion> e : ruled.entrySet()) {
            JsonNode seg = segments.path(e.getKey());
            String speaker = seg.path("speaker").isTextual() ? seg.path("speaker").asText() : null;
            for (JsonNode timeline : speakers) {
                String owner = timeline.path("speaker").isTextual() ? timeline.path("speaker").asText() : null;
                if (!Objects.equals(owner, speaker)) {
                    continue;
                }
                for (JsonNode turn : timeline.path("turns")) {
                    if (turn.path("start").asDouble() == seg.path("start").asDouble()
                            && turn.path("end").asDouble() == seg.path("end").asDouble()) {
                        ((ObjectNode) turn).set("ruled", mapper.valueToTree(e.getValue()));
                    }
                }
            }
        }
    }
}
