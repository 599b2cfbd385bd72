package io.emotrace.rules.text;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Word valence on VADER's scale (-4 very negative .. +4 very positive). English uses the VADER lexicon (MIT,
 * Hutto and Gilbert 2014, about 7,500 entries) read from the Maven artifact that ships it; the other languages
 * use the small lists this project wrote itself (src/main/resources/io/emotrace/rules/lang/*.json).
 */
public final class PolarityLexicon {
    static final String VADER_RESOURCE = "vader_sentiment_lexicon.txt";

    private final String source;
    private final Map<String, Double> valence;

    public PolarityLexicon(String source, Map<String, Double> valence) {
        this.source = source;
        Map<String, Double> m = new HashMap<>();
        valence.forEach((k, v) -> m.put(k.toLowerCase(Locale.ROOT), v));
        this.valence = Map.copyOf(m);
    }

    /**
     * The VADER lexicon from the classpath (tab-separated token, mean valence, deviation, raw ratings), words only:
     * the emoticon entries are left out.
     */
    static PolarityLexicon vader() {
        InputStream in = PolarityLexicon.class.getClassLoader().getResourceAsStream(VADER_RESOURCE);
        if (in == null) {
            throw new IllegalStateException(VADER_RESOURCE + " not on the classpath (Maven artifact "
                    + "com.github.apanimesh061:vader-sentiment-analyzer:1.0 missing)");
        }
        Map<String, Double> m = new HashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                String[] f = line.split("\t");
                // emoticons and one-letter entries ("l" +2.0) never come out of an ASR and only cause false hits
                if (f.length >= 2 && f[0].length() > 1 && f[0].chars().allMatch(c -> Character.isLetter(c)
                        || c == '\'' || c == '-')) {
                    m.put(f[0], Double.parseDouble(f[1]));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new PolarityLexicon("VADER sentiment lexicon (MIT), " + m.size() + " entries", m);
    }

    /** The valence of a lower-case token, or 0 when the lexicon does not know it. */
    public double valence(String token) {
        return valence.getOrDefault(token, 0.0);
    }

    public boolean contains(String token) {
        return valence.containsKey(token);
    }

    public Iterable<String> words() {
        return valence.keySet();
    }

    public int size() {
        return valence.size();
    }

    public String source() {
        return source;
    }
}
