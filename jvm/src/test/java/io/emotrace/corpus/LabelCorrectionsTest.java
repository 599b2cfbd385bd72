package io.emotrace.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emotrace.SharedTestData;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class LabelCorrectionsTest {
    @Test
    void swapsOnlyTheKoreanAngryAndSadLabels() {
        assertEquals("sad", LabelCorrections.emotion("korean-emotion", "angry"));
        assertEquals("angry", LabelCorrections.emotion("korean-emotion", "sad"));
        assertEquals("happy", LabelCorrections.emotion("korean-emotion", "happy"));
        assertEquals("angry", LabelCorrections.emotion("emovo-italian", "angry"));
        assertNull(LabelCorrections.emotion("korean-emotion", null));
        assertTrue(LabelCorrections.corrects("korean-emotion"));
        assertFalse(LabelCorrections.corrects("ravdess"));
    }

    /** The catalog reads the corrected label: the 002xx files are sad, the 003xx angry. */
    @Test
    void theCatalogReadsTheCorrectedLabels() throws Exception {
        Path root = SharedTestData.require("data/korean-emotion/labels.csv").getParent().getParent();
        CorpusCatalog cat = CorpusCatalog.load(root, List.of("korean-emotion"));
        int checked = 0;
        for (CorpusUtterance u : cat.utterances("korean-emotion-ema")) {
            String name = u.file().getFileName().toString();
            if (name.contains("ema002")) {
                assertEquals("sad", u.emotion(), name);
                checked++;
            } else if (name.contains("ema003")) {
                assertEquals("angry", u.emotion(), name);
                checked++;
            }
        }
        assertEquals(10, checked);
    }
}
