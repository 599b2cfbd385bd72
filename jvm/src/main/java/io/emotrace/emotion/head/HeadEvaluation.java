package io.emotrace.emotion.head;

import com.fasterxml.jackson.databind.JsonNode;
import io.emotrace.EmotraceException;
import io.emotrace.domain.Emotion;
import io.emotrace.emotion.embedded.CorpusLabels;
import io.emotrace.emotion.embeddings.EmbeddingSet;
import io.emotrace.emotion.train.ClassMetrics;
import io.emotrace.output.ResultJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores a trained head, and the model's own (default) head, on labelled held-out embeddings. The default head's
 * answer is read from the {@code emotion.json} that {@code emotion --embeddings} wrote beside each
 * {@code embedding.npy}; both predict by argmax over the head's classes, so they answer the same question.
 */
public final class HeadEvaluation {
    private HeadEvaluation() {
    }

    /** Maps a label (corpus names such as calm, fear; English or Chinese class names) to its class. */
    public static Emotion label(String s) throws EmotraceException {
        Emotion e = CorpusLabels.map(s);
        if (e != null) {
            return e;
        }
        try {
            return Emotion.parse(s);
        } catch (IllegalArgumentException ex) {
            throw new EmotraceException("labels.value", "label '" + s + "' is none of the 9 classes "
                    + Arrays.toString(Emotion.values()) + " (corpus names calm, fear, disgust, surprise are mapped)");
        }
    }

    /** Metrics of the trained head and, where emotion.json files exist, of the default head. */
    public record Report(ClassMetrics trained, ClassMetrics defaultHead, int defaultMissing) {
        public Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("trained_head", metrics(trained));
            if (defaultHead != null) {
                m.put("default_head", metrics(defaultHead));
            }
            if (defaultMissing > 0) {
                m.put("default_head_missing", defaultMissing);
            }
            return m;
        }

        static Map<String, Object> metrics(ClassMetrics c) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("utterances", c.total());
            m.put("ua", round(c.ua()));
            m.put("wa", round(c.wa()));
            m.put("macro_f1", round(c.macroF1()));
            m.put("classes", c.classes().stream().map(Emotion::english).toList());
            m.put("confusion_rows_truth_cols_predicted", c.confusion());
            return m;
        }

        private static double round(double v) {
            return Math.round(v * 1e4) / 1e4;
        }
    }

    public static Report evaluate(MlpHead head, EmbeddingSet set, Map<String, String> labels) throws EmotraceException {
        List<Emotion> classes = List.of(head.classes());
        ClassMetrics trained = new ClassMetrics(classes);
        ClassMetrics byDefault = new ClassMetrics(classes);
        int missing = 0;
        for (EmbeddingSet.Item it : set.items()) {
            String l = labels.get(it.key());
            if (l == null) {
                continue;
            }
            Emotion truth = label(l);
            if (!classes.contains(truth)) {
                throw new EmotraceException("labels.value", it.key() + ": label " + truth.english()
                        + " is not one of the head's classes " + classes);
            }
            trained.add(truth, argmax(head.scores(it.vector()), classes));
            float[] def = defaultScores(it.file());
            if (def == null) {
                missing++;
            } else {
                byDefault.add(truth, argmax(def, classes));
            }
        }
        return new Report(trained, byDefault.total() == 0 ? null : byDefault, missing);
    }

    static Emotion argmax(float[] scores9, List<Emotion> classes) {
        Emotion best = classes.get(0);
        for (Emotion e : classes) {
            if (scores9[e.ordinal()] > scores9[best.ordinal()]) {
                best = e;
            }
        }
        return best;
    }

    /** The 9 scores in emotion.json beside an embedding, or null when there is none or it was not judged. */
    static float[] defaultScores(Path embedding) throws EmotraceException {
        Path json = embedding.resolveSibling("emotion.json");
        if (!Files.isRegularFile(json)) {
            return null;
        }
        try {
            JsonNode scores = ResultJson.mapper().readTree(json.toFile()).path("result").path("scores");
            if (scores.isMissingNode()) {
                return null;
            }
            float[] s = new float[Emotion.values().length];
            for (Emotion e : Emotion.values()) {
                s[e.ordinal()] = (float) scores.path(e.english()).asDouble();
            }
            return s;
        } catch (IOException e) {
            throw new EmotraceException("emotion.json.read", "cannot read " + json + ": " + e.getMessage(), e);
        }
    }
}
