package io.emotrace.asr;

import java.nio.file.Path;

/**
 * Which ASR model to use: a Vosk model directory the user points at ({@code --asr-model DIR}, or
 * {@code EMOTRACE_ASR_MODEL} / {@code -Demotrace.asr.model} for the pipeline), else the embedded English model.
 * {@code language} overrides the one guessed from the directory name (null: guess).
 */
public record AsrModelChoice(Path directory, String language) {
    public static final String ENV_MODEL = "EMOTRACE_ASR_MODEL";
    public static final String ENV_LANGUAGE = "EMOTRACE_ASR_LANGUAGE";

    public static AsrModelChoice embedded() {
        return new AsrModelChoice(null, null);
    }

    /** From system properties, then the environment; the embedded model when neither names a directory. */
    public static AsrModelChoice fromEnvironment() {
        String dir = firstSet(System.getProperty("emotrace.asr.model"), System.getenv(ENV_MODEL));
        String lang = firstSet(System.getProperty("emotrace.asr.language"), System.getenv(ENV_LANGUAGE));
        return new AsrModelChoice(dir == null ? null : Path.of(dir), lang);
    }

    private static String firstSet(String a, String b) {
        if (a != null && !a.isBlank()) {
            return a;
        }
        return b != null && !b.isBlank() ? b : null;
    }

    public boolean isEmbedded() {
        return directory == null;
    }

    /** Opens the chosen model; every failure is a typed {@link AsrException}. */
    public Asr open() throws AsrException {
        return isEmbedded() ? EmbeddedEnglishAsr.open() : VoskModelAsr.open(directory, language);
    }

    /** Null when the model can be opened here (native library loads, model present), else why not. */
    public String problem() {
        String model;
        if (isEmbedded()) {
            model = VoskModelCache.withDefaults().problem();
        } else {
            try {
                VoskModelAsr.checkLayout(directory.toAbsolutePath().normalize());
                model = null;
            } catch (AsrException e) {
                model = e.getMessage();
            }
        }
        if (model != null) {
            return model;
        }
        return VoskNative.problem();
    }
}
