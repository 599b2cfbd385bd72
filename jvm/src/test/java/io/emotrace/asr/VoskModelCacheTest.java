package io.emotrace.asr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emotrace.models.ModelManifest;
import io.emotrace.models.ModelStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** First-use unpacking of the embedded model from the Maven aar into an empty cache. */
class VoskModelCacheTest {
    @TempDir
    Path cache;

    @Test
    void unpacksOnceIntoACompleteFolderWithNoLeftovers() throws Exception {
        ModelStore store = new ModelStore(ModelManifest.load(), cache, null);
        // the build resolves the aar into the local Maven repository; without it this test has nothing to unpack
        boolean present = store.status(ModelManifest.load().get(VoskModelCache.MODEL)).path() != null;
        if (io.emotrace.SharedData.isCi()) {
            org.junit.jupiter.api.Assertions.assertTrue(present, "vosk-model-en aar not in the local Maven repository");
        }
        Assumptions.assumeTrue(present, "vosk-model-en aar not in the local Maven repository");
        VoskModelCache c = new VoskModelCache(store);
        assertFalse(c.unpacked());
        assertNull(c.problem());
        Path dir = c.ensure();
        assertEquals(cache.resolve(VoskModelCache.MODEL).resolve("model-en-us"), dir);
        assertTrue(Files.size(dir.resolve("am/final.mdl")) > 1_000_000);
        assertTrue(Files.isRegularFile(dir.resolve("graph/HCLr.fst")));
        assertTrue(c.unpacked());
        try (Stream<Path> s = Files.list(dir.getParent())) {
            assertEquals(1, s.count(), "no temporary folders left beside the model");
        }
        long mtime = Files.getLastModifiedTime(dir.resolve("am/final.mdl")).toMillis();
        assertEquals(dir, c.ensure()); // second use: no new unpacking
        assertEquals(mtime, Files.getLastModifiedTime(dir.resolve("am/final.mdl")).toMillis());
    }

    @Test
    void aMissingAarIsATypedErrorWithTheFix(@TempDir Path emptyRepo) {
        String old = System.getProperty("maven.repo.local");
        System.setProperty("maven.repo.local", emptyRepo.toString());
        try {
            VoskModelCache c = new VoskModelCache(new ModelStore(ModelManifest.load(), cache, null));
            assertTrue(c.problem().contains("models fetch " + VoskModelCache.MODEL), c.problem());
            AsrException e = assertThrows(AsrException.class, c::ensure);
            assertEquals("asr.model_missing", e.code());
        } finally {
            if (old == null) {
                System.clearProperty("maven.repo.local");
            } else {
                System.setProperty("maven.repo.local", old);
            }
        }
    }
}
