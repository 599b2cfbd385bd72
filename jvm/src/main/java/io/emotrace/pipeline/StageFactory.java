package io.emotrace.pipeline;

import io.emotrace.EmotraceException;

/**
 * What every pluggable stage provider offers, mirroring {@link io.emotrace.vad.VadFactory}: a name for outputs,
 * whether it can run here (and why not), and a fresh engine. Providers are found with ServiceLoader.
 */
public interface StageFactory<T extends AutoCloseable> {
    String name();

    Availability availability();

    T create() throws EmotraceException;
}
