package io.emotrace.domain;

import java.util.Locale;

/** How a stage ended. UNAVAILABLE is honest absence (no implementation or model), never a faked result. */
public enum StageStatus {
    OK, UNAVAILABLE, FAILED;

    /** The lower-case form result.json writes (see {@code io.emotrace.output.DomainJson}). */
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
