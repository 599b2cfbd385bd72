package io.emotrace.asr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class WordErrorRateTest {
    static List<String> w(String s) {
        return s.isEmpty() ? List.of() : List.of(s.split(" "));
    }

    @Test
    void countsEachKindOfEdit() {
        assertEquals(new WordErrorRate(4, 0, 0, 0), WordErrorRate.align(w("a b c d"), w("a b c d")));
        assertEquals(new WordErrorRate(4, 1, 0, 0), WordErrorRate.align(w("a b c d"), w("a x c d")));
        assertEquals(new WordErrorRate(4, 0, 1, 0), WordErrorRate.align(w("a b c d"), w("a c d")));
        assertEquals(new WordErrorRate(4, 0, 0, 2), WordErrorRate.align(w("a b c d"), w("a b y c d z")));
        // "he was not an ill disposed" vs the small model's "he was not a nail disposed": 2 substitutions
        WordErrorRate r = WordErrorRate.align(w("he was not an ill disposed"), w("he was not a nail disposed"));
        assertEquals(2, r.substitutions());
        assertEquals(2 / 6.0, r.rate(), 1e-12);
    }

    @Test
    void emptyReferenceAndCorpusTotals() {
        assertEquals(0.0, WordErrorRate.of(w(""), w("")));
        assertEquals(1.0, WordErrorRate.of(w(""), w("x")));
        assertEquals(1.0, WordErrorRate.of(w("a b"), w("")));
        WordErrorRate total = WordErrorRate.align(w("a b c d"), w("a c d")).plus(WordErrorRate.align(w("e f"), w("e g")));
        assertEquals(2 / 6.0, total.rate(), 1e-12); // corpus WER weighs by words, not by utterance
    }
}
