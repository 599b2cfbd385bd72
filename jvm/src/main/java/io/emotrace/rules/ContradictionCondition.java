package io.emotrace.rules;

import io.emotrace.domain.Emotion;
import io.emotrace.rules.text.Polarity;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Words and voice disagree: text polarity (lexicon, see {@link Polarity}) at least {@code minPolarity} in the
 * direction {@code text} ("positive" or "negative") while the acoustic emotion is one of {@code voice} with
 * confidence at least {@code minConfidence}. Cheerful words in an angry voice is the classic masked emotion.
 */
record ContradictionCondition(boolean positiveText, Set<Emotion> voice, double minConfidence, double minPolarity)
        implements SegmentCondition {
    @Override
    public String type() {
        return "contradiction";
    }

    @Override
    public Explanation test(SegmentState s, EvaluationContext context) {
        if (s.emotion == null || !voice.contains(s.emotion) || s.confidence < minConfidence || s.text.isEmpty()) {
            return null;
        }
        if (s.pack == null) {
            context.note("contradiction: no polarity lexicon for language '" + s.language + "' (packs: en, de, fr, zh)");
            return null;
        }
        Polarity p = Polarity.of(s.text, s.pack);
        double directed = positiveText ? p.score() : -p.score();
        if (directed < minPolarity) {
            return null;
        }
        Map<String, Double> scores = new LinkedHashMap<>();
        scores.put("textPolarity", p.score());
        scores.put("confidence", s.confidence);
        scores.put(s.emotion.english(), s.scores.getOrDefault(s.emotion, s.confidence));
        return new Explanation(String.format(java.util.Locale.ROOT,
                "%s words (polarity %+.2f) but %s voice (confidence %.2f)", positiveText ? "positive" : "negative",
                p.score(), s.emotion.english(), s.confidence), p.words(), scores);
    }
}
