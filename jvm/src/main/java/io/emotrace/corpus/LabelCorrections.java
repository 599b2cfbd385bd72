package io.emotrace.corpus;

import java.util.Map;

/**
 * Emotion labels of the shared corpora that the project reads differently from their {@code labels.csv}, each with the
 * evidence for it (docs/data.md, "Label corrections"). Only the {@code emotion} column is corrected, never the file.
 *
 * <p>korean-emotion: the labels.csv calls files {@code *002xx} angry and {@code *003xx} sad. Read as written, the
 * "angry" clips have the lowest median pitch of the four classes for all 15 speakers (below neutral for 15 of 15,
 * while anger lies above neutral for 6 of 6 emovo-italian speakers), and the "sad" clips a higher pitch than the
 * "angry" ones for 14 of 15 speakers (emovo-italian: lower for 6 of 6); a model trained on the nine other corpora
 * hears 58 of the 75 "angry" clips as sad; and a public Korean emotional-TTS configuration numbers the emotions
 * neutral, happy, sad, angry in this order. So the two labels are swapped.
 */
public final class LabelCorrections {
    private static final Map<String, Map<String, String>> SWAPS = Map.of(
            "korean-emotion", Map.of("angry", "sad", "sad", "angry"));

    /** Names this table in training checkpoint keys: a changed table never resumes folds trained on the old labels. */
    public static final String KEY = "|labels-corrected-1";

    private LabelCorrections() {
    }

    /** The emotion label the project uses for a clip of {@code corpus} labelled {@code emotion} (null stays null). */
    public static String emotion(String corpus, String emotion) {
        if (emotion == null) {
            return null;
        }
        return SWAPS.getOrDefault(corpus, Map.of()).getOrDefault(emotion, emotion);
    }

    /** Whether any label of {@code corpus} is corrected (recorded with trained models and in data manifests). */
    public static boolean corrects(String corpus) {
        return SWAPS.containsKey(corpus);
    }
}
