package io.emotrace.output;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The build's version, filtered into {@code io/emotrace/version.properties} by Maven. */
public final class EmotraceVersion {
    private static final String VERSION = load();

    private EmotraceVersion() {
    }

    public static String get() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = EmotraceVersion.class.getResourceAsStream("/io/emotrace/version.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version");
                if (v != null && !v.startsWith("${")) {
                    return v;
                }
            }
        } catch (IOException ignored) {
            // fall through: an unknown version is reported as such
        }
        return "unknown";
    }
}
