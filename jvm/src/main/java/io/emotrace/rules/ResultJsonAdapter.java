package io.emotrace.rules;

import com.fasterxml.jackson.databind.JsonNode;
import io.emotrace.domain.Emotion;
import io.emotrace.domain.Word;
import io.emotrace.output.ResultJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one class that knows how result.json spells segments, so a schema change touches only this file. Reads the
 * JSON tree (not the pipeline's records) and is lenient about fields it does not need: a run without emotion or
 * ASR still loads, with null emotions or empty texts.
 */
public final class ResultJsonAdapter {
    private ResultJsonAdapter() {
    }

    /** Reads {@code runDir/result.json} (or the file itself when a file is given). */
    public static StoredAnalysis read(Path runDirOrFile) throws RulesException {
        Path file = Files.isDirectory(runDirOrFile) ? runDirOrFile.resolve(ResultJson.FILE_NAME) : runDirOrFile;
        if (!Files.isRegularFile(file)) {
            throw new RulesException("rules.run_not_found", runDirOrFile + ": no " + ResultJson.FILE_NAME
                    + " (expected an analysis run directory)");
        }
        JsonNode root;
        try {
            root = ResultJson.mapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new RulesException("rules.run_unreadable", file + ": not readable JSON (" + e.getMessage() + ")", e);
        }
        return fromTree(root, file.toString());
    }

    static StoredAnalysis fromTree(JsonNode root, String where) throws RulesException {
        JsonNode segs = root.path("segments");
        if (!root.isObject() || !segs.isArray()) {
            throw new RulesException("rules.run_schema", where + ": no \"segments\" array (not an emotrace result)");
        }
        String runLanguage = text(root, "language");
        if (runLanguage == null) {
            runLanguage = text(root.path("asr"), "language");
        }
        List<SegmentView> views = new ArrayList<>();
        Set<String> speakers = new LinkedHashSet<>();
        root.path("speakers").forEach(s -> {
            if (s.hasNonNull("id")) {
                speakers.add(s.get("id").asText());
            }
        });
        double duration = root.path("processedAudio").path("durationSeconds").asDouble(0);
        for (int i = 0; i < segs.size(); i++) {
            JsonNode s = segs.get(i);
            String speaker = text(s, "speaker");
            double start = s.path("start").asDouble(Double.NaN);
            double end = s.path("end").asDouble(Double.NaN);
            if (!(end >= start)) {
                throw new RulesException("rules.run_schema", where + ": /segments/" + i + " has no valid start/end");
            }
            if (speaker != null) {
                speakers.add(speaker);
            }
            JsonNode emo = s.path("emotion");
            Emotion emotion = null;
            double confidence = 0;
            Map<Emotion, Double> scores = new EnumMap<>(Emotion.class);
            if (emo.hasNonNull("emotion")) {
                emotion = emotion(emo.get("emotion").asText(), where, i);
                confidence = emo.path("confidence").asDouble(0);
                var it = emo.path("scores").fields();
                while (it.hasNext()) {
                    var e = it.next();
                    scores.put(emotion(e.getKey(), where, i), e.getValue().asDouble());
                }
            }
            List<Word> words = new ArrayList<>();
            s.path("words").forEach(w -> words.add(new Word(w.path("text").asText(w.path("word").asText("")),
                    w.path("start").asDouble(start), w.path("end").asDouble(end), w.path("confidence").asDouble(1))));
            views.add(new SegmentView(i, speaker, start, end, emotion, confidence, scores, text(s, "text"), words,
                    text(s, "language"), embedding(s.path("embedding"))));
            duration = Math.max(duration, end);
        }
        return new StoredAnalysis(views, new ArrayList<>(speakers), runLanguage, duration);
    }

    private static Emotion emotion(String label, String where, int i) throws RulesException {
        try {
            return Emotion.parse(label);
        } catch (IllegalArgumentException e) {
            throw new RulesException("rules.run_schema", where + ": /segments/" + i + " has an unknown emotion '"
                    + label + "'");
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static float[] embedding(JsonNode n) {
        if (!n.isArray() || n.isEmpty()) {
            return null;
        }
        float[] v = new float[n.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) n.get(i).asDouble();
        }
        return v;
    }
}
