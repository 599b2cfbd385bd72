package io.emotrace.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The package structure this module keeps: a dependency-free domain, and no cycle between pipeline and output. */
class PackageDependenciesTest {
    private static final Path SOURCES = Path.of("src/main/java/io/emotrace");
    /** Qualified names in code: imports, and fully qualified uses. */
    private static final Pattern QUALIFIED =
            Pattern.compile("\\b((?:java|javax|com|org|io|net|jdk|sun)(?:\\.[a-z]\\w*)+)\\.[A-Z*]");

    private static List<String> references(String pkg) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(SOURCES.resolve(pkg))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                String code = Files.readString(f)
                        .replaceAll("(?s)/\\*.*?\\*/", "")   // comments may name anything
                        .replaceAll("//[^\\n]*", "");
                Matcher m = QUALIFIED.matcher(code);
                while (m.find()) {
                    out.add(f.getFileName() + ": " + m.group(1));
                }
            }
        }
        return out;
    }

    @Test
    void theDomainDependsOnJavaAndItselfOnly() throws IOException {
        List<String> refs = references("domain");
        assertFalse(refs.isEmpty(), "no qualified names found: wrong source directory?");
        assertEquals(List.of(), refs.stream()
                .filter(r -> !r.contains(": java.") && !r.endsWith(": io.emotrace.domain"))
                .toList());
    }

    @Test
    void outputDoesNotImportThePipeline() throws IOException {
        assertEquals(List.of(), references("output").stream().filter(r -> r.contains("io.emotrace.pipeline")).toList());
    }
}
