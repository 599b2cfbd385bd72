package io.emotrace.rttm;

import io.emotrace.domain.SpeakerTurn;

/**
 * One RTTM SPEAKER line: a {@link SpeakerTurn} in the file {@code fileId}. Ids may hold any Unicode letters (AMI
 * has {@code MÉO069}) but no whitespace, which RTTM cannot carry; times must be finite.
 */
public record RttmTurn(String fileId, SpeakerTurn turn) implements Comparable<RttmTurn> {
    public RttmTurn {
        checked(fileId, turn.speaker(), turn.start(), turn.end());
    }

    /** {@code speaker} speaking in {@code fileId} from {@code start} to {@code end} seconds. */
    public RttmTurn(String fileId, String speaker, double start, double end) {
        this(fileId, checked(fileId, speaker, start, end));
    }

    public String speaker() {
        return turn.speaker();
    }

    public double start() {
        return turn.start();
    }

    public double end() {
        return turn.end();
    }

    public double duration() {
        return turn.duration();
    }

    private static SpeakerTurn checked(String fileId, String speaker, double start, double end) {
        requireToken("file id", fileId);
        requireToken("speaker", speaker);
        if (!Double.isFinite(start) || !Double.isFinite(end)) {
            throw new IllegalArgumentException("turn times must be finite: " + start + " .. " + end);
        }
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("turn must satisfy 0 <= start <= end: " + start + " .. " + end);
        }
        return new SpeakerTurn(speaker, start, end);
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
    public int compareTo(RttmTurn o) {
        int c = fileId.compareTo(o.fileId);
        if (c == 0) {
            c = Double.compare(start(), o.start());
        }
        if (c == 0) {
            c = Double.compare(end(), o.end());
        }
        if (c == 0) {
            c = speaker().compareTo(o.speaker());
        }
        return c;
    }
}
