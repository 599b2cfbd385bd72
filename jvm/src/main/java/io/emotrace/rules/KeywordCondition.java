package io.emotrace.rules;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import io.emotrace.rules.text.TextView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * At least {@code minMatches} hits of a keyword set's words or regexes (RE2 syntax) for the segment's language. The set is
 * either named ({@code set}, from the document's {@code keywordSets}) or inline.
 */
record KeywordCondition(String setName, KeywordSet inline, int minMatches) implements SegmentCondition {
    @Override
    public String type() {
        return "keywords";
    }

    @Override
    public Explanation test(SegmentState s, EvaluationContext context) {
        if (s.text.isEmpty()) {
            return null;
        }
        KeywordSet set = inline != null ? inline : context.keywordSets.get(setName);
        List<String> words = set.words().get(s.language);
        List<Pattern> regexes = set.regexes().get(s.language);
        if (words == null && regexes == null) {
            context.note("keywords '" + set.name() + "': no list for language '" + s.language + "' (has "
                    + set.languages() + ")");
            return null;
        }
        List<String> found = new ArrayList<>();
        for (String w : words == null ? List.<String>of() : words) {
            for (TextView.Match m : s.text.find(w)) {
                found.add(m.text());
            }
        }
        // RE2/J: linear in the text; the budgeted text still bounds many regexes over many segments
        CharSequence spoken = new BudgetedText(s.view.spokenText(), context.budget);
        for (Pattern p : regexes == null ? List.<Pattern>of() : regexes) {
            context.budget.check();
            Matcher m = p.matcher(spoken);
            while (m.find()) {
                found.add(m.group());
            }
        }
        if (found.size() < minMatches) {
            return null;
        }
        Map<String, Double> scores = new LinkedHashMap<>();
        scores.put("matches", (double) found.size());
        return new Explanation("keywords '" + set.name() + "' (" + s.language + "): " + String.join(", ", found),
                found, scores);
    }
}
