package io.emotrace.rules;

import io.emotrace.rules.text.TextView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Negation or hedging: a cue ("not", "never", "maybe", ...) within {@code window} tokens of an emotion word (a
 * lexicon word with |valence| >= {@code minValence}); negation looks before the word, hedging on both sides.
 * {@code window} 0 means anywhere in the segment, no emotion word needed. {@code cues} null takes the
 * language pack's list. Only segments with an acoustic emotion qualify: there is no confidence to dampen otherwise.
 */
record CueCondition(String type, List<String> cues, int window, double minValence) implements SegmentCondition {
    @Override
    public Explanation test(SegmentState s, EvaluationContext context) {
        if (s.emotion == null || s.text.isEmpty()) {
            return null;
        }
        List<String> list = cues;
        if (list == null) {
            if (s.pack == null) {
                context.note(type + ": no " + type + " cues for language '" + s.language + "' (packs: en, de, fr, zh)");
                return null;
            }
            list = type.equals("negation") ? s.pack.negations() : s.pack.hedges();
        }
        List<String> tokens = s.text.tokens();
        for (String cue : list) {
            for (TextView.Match m : s.text.find(cue)) {
                if (window == 0) {
                    return explain(s, m.text(), null, 0);
                }
                int from = type.equals("negation") ? m.to() : Math.max(0, m.from() - window);
                int to = Math.min(tokens.size(), m.to() + window);
                for (int t = from; t < to; t++) {
                    if (t >= m.from() && t < m.to()) {
                        continue;
                    }
                    double v = s.pack == null ? 0 : s.pack.lexicon().valence(tokens.get(t));
                    if (Math.abs(v) >= minValence) {
                        return explain(s, m.text(), tokens.get(t), v);
                    }
                }
            }
        }
        return null;
    }

    private Explanation explain(SegmentState s, String cue, String word, double valence) {
        List<String> words = new ArrayList<>();
        words.add(cue);
        Map<String, Double> scores = new LinkedHashMap<>();
        scores.put("confidence", s.confidence);
        String reason = type + " cue '" + cue + "'";
        if (word != null) {
            words.add(word);
            scores.put("valence:" + word, valence);
            reason += " within " + window + " words of emotion word '" + word + "'";
        }
        return new Explanation(reason + " (voice " + s.emotion.english() + ")", words, scores);
    }
}
