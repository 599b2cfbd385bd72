package io.emotrace.web;

/**
 * Makes text that may come from a client safe for one log line: control characters (CR, LF, ESC, ...) escaped as
 * {@code \\uXXXX}, so nobody can start a fake line or recolour a terminal, and long text cut.
 */
public final class LogText {
    private static final int MAX = 300;

    private LogText() {
    }

    public static String safe(Object value) {
        String s = String.valueOf(value);
        StringBuilder out = new StringBuilder(Math.min(s.length(), MAX) + 16);
        for (int i = 0; i < s.length() && out.length() < MAX; i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (out.length() >= MAX && s.length() > MAX) {
            out.append("...");
        }
        return out.toString();
    }

    /** An exception for the log without its message (which may quote the request): class and where it arose. */
    public static String failure(Throwable t) {
        StackTraceElement[] at = t.getStackTrace();
        return t.getClass().getName() + (at.length > 0 ? " at " + at[0] : "");
    }
}
