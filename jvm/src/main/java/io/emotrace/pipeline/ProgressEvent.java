package io.emotrace.pipeline;

/**
 * Progress of one stage: {@code fraction} in [0, 1], or {@link #UNKNOWN} when the total is not known
 * (a stream without a declared duration). Plain values so the service can forward them as JSON.
 */
public record ProgressEvent(String stage, double fraction, String message) {
    public static final double UNKNOWN = -1.0;

    public ProgressEvent {
        if (fraction != UNKNOWN && !(fraction >= 0.0 && fraction <= 1.0)) {
            throw new IllegalArgumentException("fraction out of range: " + fraction);
        }
    }
}
