package io.emotrace.asr;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The {@code --asr-model DIR} / {@code --asr-language CODE} pair, shared as a picocli {@code @Mixin} by every
 * command that runs the ASR ({@code analyze}, {@code transcribe}, {@code bench asr}).
 */
public final class AsrModelOptions {
    @Option(names = "--asr-model", paramLabel = "DIR", description = "an unpacked Vosk model directory (other "
            + "languages, bigger models); default: the embedded small English model (analyze: $EMOTRACE_ASR_MODEL "
            + "first)")
    Path directory;

    @Option(names = "--asr-language", paramLabel = "CODE", description = "language of --asr-model (ISO 639-1); "
            + "default: guessed from the directory name")
    String language;

    /** True when the user named a model directory on the command line. */
    public boolean given() {
        return directory != null;
    }

    /** The named model, or the embedded one when none was named. */
    public AsrModelChoice choice() {
        return new AsrModelChoice(directory, language);
    }
}
