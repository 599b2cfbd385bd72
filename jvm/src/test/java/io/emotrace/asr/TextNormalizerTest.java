package io.emotrace.asr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextNormalizerTest {
    final TextNormalizer en = TextNormalizer.english();

    @Test
    void caseAndPunctuationGoApostrophesInsideWordsStay() {
        assertEquals(List.of("he", "said", "don't", "go", "rock'n'roll"),
                en.words("He said: \"Don't go!\" — rock'n'roll."));
        assertEquals(List.of("cold", "hearted"), en.words("cold-hearted"));
    }

    @Test
    void numbersAreWrittenOutAsSpoken() {
        assertEquals(List.of("forty", "two", "cards"), en.words("42 cards"));
        assertEquals(List.of("one", "thousand", "two", "hundred", "fifty"), en.words("1,250"));
        assertEquals(List.of("the", "twenty", "first", "of", "may"), en.words("the 21st of May"));
        assertEquals(List.of("in", "nineteen", "ninety", "eight"), en.words("in 1998"));
        assertEquals(List.of("ten", "of", "clubs"), en.words("10 of clubs"));
    }

    @Test
    void abbreviationsAndSymbols() {
        assertEquals(List.of("mister", "john", "dashwood"), en.words("Mr. John Dashwood"));
        assertEquals(List.of("fifty", "percent", "and", "more"), en.words("50% & more"));
    }

    @Test
    void otherLanguagesSpellNumbersTheirWay() {
        assertEquals(List.of("zweiundvierzig"), TextNormalizer.forLanguage("de").words("42"));
        assertEquals(List.of("vingt", "et", "un"), TextNormalizer.forLanguage("fr").words("21"));
    }

    @Test
    void emptyText() {
        assertEquals(List.of(), en.words(""));
        assertEquals(List.of(), en.words(null));
        assertEquals(List.of(), en.words(" ... "));
    }
}
