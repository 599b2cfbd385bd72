package io.emotrace.diarization.simulate;

import io.emotrace.EmotraceException;

/** A meeting could not be simulated: bad configuration, missing corpus, too few eligible speakers. */
public final class SimulationException extends EmotraceException {
    public SimulationException(String code, String message) {
        super(code, message);
    }

    public SimulationException(String code, String message, Throwable cause) {
        super(code, message, cause);
    }
}
