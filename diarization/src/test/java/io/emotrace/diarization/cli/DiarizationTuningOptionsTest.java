package io.emotrace.diarization.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emotrace.diarization.clustering.ClusteringSettings;
import io.emotrace.diarization.pipeline.DiarizationSettings;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class DiarizationTuningOptionsTest {
    @Command(name = "holder")
    static final class Holder {
        @Mixin
        DiarizationTuningOptions tuning;
    }

    private static DiarizationTuningOptions parse(String... args) {
        Holder h = new Holder();
        new CommandLine(h).parseArgs(args);
        return h.tuning;
    }

    @Test
    void nothingGivenKeepsTheTunedDefaults() {
        DiarizationTuningOptions t = parse();
        assertEquals(DiarizationSettings.defaults(), t.apply(DiarizationSettings.defaults()));
        assertNull(t.embedder());
    }

    @Test
    void eachGivenKnobOverridesItsDefault() {
        DiarizationTuningOptions t = parse("--threshold", "0.42", "--hop", "2.5", "--clustering", "Spectral",
                "--embedder", "campplus");
        DiarizationSettings s = t.apply(DiarizationSettings.defaults());
        assertEquals(0.42, s.clustering().threshold(), 1e-12);
        assertEquals(2.5, s.hopSeconds(), 1e-12);
        assertEquals(ClusteringSettings.Method.SPECTRAL, s.clustering().method());
        assertEquals("campplus", t.embedder());
    }

    @Test
    void anUnknownClusteringMethodIsABadValue() {
        DiarizationTuningOptions t = parse("--clustering", "kmeans");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> t.apply(DiarizationSettings.defaults()));
        assertEquals("--clustering: ahc, spectral, plda, ahc_spectral or vbx, not kmeans", e.getMessage());
    }

    @Test
    void valuesOutOfRangeAreRefusedByTheirOptionsName() {
        String[][] bad = {{"--threshold", "5"}, {"--threshold", "Infinity"}, {"--threshold", "NaN"}, {"--threshold", "-1"},
            {"--hop", "0"}, {"--hop", "NaN"}, {"--hop", "11"}, {"--centre", "1.5"}, {"--link-overlap", "-0.1"},
            {"--silhouette-band", "2"}, {"--vbx", "0,1"}};
        for (String[] b : bad) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> parse(b).apply(DiarizationSettings.defaults()), String.join(" ", b));
            assertTrue(e.getMessage().startsWith(b[0] + ": "), e.getMessage());
        }
        assertEquals(2.0, parse("--threshold", "2").apply(DiarizationSettings.defaults()).clustering().threshold(), 0);
    }

    @Test
    void evidenceChoosesUtterancesOrSegmentationWithItsOwnClustering() {
        DiarizationSettings shipped = DiarizationSettings.defaults();
        assertTrue(shipped.utteranceSilence() > 0);
        DiarizationSettings seg = parse("--evidence", "segmentation", "--threshold", "0.7").apply(shipped);
        assertEquals(0, seg.utteranceSilence(), 0);
        assertEquals(DiarizationSettings.segmentationDefaults().clustering().method(), seg.clustering().method());
        assertEquals(0.7, seg.clustering().threshold(), 1e-12); // overrides apply to the chosen evidence
        assertEquals(shipped, parse("--evidence", "Utterances").apply(shipped));
        assertTrue(shipped.segmentationOverlap());
        assertEquals(shipped.withSegmentationOverlap(false), parse("--evidence", "utterances-alone").apply(shipped));
        assertThrows(IllegalArgumentException.class, () -> parse("--evidence", "frames").apply(shipped));
    }
}
