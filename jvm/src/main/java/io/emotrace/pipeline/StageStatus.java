package io.emotrace.pipeline;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How a stage ended. UNAVAILABLE is honest absence (no implementation or model), never a faked result. */
public enum StageStatus {
    OK, UNAVAILABLE, FAILED;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
