package io.emotrace.rules.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PolarityTest {
    private static Polarity of(String lang, String text) {
        LanguagePack pack = LanguagePacks.get(lang).orElseThrow();
        return Polarity.of(pack.view(text), pack);
    }

    @Test
    void vaderWordsWithNegationFlip() {
        Polarity p = of("en", "this is great");
        assertEquals(3.1 / Math.sqrt(3.1 * 3.1 + 15), p.score(), 1e-9);
        assertEquals(List.of("great(+3.1)"), p.words());
        assertTrue(of("en", "this is not great").score() < 0);
        assertEquals(0, of("en", "kids are talking by the door").score());
        assertFalse(LanguagePacks.get("en").orElseThrow().lexicon().contains("l"), "emoticon-like entries left out");
        assertTrue(LanguagePacks.get("en").orElseThrow().lexicon().size() > 7000);
    }

    @Test
    void ownListsForGermanFrenchAndChinese() {
        assertTrue(of("de", "das ist wunderbar").score() > 0.5);
        assertTrue(of("de", "das ist nicht gut").score() < 0);
        assertTrue(of("fr", "je suis très content").score() > 0.4);
        assertTrue(of("fr", "je ne suis pas content").score() < 0);
        assertTrue(of("zh", "我很开心").score() > 0.5);
        Polarity neg = of("zh", "我不开心");
        assertTrue(neg.score() < 0);
        assertEquals(List.of("开心(-2.1)"), neg.words());
    }

    @Test
    void chineseIsSegmentedByLongestMatch() {
        LanguagePack zh = LanguagePacks.get("zh").orElseThrow();
        assertEquals(List.of("我", "不", "开心"), zh.view("我不开心").tokens());
        assertEquals(List.of("谢谢你", "我", "没有", "生气"), zh.view("谢谢你 我没有生气").tokens());
        TextView v = zh.view("我没有生气");
        assertEquals(List.of(new TextView.Match(1, 3, "没有生气")), v.find("没有 生气"));
        assertTrue(LanguagePacks.get("ur").isEmpty());
    }

    @Test
    void spacedTokensKeepApostrophesAndMatchSuffixCues() {
        LanguagePack en = LanguagePacks.get("en").orElseThrow();
        TextView v = en.view("I DON'T think it’s fine, isn't it?");
        assertEquals(List.of("i", "don't", "think", "it's", "fine", "isn't", "it"), v.tokens());
        assertEquals(2, v.find("*n't").size());
        assertEquals(1, v.find("I don't").size());
        assertTrue(en.view("").isEmpty());
        assertTrue(en.view("").find("not").isEmpty());
    }
}
