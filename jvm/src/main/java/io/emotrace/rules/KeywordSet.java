package io.emotrace.rules;

import com.google.re2j.Pattern;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Named word lists and regexes per language (RE2/J regexes, compiled once when the document is parsed). */
public record KeywordSet(String name, Map<String, List<String>> words, Map<String, List<Pattern>> regexes) {
    public KeywordSet {
        words = Map.copyOf(words);
        regexes = Map.copyOf(regexes);
    }

    public Set<String> languages() {
        Set<String> s = new java.util.TreeSet<>(words.keySet());
        s.addAll(regexes.keySet());
        return s;
    }
}
