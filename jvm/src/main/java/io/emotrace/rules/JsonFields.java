package io.emotrace.rules;

import com.fasterxml.jackson.databind.JsonNode;
import io.emotrace.domain.Emotion;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Typed reads of a JSON tree that record a {@link RuleProblem} (JSON Pointer, expected, found) instead of throwing,
 * so one pass over a document reports every error. A failed read returns null and parsing goes on.
 */
final class JsonFields {
    static final String EMOTIONS = Arrays.stream(Emotion.values()).map(Emotion::english)
            .collect(Collectors.joining(", ", "one of [", "]"));

    final List<RuleProblem> problems = new ArrayList<>();

    static String child(String pointer, String field) {
        return pointer + "/" + field.replace("~", "~0").replace("/", "~1");
    }

    static String child(String pointer, int index) {
        return pointer + "/" + index;
    }

    /** How a found value is shown: JSON text for scalars, a short description for containers. */
    static String found(JsonNode n) {
        if (n == null || n.isMissingNode()) {
            return "nothing (missing)";
        }
        if (n.isObject()) {
            return "an object";
        }
        if (n.isArray()) {
            return "an array of " + n.size();
        }
        String s = n.toString();
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }

    void error(String pointer, String expected, String found) {
        problems.add(RuleProblem.error(pointer, expected, found));
    }

    void warning(String pointer, String expected, String found) {
        problems.add(RuleProblem.warning(pointer, expected, found));
    }

    boolean hasErrors() {
        return problems.stream().anyMatch(RuleProblem::isError);
    }

    JsonNode object(JsonNode n, String pointer, String what) {
        if (n == null || !n.isObject()) {
            error(pointer, what + " (a JSON object)", found(n));
            return null;
        }
        return n;
    }

    /** Reports every field of {@code obj} not in {@code allowed} (typos such as "prority" must not pass silently). */
    void onlyFields(JsonNode obj, String pointer, Collection<String> allowed) {
        for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) {
                error(child(pointer, f), "no such field here; allowed: " + new TreeSet<>(allowed), "\"" + f + "\"");
            }
        }
    }

    String string(JsonNode obj, String pointer, String field, String dflt, boolean required) {
        JsonNode n = obj.get(field);
        if (n == null) {
            if (required) {
                error(child(pointer, field), "a string", "nothing (missing)");
            }
            return dflt;
        }
        if (!n.isTextual() || n.asText().isBlank()) {
            error(child(pointer, field), "a non-empty string", found(n));
            return null;
        }
        return n.asText();
    }

    /** One of {@code options}, or {@code dflt} when missing and not required. */
    String choice(JsonNode obj, String pointer, String field, List<String> options, String dflt) {
        JsonNode n = obj.get(field);
        if (n == null && dflt != null) {
            return dflt;
        }
        if (n == null || !n.isTextual() || !options.contains(n.asText())) {
            error(child(pointer, field), "one of " + options, found(n));
            return null;
        }
        return n.asText();
    }

    Double number(JsonNode obj, String pointer, String field, Double dflt, double lo, boolean loOpen, double hi) {
        JsonNode n = obj.get(field);
        if (n == null && dflt != null) {
            return dflt;
        }
        String range = (loOpen ? "(" : "[") + fmt(lo) + ", " + fmt(hi) + "]";
        if (n == null || !n.isNumber()) {
            error(child(pointer, field), "a number in " + range, found(n));
            return null;
        }
        double v = n.asDouble();
        if (!(loOpen ? v > lo : v >= lo) || !(v <= hi)) {
            error(child(pointer, field), "a number in " + range, found(n));
            return null;
        }
        return v;
    }

    Integer integer(JsonNode obj, String pointer, String field, Integer dflt, int lo, int hi) {
        JsonNode n = obj.get(field);
        if (n == null && dflt != null) {
            return dflt;
        }
        if (n == null || !n.canConvertToInt() || !n.isIntegralNumber() || n.asInt() < lo || n.asInt() > hi) {
            error(child(pointer, field), "an integer in [" + lo + ", " + hi + "]", found(n));
            return null;
        }
        return n.asInt();
    }

    Boolean bool(JsonNode obj, String pointer, String field, boolean dflt) {
        JsonNode n = obj.get(field);
        if (n == null) {
            return dflt;
        }
        if (!n.isBoolean()) {
            error(child(pointer, field), "true or false", found(n));
            return null;
        }
        return n.asBoolean();
    }

    /** A list of non-empty strings; null (and an error) when malformed, {@code dflt} when missing. */
    List<String> strings(JsonNode obj, String pointer, String field, List<String> dflt, boolean nonEmpty) {
        JsonNode n = obj.get(field);
        if (n == null) {
            if (dflt == null && nonEmpty) {
                error(child(pointer, field), "a non-empty array of strings", "nothing (missing)");
            }
            return dflt;
        }
        return strings(n, child(pointer, field), nonEmpty);
    }

    List<String> strings(JsonNode n, String pointer, boolean nonEmpty) {
        if (!n.isArray() || (nonEmpty && n.isEmpty())) {
            error(pointer, nonEmpty ? "a non-empty array of strings" : "an array of strings", found(n));
            return null;
        }
        List<String> out = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < n.size(); i++) {
            JsonNode v = n.get(i);
            if (!v.isTextual() || v.asText().isBlank()) {
                error(child(pointer, i), "a non-empty string", found(v));
                ok = false;
            } else {
                out.add(v.asText());
            }
        }
        return ok ? out : null;
    }

    Emotion emotion(JsonNode obj, String pointer, String field) {
        JsonNode n = obj.get(field);
        return n == null ? missingEmotion(child(pointer, field)) : emotion(n, child(pointer, field));
    }

    private Emotion missingEmotion(String pointer) {
        error(pointer, "an emotion, " + EMOTIONS, "nothing (missing)");
        return null;
    }

    Emotion emotion(JsonNode n, String pointer) {
        if (n.isTextual()) {
            try {
                return Emotion.parse(n.asText());
            } catch (IllegalArgumentException e) {
                // reported below with the list of names
            }
        }
        error(pointer, "an emotion, " + EMOTIONS, found(n));
        return null;
    }

    /** A set of emotions; empty when missing and not required. */
    Set<Emotion> emotions(JsonNode obj, String pointer, String field, boolean required) {
        JsonNode n = obj.get(field);
        String p = child(pointer, field);
        if (n == null) {
            if (required) {
                error(p, "a non-empty array of emotions, each " + EMOTIONS, "nothing (missing)");
                return null;
            }
            return EnumSet.noneOf(Emotion.class);
        }
        if (!n.isArray() || n.isEmpty()) {
            error(p, "a non-empty array of emotions, each " + EMOTIONS, found(n));
            return null;
        }
        Set<Emotion> out = EnumSet.noneOf(Emotion.class);
        boolean ok = true;
        for (int i = 0; i < n.size(); i++) {
            Emotion e = emotion(n.get(i), child(p, i));
            if (e == null) {
                ok = false;
            } else {
                out.add(e);
            }
        }
        return ok ? out : null;
    }

    static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
    }
}
