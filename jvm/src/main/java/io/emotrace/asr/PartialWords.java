package io.emotrace.asr;

import io.emotrace.domain.Word;
import java.util.ArrayList;
import java.util.List;

/**
 * A live partial hypothesis with times. Vosk's text-only partial is the decoder's best path over all the audio fed,
 * so a word shows about 0.3 s after it ends; its partial words with times come from the incrementally determinized
 * lattice, which lags the audio by up to {@code determinize-max-delay} (60 frames, 1.8 s), so a word showed there
 * 1.4-1.6 s (p50) after its end. The text decides which words are shown; the timed words give the times of the
 * leading words they agree on; the newer words carry the span they lie in (from the last timed word's end to the
 * audio analysed) and confidence 0.
 */
final class PartialWords {
    private PartialWords() {
    }

    /**
     * @param text  the best-path words, in order
     * @param timed the lattice's partial words (a prefix of the utterance, possibly disagreeing at its end)
     * @param from  where the utterance's audio starts at the earliest (the end of the last final word, or 0)
     * @param now   seconds of audio analysed
     */
    static List<Word> merge(List<String> text, List<Word> timed, double from, double now) {
        List<Word> out = new ArrayList<>(text.size());
        double spanStart = from;
        int i = 0;
        for (; i < text.size() && i < timed.size() && timed.get(i).text().equals(text.get(i)); i++) {
            out.add(timed.get(i));
            spanStart = timed.get(i).end();
        }
        double start = Math.min(spanStart, now);
        for (; i < text.size(); i++) {
            out.add(new Word(text.get(i), start, now, 0.0));
        }
        return out;
    }
}
