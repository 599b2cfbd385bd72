package io.emotrace.rules;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Compiles a keyword regex with RE2/J (linear-time matching: no backreferences, no lookaround) and rejects, as
 * a problem at its JSON Pointer, what it cannot run safely: syntax RE2 lacks, overlong patterns, and nested
 * counted repetitions such as {@code ((a{1000}){1000})} whose compiled program would not fit in memory.
 */
final class KeywordRegex {
    static final int MAX_LENGTH = 1000;
    /** Upper bound on the compiled program, estimated before compiling (RE2/J itself has no such check). */
    static final long MAX_PROGRAM = 20_000;
    private static final String EXPECTED = "an RE2 regular expression (no backreferences or lookaround), at most "
            + MAX_LENGTH + " characters";

    private KeywordRegex() {
    }

    /** The compiled pattern, or null after recording the problem. */
    static Pattern compile(String regex, String pointer, JsonFields f) {
        if (regex.length() > MAX_LENGTH) {
            f.error(pointer, EXPECTED, regex.length() + " characters");
            return null;
        }
        long size = estimatedSize(regex);
        if (size > MAX_PROGRAM) {
            f.error(pointer, "a regular expression whose repetitions expand to at most " + MAX_PROGRAM
                    + " steps", "\"" + shown(regex) + "\" (about " + size + ")");
            return null;
        }
        try {
            Pattern p = Pattern.compile(regex, Pattern.CASE_INSENSITIVE);
            if (p.programSize() > MAX_PROGRAM) {
                f.error(pointer, "a regular expression of at most " + MAX_PROGRAM + " compiled steps",
                        "\"" + shown(regex) + "\" (" + p.programSize() + ")");
                return null;
            }
            return p;
        } catch (PatternSyntaxException e) {
            f.error(pointer, EXPECTED, "\"" + shown(regex) + "\" (" + e.getDescription() + ")");
            return null;
        }
    }

    private static String shown(String regex) {
        return regex.length() > 80 ? regex.substring(0, 77) + "..." : regex;
    }

    /**
     * Size of the pattern once counted repetitions are expanded (what RE2/J's compiler does): each atom counts 1,
     * a group the sum of its parts, {@code x{n,m}} multiplies x by max(n, m). Saturates far above any limit.
     */
    static long estimatedSize(String regex) {
        Deque<long[]> groups = new ArrayDeque<>(); // per open group: {sum so far, size of the last atom}
        long[] cur = {0, 0};
        int i = 0;
        int n = regex.length();
        while (i < n) {
            char c = regex.charAt(i);
            long atom = 1;
            if (c == '\\') {
                char next = i + 1 < n ? regex.charAt(i + 1) : 0;
                i += 2;
                if (next == 'Q') { // \Q...\E: literal text, one atom per character
                    int end = regex.indexOf("\\E", i);
                    atom = Math.max(1, (end < 0 ? n : end) - i);
                    i = end < 0 ? n : end + 2;
                } else if ((next == 'p' || next == 'P' || next == 'x') && i < n && regex.charAt(i) == '{') {
                    int close = regex.indexOf('}', i);
                    i = close < 0 ? n : close + 1;
                }
            } else if (c == '[') {
                i = classEnd(regex, i + 1);
            } else if (c == '(') {
                groups.push(cur);
                cur = new long[]{0, 0};
                i++;
                continue;
            } else if (c == ')' && !groups.isEmpty()) {
                atom = Math.max(1, cur[0]);
                cur = groups.pop();
                i++;
            } else if (c == '{' && cur[1] > 0) {
                int close = regex.indexOf('}', i);
                long count = close < 0 ? -1 : maxCount(regex.substring(i + 1, close));
                if (count >= 0) {
                    long last = cur[1];
                    cur[0] = saturated(cur[0] - last + saturated(last * Math.max(1, count)));
                    cur[1] = 0; // a repetition cannot be repeated again
                    i = close + 1;
                    continue;
                }
                i++;
            } else {
                i++;
            }
            cur[0] = saturated(cur[0] + atom);
            cur[1] = atom;
        }
        long total = cur[0];
        while (!groups.isEmpty()) {
            total = saturated(total + groups.pop()[0]);
        }
        return total;
    }

    private static int classEnd(String regex, int i) {
        if (i < regex.length() && regex.charAt(i) == '^') {
            i++;
        }
        if (i < regex.length() && regex.charAt(i) == ']') {
            i++;
        }
        while (i < regex.length() && regex.charAt(i) != ']') {
            i += regex.charAt(i) == '\\' ? 2 : 1;
        }
        return i + 1;
    }

    /** "n", "n," or "n,m" → the larger bound; -1 when not a counted repetition (then '{' is a literal). */
    private static long maxCount(String body) {
        String[] parts = body.split(",", -1);
        if (parts.length > 2 || parts[0].isEmpty() || !parts[0].chars().allMatch(Character::isDigit)
                || (parts.length == 2 && !parts[1].chars().allMatch(Character::isDigit))) {
            return -1;
        }
        try {
            long lo = Long.parseLong(parts[0]);
            long hi = parts.length == 2 && !parts[1].isEmpty() ? Long.parseLong(parts[1]) : lo;
            return Math.max(lo, hi);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE / 4;
        }
    }

    private static long saturated(long v) {
        return v < 0 || v > Long.MAX_VALUE / 4 ? Long.MAX_VALUE / 4 : v;
    }
}
