package io.emotrace;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Locates the real corpora and weights that live beside the project ({@code $EMOTRACE_SHARED}, default
 * {@code ../shared}). They are read in place and never copied into the repository.
 */
public final class SharedData {
    private SharedData() {
    }

    public static Path root() {
        String env = System.getenv("EMOTRACE_SHARED");
        if (env != null && !env.isBlank()) {
            return Path.of(env).toAbsolutePath().normalize();
        }
        // Maven runs tests inside the module directory, the launcher at the project root.
        Path cwd = Path.of("").toAbsolutePath();
        for (Path p = cwd; p != null; p = p.getParent()) {
            Path candidate = p.resolveSibling("shared");
            if (Files.isDirectory(candidate.resolve("data"))) {
                return candidate.normalize();
            }
        }
        return cwd.resolveSibling("shared").normalize();
    }

    /** The shared file or folder at {@code relative}, if present. */
    public static Optional<Path> find(String relative) {
        Path p = root().resolve(relative);
        return Files.exists(p) ? Optional.of(p) : Optional.empty();
    }

    /** CI sets CI=true: there, missing shared data is an error, never a silent skip. */
    public static boolean isCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }
}
