package io.emotrace.rttm;

/**
 * One speaker speaking in one file from {@code start} to {@code end} seconds (an RTTM SPEAKER line).
 * Ids may hold any Unicode letters (AMI has {@code MÉO069}) but no whitespace, which RTTM cannot carry.
 */
public record SpeakerTurn(String fileId, String speaker, double start, double end) implements Comparable<SpeakerTurn> {
    public SpeakerTurn {
        requireToken("file id", fileId);
        requireToken("speaker", speaker);
        if (!Double.isFinite(start) || !Double.isFinite(end)) {
            throw new IllegalArgumentException("turn times must be finite: " + start + " .. " + end);
        }
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("turn must satisfy 0 <= start <= end: " + start + " .. " + end);
        }
    }

    public double duration() {
        return end - start;
    }

    static void requireToken(String what, String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(what + " is empty");
        }
        if (value.codePoints().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException(what + " contains whitespace: '" + value + "'");
        }
    }

    /** File, then start, then end, then speaker: the order the writer emits, so output is deterministic. */
    @Override
    public int compareTo(SpeakerTurn o) {
        int c = fileId.compareTo(o.fileId);
        if (c == 0) {
            c = Double.compare(start, o.start);
        }
        if (c == 0) {
            c = Double.compare(end, o.end);
        }
        if (c == 0) {
            c = speaker.compareTo(o.speaker);
        }
        return c;
    }
}
