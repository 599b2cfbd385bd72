package io.emotrace.asr;

import org.vosk.LibVosk;
import org.vosk.LogLevel;

/** Loads libvosk (JNA, from the vosk jar) once and keeps Kaldi's per-utterance log lines off stderr. */
final class VoskNative {
    private static volatile String failure;
    private static volatile boolean loaded;

    private VoskNative() {
    }

    static synchronized void ensureLoaded() throws AsrException {
        if (loaded) {
            return;
        }
        if (failure != null) {
            throw unavailable();
        }
        try {
            LibVosk.setLogLevel(LogLevel.WARNINGS);
            loaded = true;
        } catch (LinkageError | RuntimeException e) {
            // e.g. no libvosk for this platform, or a libc too old for it: the stage is unavailable, not a crash
            failure = e.getClass().getSimpleName() + ": " + e.getMessage();
            throw unavailable();
        }
    }

    /** Null when libvosk loads here, else why not. */
    static String problem() {
        try {
            ensureLoaded();
            return null;
        } catch (AsrException e) {
            return e.getMessage();
        }
    }

    private static AsrException unavailable() {
        return new AsrException("asr.native_unavailable", "the Vosk native library cannot be loaded on "
                + System.getProperty("os.name") + "/" + System.getProperty("os.arch") + ": " + failure);
    }
}
