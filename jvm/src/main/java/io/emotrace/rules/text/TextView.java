package io.emotrace.rules.text;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A transcript split into lower-case tokens so cue words and phrases can be found with their positions (the
 * negation rule needs "how many words before the emotion word"). Spaced languages split on anything that is not a
 * letter, digit or in-word apostrophe. Spaceless ones (Chinese) are segmented by greedy longest match against the
 * pack's own vocabulary, one character otherwise, so "不开心" becomes 不 + 开心.
 */
public final class TextView {
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{M}\\p{N}]+(?:['’][\\p{L}\\p{M}]+)*");
    private static final int MAX_CJK_WORD = 4;

    private final List<String> tokens;
    private final int[] offsets; // spaceless: char offset of each token in joined
    private final String joined;
    private final boolean spaceless;

    private TextView(List<String> tokens, int[] offsets, String joined, boolean spaceless) {
        this.tokens = List.copyOf(tokens);
        this.offsets = offsets;
        this.joined = joined;
        this.spaceless = spaceless;
    }

    public static TextView of(String text, LanguagePack pack) {
        String lower = (text == null ? "" : text).toLowerCase(Locale.ROOT).replace('’', '\'');
        if (pack != null && pack.spaceless()) {
            return spaceless(lower, vocabulary(pack));
        }
        List<String> tokens = new ArrayList<>();
        Matcher m = WORD.matcher(lower);
        while (m.find()) {
            tokens.add(m.group());
        }
        return new TextView(tokens, null, String.join(" ", tokens), false);
    }

    private static Set<String> vocabulary(LanguagePack pack) {
        Set<String> v = new HashSet<>();
        pack.lexicon().words().forEach(v::add);
        v.addAll(pack.negations());
        v.addAll(pack.hedges());
        v.addAll(pack.politeness());
        return v;
    }

    private static TextView spaceless(String lower, Set<String> vocab) {
        StringBuilder sb = new StringBuilder();
        lower.codePoints().filter(Character::isLetterOrDigit).forEach(sb::appendCodePoint);
        String s = sb.toString();
        List<String> tokens = new ArrayList<>();
        List<Integer> offs = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            int len = 1;
            for (int l = Math.min(MAX_CJK_WORD, s.length() - i); l > 1; l--) {
                if (vocab.contains(s.substring(i, i + l))) {
                    len = l;
                    break;
                }
            }
            tokens.add(s.substring(i, i + len));
            offs.add(i);
            i += len;
        }
        return new TextView(tokens, offs.stream().mapToInt(Integer::intValue).toArray(), s, true);
    }

    public List<String> tokens() {
        return tokens;
    }

    public boolean isEmpty() {
        return tokens.isEmpty();
    }

    /** Tokens joined by one space (spaced languages) or without separator (spaceless ones). */
    public String joined() {
        return joined;
    }

    /** A found phrase: token range [from, to) and the text matched. */
    public record Match(int from, int to, String text) {
    }

    /**
     * Every occurrence of {@code phrase}. A phrase starting with {@code *} matches token endings ("*n't" finds
     * "don't", "isn't") in spaced languages.
     */
    public List<Match> find(String phrase) {
        String p = phrase.toLowerCase(Locale.ROOT).replace('’', '\'').trim();
        List<Match> out = new ArrayList<>();
        if (p.isEmpty()) {
            return out;
        }
        if (spaceless) {
            String q = p.replaceAll("\\s+", "");
            for (int at = joined.indexOf(q); at >= 0; at = joined.indexOf(q, at + 1)) {
                int from = tokenAt(at);
                int to = tokenAt(at + q.length() - 1) + 1;
                out.add(new Match(from, to, q));
            }
            return out;
        }
        if (p.startsWith("*")) {
            String suffix = p.substring(1);
            for (int i = 0; i < tokens.size(); i++) {
                if (tokens.get(i).endsWith(suffix) && tokens.get(i).length() > suffix.length()) {
                    out.add(new Match(i, i + 1, tokens.get(i)));
                }
            }
            return out;
        }
        List<String> want = new ArrayList<>();
        Matcher m = WORD.matcher(p);
        while (m.find()) {
            want.add(m.group());
        }
        if (want.isEmpty()) {
            return out;
        }
        for (int i = 0; i + want.size() <= tokens.size(); i++) {
            if (tokens.subList(i, i + want.size()).equals(want)) {
                out.add(new Match(i, i + want.size(), String.join(" ", want)));
            }
        }
        return out;
    }

    private int tokenAt(int charOffset) {
        int lo = 0;
        int hi = offsets.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (offsets[mid] <= charOffset) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }
}
