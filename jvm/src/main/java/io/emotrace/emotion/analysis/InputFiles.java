package io.emotrace.emotion.analysis;

import io.emotrace.EmotraceException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Expands FILE and DIR arguments into inputs with unique output-folder names: a file gives its name without
 * extension; a folder is searched recursively for audio/video files, each named by its path inside the folder
 * (so {@code urdu/Angry/SM1_F10_A010.flac} gives {@code Angry/SM1_F10_A010}, which is also how the
 * corpora's labels.csv names files). Sorted, so runs are reproducible.
 */
public final class InputFiles {
    public static final Set<String> AUDIO_EXTENSIONS = Set.of("wav", "flac", "mp3", "ogg", "opus", "m4a", "aac",
            "wma", "aif", "aiff", "au", "amr", "webm", "mp4", "mkv", "mov", "avi");

    private InputFiles() {
    }

    public static List<EmotionFileAnalyzer.Input> expand(List<Path> args) throws EmotraceException {
        List<EmotionFileAnalyzer.Input> out = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (Path a : args) {
            if (Files.isDirectory(a)) {
                List<Path> found;
                try (Stream<Path> s = Files.walk(a)) {
                    found = s.filter(Files::isRegularFile).filter(InputFiles::isAudio).sorted().toList();
                } catch (IOException e) {
                    throw new EmotraceException("emotion.input", "cannot list " + a + ": " + e.getMessage(), e);
                }
                for (Path f : found) {
                    out.add(new EmotionFileAnalyzer.Input(f, unique(used, stem(a.relativize(f).toString()))));
                }
            } else if (Files.exists(a)) {
                out.add(new EmotionFileAnalyzer.Input(a, unique(used, stem(a.getFileName().toString()))));
            } else {
                throw new EmotraceException("emotion.input", "no such file or folder: " + a);
            }
        }
        return out;
    }

    static boolean isAudio(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 && AUDIO_EXTENSIONS.contains(n.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** The path without its extension, with '/' separators. */
    public static String stem(String path) {
        String p = path.replace('\\', '/');
        int slash = p.lastIndexOf('/');
        int dot = p.lastIndexOf('.');
        return dot > slash + 1 ? p.substring(0, dot) : p;
    }

    private static String unique(Set<String> used, String key) {
        String k = key;
        for (int i = 2; !used.add(k); i++) {
            k = key + "_" + i;
        }
        return k;
    }
}
