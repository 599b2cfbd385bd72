package io.emotrace.diarization.simulate;

/** Background noise added under a simulated meeting (never part of the reference). */
public enum NoiseType {
    /** No noise. */
    NONE,
    /** Gaussian white noise. */
    WHITE,
    /** Pink (1/f) noise: Gaussian noise through a sum of first-order low-pass stages with octave-spaced corners. */
    PINK,
    /** Babble: several overlaid streams of utterances by speakers who are not in the meeting. */
    BABBLE
}
