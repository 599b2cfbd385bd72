package io.emotrace.rules.text;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Text polarity of one transcript with the language's lexicon: the sum of word valences, a word's valence flipped
 * and damped when a negation cue stands up to three tokens before it ("not happy"), normalised into [-1, 1] with
 * VADER's x / sqrt(x^2 + 15). {@code words} are the tokens that carried valence, as "word(+2.7)".
 */
public record Polarity(double score, List<String> words) {
    private static final double NEGATION_FLIP = -0.74;
    private static final double ALPHA = 15.0;
    private static final int NEGATION_REACH = 3;

    public static Polarity of(TextView text, LanguagePack pack) {
        List<String> tokens = text.tokens();
        Set<Integer> negated = new LinkedHashSet<>();
        Set<Integer> cueTokens = new LinkedHashSet<>();
        for (String cue : pack.negations()) {
            for (TextView.Match m : text.find(cue)) {
                for (int t = m.from(); t < m.to(); t++) {
                    cueTokens.add(t);
                }
                for (int t = m.to(); t < Math.min(tokens.size(), m.to() + NEGATION_REACH); t++) {
                    negated.add(t);
                }
            }
        }
        double sum = 0;
        List<String> words = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            if (cueTokens.contains(i)) {
                continue;
            }
            double v = pack.lexicon().valence(tokens.get(i));
            if (v == 0) {
                continue;
            }
            if (negated.contains(i)) {
                v *= NEGATION_FLIP;
            }
            sum += v;
            words.add(String.format(java.util.Locale.ROOT, "%s(%+.1f)", tokens.get(i), v));
        }
        double score = sum == 0 ? 0 : sum / Math.sqrt(sum * sum + ALPHA);
        return new Polarity(score, words);
    }
}
