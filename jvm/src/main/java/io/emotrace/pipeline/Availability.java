package io.emotrace.pipeline;

/** Whether a stage can run here, and if not, why (shown to users as-is, never hidden). */
public record Availability(boolean available, String detail) {
    public static Availability yes(String detail) {
        return new Availability(true, detail);
    }

    public static Availability no(String reason) {
        return new Availability(false, reason);
    }
}
