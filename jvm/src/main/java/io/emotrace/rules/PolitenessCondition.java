package io.emotrace.rules;

import io.emotrace.domain.Emotion;
import io.emotrace.rules.text.TextView;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fixed politeness phrase ("thank you", "please") in a segment whose non-neutral acoustic emotion has confidence
 * below {@code maxConfidence}: such a weak reading is more likely the courtesy than a feeling.
 * {@code phrases} null takes the language pack's list.
 */
record PolitenessCondition(List<String> phrases, double maxConfidence) implements SegmentCondition {
    @Override
    public String type() {
        return "politeness";
    }

    @Override
    public Explanation test(SegmentState s, EvaluationContext context) {
        if (s.emotion == null || s.emotion == Emotion.NEUTRAL || s.confidence >= maxConfidence || s.text.isEmpty()) {
            return null;
        }
        List<String> list = phrases;
        if (list == null) {
            if (s.pack == null) {
                context.note("politeness: no phrases for language '" + s.language + "' (packs: en, de, fr, zh)");
                return null;
            }
            list = s.pack.politeness();
        }
        for (String p : list) {
            List<TextView.Match> found = s.text.find(p);
            if (!found.isEmpty()) {
                Map<String, Double> scores = new LinkedHashMap<>();
                scores.put("confidence", s.confidence);
                scores.put("maxConfidence", maxConfidence);
                return new Explanation(String.format(java.util.Locale.ROOT,
                        "politeness phrase '%s' with voice %s at confidence %.2f < %.2f", found.get(0).text(),
                        s.emotion.english(), s.confidence, maxConfidence), List.of(found.get(0).text()), scores);
            }
        }
        return null;
    }
}
