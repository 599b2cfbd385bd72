package io.emotrace.domain;

/**
 * How sure the diarizer is of its speaker count: {@code found} speakers, while every count from {@code fewest} to
 * {@code most} would also have come out of a same/different decision a little stricter or looser than the one used
 * (the band is chosen on tuning recordings so that the range holds the true count of most of them). A range of one
 * count is a confident answer; a wide one says that voices are hard to tell apart in this recording (one voice
 * changing with emotion, or two similar voices on one line).
 */
public record SpeakerCountRange(int found, int fewest, int most) {
    public SpeakerCountRange {
        if (fewest < 0 || fewest > found || most < found) {
            throw new IllegalArgumentException("a count range needs 0 <= fewest <= found <= most: " + fewest + ", "
                    + found + ", " + most);
        }
    }

    /** A count the caller fixed or nothing could move. */
    public static SpeakerCountRange exactly(int found) {
        return new SpeakerCountRange(found, found, found);
    }

    public boolean certain() {
        return fewest == most;
    }

    public boolean covers(int count) {
        return count >= fewest && count <= most;
    }

    /** "3" or "3 (2-4 plausible)". */
    public String describe() {
        return certain() ? Integer.toString(found) : found + " (" + fewest + "-" + most + " plausible)";
    }
}
