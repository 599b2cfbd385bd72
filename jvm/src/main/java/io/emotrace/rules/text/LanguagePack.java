package io.emotrace.rules.text;

import java.util.List;

/**
 * Per-language defaults for the text rules: negation cues, hedges, politeness phrases and the polarity lexicon.
 * {@code spaceless} languages (Chinese) are matched on characters, not on space-separated tokens.
 */
public record LanguagePack(String code, boolean spaceless, List<String> negations, List<String> hedges,
                           List<String> politeness, PolarityLexicon lexicon) {
    public LanguagePack {
        negations = List.copyOf(negations);
        hedges = List.copyOf(hedges);
        politeness = List.copyOf(politeness);
    }

    /** Splits {@code text} into this language's tokens (see {@link TextView}). */
    public TextView view(String text) {
        return TextView.of(text, this);
    }
}
