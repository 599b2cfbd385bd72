package io.emotrace.asr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.emotrace.domain.Word;
import java.util.List;
import org.junit.jupiter.api.Test;

class PartialWordsTest {
    @Test
    void leadingWordsTheLatticeAgreesOnKeepTheirTimesTheNewerOnesGetTheirSpan() {
        List<Word> timed = List.of(new Word("he", 1.0, 1.2, 0.9), new Word("was", 1.2, 1.5, 0.8));
        List<Word> out = PartialWords.merge(List.of("he", "was", "not", "an"), timed, 0.5, 2.1);
        assertEquals(List.of(timed.get(0), timed.get(1), new Word("not", 1.5, 2.1, 0.0), new Word("an", 1.5, 2.1, 0.0)),
                out);
    }

    @Test
    void whereTheLatticeDisagreesTheTextWinsFromThere() {
        List<Word> timed = List.of(new Word("he", 1.0, 1.2, 0.9), new Word("is", 1.2, 1.5, 0.4),
                new Word("knot", 1.5, 1.8, 0.3));
        List<Word> out = PartialWords.merge(List.of("he", "was", "not"), timed, 0.5, 2.0);
        assertEquals(List.of(timed.get(0), new Word("was", 1.2, 2.0, 0.0), new Word("not", 1.2, 2.0, 0.0)), out);
    }

    @Test
    void withoutTimedWordsTheSpanStartsAfterTheLastFinalWord() {
        assertEquals(List.of(new Word("ten", 3.4, 4.0, 0.0)), PartialWords.merge(List.of("ten"), List.of(), 3.4, 4.0));
        assertEquals(List.of(), PartialWords.merge(List.of(), List.of(new Word("x", 0, 1, 1)), 0, 1));
    }
}
