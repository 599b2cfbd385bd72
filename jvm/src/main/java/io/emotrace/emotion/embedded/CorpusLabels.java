package io.emotrace.emotion.embedded;

import io.emotrace.domain.Emotion;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Corpus labels onto the 9 reference classes (calm->neutral, fear->fearful, disgust->disgusted,
 * surprise->surprised) and the class set each corpus has; training softmaxes run over a corpus's own set.
 */
public final class CorpusLabels {
    /** The seven emotions the embedded model predicts ({@code other} and {@code unknown} come from gates). */
    public static final Set<Emotion> PREDICTED = EnumSet.of(Emotion.ANGRY, Emotion.DISGUSTED, Emotion.FEARFUL,
            Emotion.HAPPY, Emotion.NEUTRAL, Emotion.SAD, Emotion.SURPRISED);

    public static final Map<String, Set<Emotion>> CORPUS_CLASSES = Map.of(
            "ravdess", PREDICTED,
            "casia", EnumSet.of(Emotion.ANGRY, Emotion.FEARFUL, Emotion.HAPPY, Emotion.NEUTRAL, Emotion.SAD, Emotion.SURPRISED),
            "urdu", EnumSet.of(Emotion.ANGRY, Emotion.HAPPY, Emotion.NEUTRAL, Emotion.SAD),
            "korean-emotion", EnumSet.of(Emotion.ANGRY, Emotion.HAPPY, Emotion.NEUTRAL, Emotion.SAD),
            "ased-amharic", EnumSet.of(Emotion.ANGRY, Emotion.FEARFUL, Emotion.HAPPY, Emotion.NEUTRAL, Emotion.SAD),
            "nemo-polish", EnumSet.of(Emotion.ANGRY, Emotion.FEARFUL, Emotion.HAPPY, Emotion.NEUTRAL, Emotion.SAD, Emotion.SURPRISED),
            "tess-english", PREDICTED,
            "emovo-italian", PREDICTED,
            "savee-english", PREDICTED,
            "turev-turkish", EnumSet.of(Emotion.ANGRY, Emotion.HAPPY, Emotion.NEUTRAL, Emotion.SAD));

    /** The four classes every labelled emotional corpus has: the leave-one-corpus-out headline set. */
    public static final Set<Emotion> SHARED = EnumSet.of(Emotion.ANGRY, Emotion.HAPPY, Emotion.NEUTRAL, Emotion.SAD);

    /**
     * Every labelled emotional corpus of {@code ../shared/data} with at least the four shared classes, for
     * leave-one-corpus-out evaluation and the trainer's default corpora (baved-arabic labels only neutral, so it is not one of them).
     */
    public static final List<String> LOCO_CORPORA = List.of("ravdess", "casia", "urdu", "korean-emotion", "ased-amharic",
            "nemo-polish", "tess-english", "emovo-italian", "savee-english", "turev-turkish");

    private CorpusLabels() {
    }

    /** The class of a corpus label, or null for a label outside the 9 classes. */
    public static Emotion map(String label) {
        if (label == null) {
            return null;
        }
        return switch (label.trim().toLowerCase(Locale.ROOT)) {
            case "calm", "neutral" -> Emotion.NEUTRAL;
            case "fear", "fearful" -> Emotion.FEARFUL;
            case "disgust", "disgusted" -> Emotion.DISGUSTED;
            case "surprise", "surprised" -> Emotion.SURPRISED;
            case "angry", "anger" -> Emotion.ANGRY;
            case "happy", "happiness" -> Emotion.HAPPY;
            case "sad", "sadness" -> Emotion.SAD;
            default -> null;
        };
    }

    public static Set<Emotion> classesOf(String corpus) {
        Set<Emotion> s = CORPUS_CLASSES.get(corpus);
        if (s == null) {
            throw new IllegalArgumentException("no class set for corpus " + corpus);
        }
        return s;
    }

    /** Additive logit mask over the 9 classes: 0 where allowed, a large negative number elsewhere. */
    public static float[] logitMask(Set<Emotion> allowed) {
        float[] m = new float[EmotionNet.CLASSES];
        for (Emotion e : Emotion.values()) {
            m[e.ordinal()] = allowed.contains(e) ? 0f : -1e4f;
        }
        return m;
    }
}
