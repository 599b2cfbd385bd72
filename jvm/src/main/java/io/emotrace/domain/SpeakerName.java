package io.emotrace.domain;

import java.text.Normalizer;
import java.util.regex.Pattern;

/**
 * The name given to one speaker of one recording; the speaker keeps its id (S1, S2, ...).
 *
 * @param name    the name (see {@link #check})
 * @param score   cosine similarity between the speaker's voice and the enrolled voiceprint, null for a rename
 * @param source  {@link #ENROLLED} (matched an enrolled voiceprint) or {@link #RENAMED} (set by hand for this
 *                recording only, no voiceprint involved)
 */
public record SpeakerName(String name, Double score, String source) {
    public static final String ENROLLED = "enrolled";
    public static final String RENAMED = "renamed";
    /** Longest name accepted. */
    public static final int MAX_LENGTH = 64;
    private static final Pattern ANONYMOUS_ID = Pattern.compile("(?i)S\\d+");

    public SpeakerName {
        name = check(name);
        if (!ENROLLED.equals(source) && !RENAMED.equals(source)) {
            throw new IllegalArgumentException("name source must be enrolled or renamed: " + source);
        }
    }

    public static SpeakerName renamed(String name) {
        return new SpeakerName(name, null, RENAMED);
    }

    /**
     * A name as stored: trimmed, Unicode NFC, 1..{@link #MAX_LENGTH} characters, no control or format characters,
     * and not an anonymous id such as {@code S3} (those stay for unknown voices). Throws
     * IllegalArgumentException with a message for people.
     */
    public static String check(String raw) {
        if (raw == null) {
            throw new IllegalArgumentException("a speaker name is required");
        }
        String n = Normalizer.normalize(raw.strip(), Normalizer.Form.NFC);
        if (n.isEmpty()) {
            throw new IllegalArgumentException("a speaker name cannot be empty");
        }
        if (n.codePointCount(0, n.length()) > MAX_LENGTH) {
            throw new IllegalArgumentException("a speaker name has at most " + MAX_LENGTH + " characters");
        }
        if (n.codePoints().anyMatch(c -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
                || Character.getType(c) == Character.LINE_SEPARATOR
                || Character.getType(c) == Character.PARAGRAPH_SEPARATOR)) {
            throw new IllegalArgumentException("a speaker name cannot contain control characters");
        }
        if (ANONYMOUS_ID.matcher(n).matches()) {
            throw new IllegalArgumentException("'" + n + "' looks like an anonymous speaker id (S1, S2, ...); "
                    + "choose a name");
        }
        return n;
    }
}
