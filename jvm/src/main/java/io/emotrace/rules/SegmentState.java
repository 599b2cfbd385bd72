package io.emotrace.rules;

import io.emotrace.domain.Emotion;
import io.emotrace.rules.text.LanguagePack;
import io.emotrace.rules.text.TextView;
import java.util.EnumMap;
import java.util.Map;

/**
 * The working copy of one segment during an evaluation: the segment rules may change its emotion, confidence and
 * scores; the stored segment itself is never modified.
 */
final class SegmentState {
    final SegmentView view;
    final String language;
    final LanguagePack pack; // null: no pack for this language
    final TextView text;
    Emotion emotion;
    double confidence;
    final EnumMap<Emotion, Double> scores = new EnumMap<>(Emotion.class);

    SegmentState(SegmentView view, String language, LanguagePack pack) {
        this.view = view;
        this.language = language;
        this.pack = pack;
        this.text = TextView.of(view.spokenText(), pack);
        this.emotion = view.emotion();
        this.confidence = view.confidence();
        this.scores.putAll(view.scores());
    }

    String speaker() {
        return view.speaker();
    }

    double start() {
        return view.start();
    }

    double end() {
        return view.end();
    }

    Map<String, Double> scoreMap() {
        Map<String, Double> m = new java.util.LinkedHashMap<>();
        scores.forEach((k, v) -> m.put(k.english(), v));
        return m;
    }
}
