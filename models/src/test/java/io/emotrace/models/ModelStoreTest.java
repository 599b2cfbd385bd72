package io.emotrace.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelStoreTest {
    private static ModelEntry entry(String name, String sha, ModelEntry.Source src) {
        return new ModelEntry(name, "test", "weights.bin", sha, null, "MIT", List.of("https://example.invalid/"), src,
                List.of(new ModelEntry.Signature("x", "float32", "[1]")), List.of(new ModelEntry.Signature("y", "float32", "[1]")));
    }

    private static ModelEntry.Source url(String u) {
        return new ModelEntry.Source("url", u, null, null, null, null, null, null, null, null, null);
    }

    @Test
    void sha256VerificationRejectsACorruptedFile(@TempDir Path dir) throws Exception {
        byte[] data = new byte[100_000];
        new Random(7).nextBytes(data);
        Path src = Files.write(dir.resolve("good.bin"), data);
        String sha = ModelStore.sha256(src);
        ModelEntry e = entry("toy", sha, url("https://example.invalid/toy.bin"));
        ModelStore store = new ModelStore(new ModelManifest(1, "n/a", List.of(e)), dir.resolve("cache"), null);

        assertEquals(ModelStore.State.MISSING, store.status(e).state());
        assertEquals("model.missing", assertThrows(ModelException.class, () -> store.resolve("toy")).code());

        Path installed = store.fetch("toy", src); // import a user file: verified before it is moved in
        assertEquals(store.cachePath(e), installed);
        assertEquals(ModelStore.State.VERIFIED, store.status(e).state());
        assertEquals(installed, store.resolve("toy"));

        byte[] bad = data.clone();
        bad[12345] ^= 1; // one flipped bit
        Files.write(installed, bad);
        assertEquals(ModelStore.State.CORRUPT, store.status(e).state());
        ModelException ex = assertThrows(ModelException.class, () -> store.resolve("toy"));
        assertEquals("model.corrupt", ex.code());
        assertTrue(ex.getMessage().contains("models fetch toy"), ex.getMessage());

        // importing a corrupted file fails verification and leaves the cache untouched
        Path corrupt = Files.write(dir.resolve("corrupt.bin"), bad);
        Files.delete(installed);
        assertEquals("model.corrupt", assertThrows(ModelException.class, () -> store.fetch("toy", corrupt)).code());
        assertFalse(Files.exists(installed));
        try (var left = Files.list(installed.getParent())) {
            assertEquals(0, left.count(), "no partial file may remain");
        }
    }

    @Test
    void unreachableUrlIsAnOfflineError(@TempDir Path dir) {
        // port 9 on loopback: nothing listens, the connection is refused at once
        ModelEntry e = entry("remote", null, url("http://127.0.0.1:9/model.onnx"));
        ModelStore store = new ModelStore(new ModelManifest(1, "n/a", List.of(e)), dir, null);
        ModelException ex = assertThrows(ModelException.class, () -> store.fetch("remote", null));
        assertEquals("model.offline", ex.code(), ex.getMessage());
        assertEquals("model.unknown", assertThrows(ModelException.class, () -> store.fetch("nope", null)).code());
    }

    @Test
    void extractsOneMemberFromATarBz2(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] payload = "onnx bytes".getBytes(StandardCharsets.UTF_8);
        try (OutputStream bz = new BZip2CompressorOutputStream(bytes); TarArchiveOutputStream tar = new TarArchiveOutputStream(bz)) {
            for (String name : new String[] {"pkg/README.md", "pkg/model.int8.onnx"}) {
                byte[] body = name.endsWith(".onnx") ? payload : "readme".getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry t = new TarArchiveEntry(name);
                t.setSize(body.length);
                tar.putArchiveEntry(t);
                tar.write(body);
                tar.closeArchiveEntry();
            }
        }
        Path out = dir.resolve("m.onnx");
        ModelStore.extractMember(new org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream(
                new ByteArrayInputStream(bytes.toByteArray())), "pkg/model.int8.onnx", out);
        assertArrayEquals(payload, Files.readAllBytes(out));
        assertThrows(java.io.IOException.class, () -> ModelStore.extractMember(
                new org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream(
                        new ByteArrayInputStream(bytes.toByteArray())), "pkg/absent.onnx", dir.resolve("x")));
    }

    @Test
    void sharedCopyOfPyannoteIsFoundAndVerified() {
        String shared = System.getenv("EMOTRACE_SHARED");
        Path root = shared == null ? null : Path.of(shared);
        ModelStore store = new ModelStore(ModelManifest.load(), Path.of("/nonexistent-cache"), root);
        ModelStore.Status s = store.status(store.manifest().find("pyannote-segmentation-3.0").orElseThrow());
        if (root == null || !Files.isDirectory(root.resolve("models"))) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                org.junit.jupiter.api.Assertions.fail("EMOTRACE_SHARED missing under CI");
            }
            org.junit.jupiter.api.Assumptions.abort("no shared folder");
        }
        assertEquals(ModelStore.State.VERIFIED, s.state(), s.detail());
    }
}
