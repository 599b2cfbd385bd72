package io.emotrace.rules;

import io.emotrace.domain.Emotion;
import java.util.Locale;

/**
 * The "then" of a rule. Segment-changing actions (scaleConfidence, relabel, bias) only exist on segment rules;
 * flag and alert work on both kinds. {@link #apply} changes the working segment and says what changed.
 */
public sealed interface Action {
    String type();

    /** Multiplies the confidence (and the top score) by {@code factor} in (0, 1]. */
    record ScaleConfidence(double factor) implements Action {
        public String type() {
            return "scaleConfidence";
        }
    }

    /** Sets the label; the confidence becomes that class's score when scores exist, else is kept. */
    record Relabel(Emotion emotion) implements Action {
        public String type() {
            return "relabel";
        }
    }

    /** Mixes the scores toward one class: s' = (1 - amount) s + amount * onehot(toward); the top class is re-read. */
    record Bias(Emotion toward, double amount) implements Action {
        public String type() {
            return "bias";
        }
    }

    record AddFlag(String flag) implements Action {
        public String type() {
            return "flag";
        }
    }

    /** {@code message} may use {reason}, {speaker} and {rule}. */
    record RaiseAlert(String severity, String message) implements Action {
        public String type() {
            return "alert";
        }
    }

    default boolean changesSegment() {
        return this instanceof ScaleConfidence || this instanceof Relabel || this instanceof Bias;
    }

    /** Applies a segment-changing action; returns "what before -> after". */
    static String apply(Action action, SegmentState s) {
        Emotion before = s.emotion;
        double conf = s.confidence;
        if (action instanceof ScaleConfidence sc) {
            s.confidence = conf * sc.factor();
            if (!s.scores.isEmpty() && s.emotion != null) {
                s.scores.put(s.emotion, s.scores.getOrDefault(s.emotion, conf) * sc.factor());
            }
        } else if (action instanceof Relabel r) {
            s.emotion = r.emotion();
            if (!s.scores.isEmpty()) {
                s.confidence = s.scores.getOrDefault(r.emotion(), conf);
            }
        } else if (action instanceof Bias b) {
            if (s.scores.isEmpty()) {
                s.scores.put(s.emotion, conf); // only the top class is known: the rest is 0
            }
            for (Emotion e : Emotion.values()) {
                double v = s.scores.getOrDefault(e, 0.0) * (1 - b.amount()) + (e == b.toward() ? b.amount() : 0);
                s.scores.put(e, v);
            }
            Emotion top = s.emotion;
            for (Emotion e : Emotion.values()) {
                if (s.scores.get(e) > s.scores.get(top)) {
                    top = e;
                }
            }
            s.emotion = top;
            s.confidence = s.scores.get(top);
        } else {
            throw new IllegalArgumentException(action.type() + " does not change segments");
        }
        return String.format(Locale.ROOT, "%s %.2f -> %s %.2f", before.english(), conf, s.emotion.english(),
                s.confidence);
    }
}
