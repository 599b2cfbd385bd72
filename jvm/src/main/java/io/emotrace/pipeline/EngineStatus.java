package io.emotrace.pipeline;

/**
 * One engine of the process's {@link Engines}: the stage it serves, its provider's name, its state, why it is not
 * ready (null when it is), how often it was loaded since start (1 after any number of runs), and what it is.
 */
public record EngineStatus(String stage, String name, EngineState state, String reason, int loads,
                           String description) {
}
