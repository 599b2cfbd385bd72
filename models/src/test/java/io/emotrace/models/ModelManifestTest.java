package io.emotrace.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class ModelManifestTest {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9.+-]*");
    private static final Pattern SHA = Pattern.compile("[0-9a-f]{64}");

    @Test
    void everyEntryIsWellFormed() {
        ModelManifest m = ModelManifest.load();
        assertTrue(m.sha256Null() != null && m.sha256Null().contains("NOT PINNED"));
        Set<String> names = new HashSet<>();
        for (ModelEntry e : m.models()) {
            String n = e.name();
            assertTrue(NAME.matcher(n).matches(), "name " + n);
            assertTrue(names.add(n), "duplicate " + n);
            assertFalse(e.task() == null || e.task().isBlank(), n + ": task");
            assertFalse(e.file() == null || e.file().isBlank() || e.file().contains("/"), n + ": file");
            assertTrue(e.sha256() == null || SHA.matcher(e.sha256()).matches(), n + ": sha256 " + e.sha256());
            assertTrue(e.size() == null || e.size() > 0, n + ": size");
            assertFalse(e.licence() == null || e.licence().isBlank(), n + ": licence");
            assertFalse(e.urls() == null || e.urls().isEmpty(), n + ": urls");
            e.urls().forEach(u -> assertTrue(u.startsWith("https://"), n + ": url " + u));
            assertNotNull(e.source(), n + ": source");
            ModelEntry.Kind k = e.kind();
            switch (k) {
                case NPM -> assertTrue(e.source().npmPackage() != null && e.source().version() != null && e.source().path() != null, n);
                case URL -> assertTrue(e.source().url() != null && e.source().url().startsWith("https://"), n);
                case MAVEN -> assertTrue(e.source().coordinates() != null && e.source().coordinates().split(":").length >= 3, n);
                case SHARED -> assertNotNull(e.source().shared(), n);
                case USER_PROVIDED -> assertNotNull(e.source().instructions(), n);
                case PROJECT_TRAINED -> { }
            }
            assertFalse(e.inputs() == null || e.inputs().isEmpty(), n + ": inputs");
            assertFalse(e.outputs() == null || e.outputs().isEmpty(), n + ": outputs");
            e.inputs().forEach(s -> assertTrue(s.name() != null && s.type() != null && s.shape() != null, n));
            e.outputs().forEach(s -> assertTrue(s.name() != null && s.type() != null && s.shape() != null, n));
        }
        // the models the issue names
        for (String required : new String[] {"silero-vad-v5", "pyannote-segmentation-3.0", "emotion2vec-plus-seed",
                "emotion2vec-plus-base", "emotion2vec-plus-large", "vosk-model-small-en-us-0.15", "campplus-voxceleb",
                "wespeaker-resnet34-voxceleb"}) {
            assertTrue(names.contains(required), "manifest lacks " + required);
        }
        assertEquals("d582f4b4c6b48205de7e0643c57df0df5615a3c176189be3fc461e9d18827b5d",
                m.find("pyannote-segmentation-3.0").orElseThrow().sha256());
    }

    /** The build fetched Silero from npm into the cache; its bytes must be exactly the pinned ones. */
    @Test
    void sileroInCacheMatchesPinnedSha256() throws Exception {
        ModelStore store = ModelStore.withDefaults(null);
        ModelEntry e = store.manifest().get("silero-vad-v5");
        ModelStore.Status s = store.status(e);
        if (s.state() == ModelStore.State.MISSING) {
            String msg = "Silero VAD not in " + store.cachePath(e) + " (the build fetches it with npm)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(msg);
            }
            Assumptions.abort(msg);
        }
        assertEquals(ModelStore.State.VERIFIED, s.state(), s.detail());
        assertEquals(e.sha256(), ModelStore.sha256(s.path()));
        assertEquals(e.size().longValue(), java.nio.file.Files.size(s.path()));
    }
}
