package io.emotrace.domain;

/** A speaker talking from {@code start} to {@code end} seconds; ids are S1, S2, ... by first appearance. */
public record SpeakerTurn(String speaker, double start, double end) {
    public SpeakerTurn {
        if (speaker == null || !(end >= start) || start < 0) {
            throw new IllegalArgumentException("bad turn " + speaker + " " + start + ".." + end);
        }
    }

    public double duration() {
        return end - start;
    }
}
