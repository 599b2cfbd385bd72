package io.emotrace.asr;

import com.ibm.icu.text.RuleBasedNumberFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Puts a reference and a recogniser's output into the same spoken form before scoring WER: lower case, no
 * punctuation (apostrophes inside words stay), numbers written out as spoken (ICU spell-out rules: "42" ->
 * "forty two", "1st" -> "first", four-digit years as "nineteen ninety"), and a few written abbreviations
 * expanded. Without this, "Mr. Dashwood" against "mister dashwood" would count as errors of the scorer.
 */
public final class TextNormalizer {
    private static final Pattern NUMBER = Pattern.compile("(\\d[\\d,]*)(st|nd|rd|th)?\\b");
    private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{N}']+");
    private static final Map<String, String> EN_ABBREVIATIONS = Map.of(
            "mr", "mister", "mrs", "missus", "dr", "doctor", "st", "saint", "&", "and", "%", "percent");

    private final Locale locale;
    private final Map<String, String> abbreviations;

    private TextNormalizer(Locale locale, Map<String, String> abbreviations) {
        this.locale = locale;
        this.abbreviations = abbreviations;
    }

    public static TextNormalizer english() {
        return new TextNormalizer(Locale.ENGLISH, EN_ABBREVIATIONS);
    }

    /** Numbers spelled the way {@code language} speaks them; no abbreviation list outside English. */
    public static TextNormalizer forLanguage(String language) {
        if (language == null || language.isBlank() || language.equals("und") || language.startsWith("en")) {
            return english();
        }
        return new TextNormalizer(Locale.forLanguageTag(language), Map.of());
    }

    public List<String> words(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        String s = text.toLowerCase(locale).replace('’', '\'');
        s = s.replace("&", " & ").replace("%", " % ");
        StringBuilder spoken = new StringBuilder();
        Matcher m = NUMBER.matcher(s);
        int last = 0;
        while (m.find()) {
            spoken.append(s, last, m.start()).append(' ').append(spell(m.group(1), m.group(2))).append(' ');
            last = m.end();
        }
        spoken.append(s.substring(last));
        List<String> out = new ArrayList<>();
        for (String raw : spoken.toString().split("\\s+")) {
            String token = raw.equals("&") || raw.equals("%") ? raw : trimApostrophes(NON_WORD.matcher(raw).replaceAll(" "));
            for (String t : token.split(" ")) {
                if (t.isEmpty()) {
                    continue;
                }
                String expanded = abbreviations.getOrDefault(t, t);
                for (String w : expanded.split(" ")) {
                    out.add(w);
                }
            }
        }
        return out;
    }

    private String spell(String written, String ordinalSuffix) {
        RuleBasedNumberFormat f = new RuleBasedNumberFormat(locale, RuleBasedNumberFormat.SPELLOUT);
        String digits = written.replace(",", "");
        boolean grouped = !digits.equals(written); // "1,250" is a quantity; "1250" may be a year
        long value;
        try {
            value = Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return digits; // longer than a long: leave as is, it will simply count as an error
        }
        String ruleSet = ordinalSuffix != null ? "%spellout-ordinal"
                : !grouped && digits.length() == 4 && value >= 1100 && value <= 2099 && hasRuleSet(f, "%spellout-numbering-year")
                ? "%spellout-numbering-year" : null;
        String text = ruleSet != null && hasRuleSet(f, ruleSet) ? f.format(value, ruleSet) : f.format(value);
        // ICU marks German compound boundaries with soft hyphens: the spoken word is one token
        return text.replace("\u00ad", "").replace('-', ' ').replace(",", "");
    }

    private static boolean hasRuleSet(RuleBasedNumberFormat f, String name) {
        for (String r : f.getRuleSetNames()) {
            if (r.equals(name)) {
                return true;
            }
        }
        return false;
    }

    private static String trimApostrophes(String s) {
        return s.replaceAll("(^|\\s)'+|'+(\\s|$)", "$1$2").trim();
    }
}
