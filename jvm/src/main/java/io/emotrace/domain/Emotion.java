package io.emotrace.domain;

import java.util.Locale;

/**
 * The nine Emotion2Vec+ classes, in the model's output order; {@link #modelLabel()} is the label string the
 * model's tokens use ({@code 生气/angry}, ..., {@code <unk>} for unknown).
 */
public enum Emotion {
    ANGRY("生气"), DISGUSTED("厌恶"), FEARFUL("恐惧"), HAPPY("开心"), NEUTRAL("中立"),
    OTHER("其他"), SAD("难过"), SURPRISED("吃惊"), UNKNOWN("<unk>");

    private final String chinese;

    Emotion(String chinese) {
        this.chinese = chinese;
    }

    /** The lower-case English name; also the form JSON outputs write (see {@code io.emotrace.output.DomainJson}). */
    public String english() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String chinese() {
        return chinese;
    }

    /** The label as Emotion2Vec+ writes it: "生气/angry", ..., and "<unk>" alone for unknown. */
    public String modelLabel() {
        return this == UNKNOWN ? chinese : chinese + "/" + english();
    }

    /** Accepts the English name, the Chinese name, or the model's combined label. */
    public static Emotion parse(String label) {
        String s = label.trim();
        for (Emotion e : values()) {
            if (e.english().equalsIgnoreCase(s) || e.chinese.equals(s) || e.modelLabel().equals(s)) {
                return e;
            }
        }
        if (s.equalsIgnoreCase("unk")) {
            return UNKNOWN;
        }
        throw new IllegalArgumentException("not an emotion label: " + label);
    }
}
