package io.emotrace.rules;

import io.emotrace.domain.Emotion;
import io.emotrace.domain.Word;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds analyses for rule tests: the top class gets {@code confidence}, the rest share what is left. */
final class Segments {
    private final List<SegmentView> views = new ArrayList<>();
    private String language;

    static Segments analysis() {
        return new Segments();
    }

    Segments language(String lang) {
        this.language = lang;
        return this;
    }

    Segments add(String speaker, double start, double end, Emotion emotion, double confidence, String text) {
        return add(speaker, start, end, emotion, confidence, text, null, null);
    }

    Segments add(String speaker, double start, double end, Emotion emotion, double confidence, String text,
                 String lang, float[] embedding) {
        Map<Emotion, Double> scores = new EnumMap<>(Emotion.class);
        if (emotion != null) {
            for (Emotion e : Emotion.values()) {
                scores.put(e, e == emotion ? confidence : (1 - confidence) / 8);
            }
        }
        List<Word> words = new ArrayList<>();
        String[] toks = text == null || text.isBlank() ? new String[0] : text.split(" ");
        for (int i = 0; i < toks.length; i++) {
            double t = start + (end - start) * i / toks.length;
            words.add(new Word(toks[i], t, t + (end - start) / toks.length, 1.0));
        }
        views.add(new SegmentView(views.size(), speaker, start, end, emotion, emotion == null ? 0 : confidence,
                scores, text, words, lang, embedding));
        return this;
    }

    StoredAnalysis build() {
        Set<String> speakers = new LinkedHashSet<>();
        double end = 0;
        for (SegmentView v : views) {
            if (v.speaker() != null) {
                speakers.add(v.speaker());
            }
            end = Math.max(end, v.end());
        }
        return new StoredAnalysis(views, new ArrayList<>(speakers), language, end);
    }

    /** One rule document around the given rule objects. */
    static RuleSet rules(String... rules) {
        return rulesWith("", rules);
    }

    static RuleSet rulesWith(String extra, String... rules) {
        RuleParseResult r = RuleSet.parse(RuleSetValidationTest.doc(extra, String.join(",", rules)));
        if (!r.valid()) {
            throw new AssertionError(r.problems().toString());
        }
        return r.ruleSet();
    }
}
