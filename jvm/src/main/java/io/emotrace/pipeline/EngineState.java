package io.emotrace.pipeline;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a shared engine stands. UNAVAILABLE: no provider can run here (the reason says why). */
public enum EngineState {
    NOT_LOADED, LOADING, READY, FAILED, UNAVAILABLE, CLOSED;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
