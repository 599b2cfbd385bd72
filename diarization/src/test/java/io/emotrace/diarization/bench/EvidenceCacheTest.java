package io.emotrace.diarization.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.emotrace.diarization.clustering.SpeakerClusterer;
import io.emotrace.diarization.pipeline.Evidence;
import io.emotrace.diarization.pipeline.Piece;
import io.emotrace.rttm.RttmTurn;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvidenceCacheTest {
    @TempDir
    Path dir;

    private static BenchFile sample() {
        Piece p = new Piece(7, new byte[] {0, 1, 3, 2, 0}, new int[] {0, 1, -1});
        List<SpeakerClusterer.Item> items = List.of(
                new SpeakerClusterer.Item(new float[] {0.6f, 0.8f}, 2.5, true, 0),
                new SpeakerClusterer.Item(new float[] {-1f, 0f}, 0.4, false, 0));
        Evidence ev = new Evidence(List.of(p), items, 1234, true, 1, 0.5, 0.25, 2.9, true);
        List<RttmTurn> ref = List.of(new RttmTurn("m1", "MÉO069", 0.5, 2.0), new RttmTurn("m1", "B", 1.0, 3.0));
        return new BenchFile("m1", 30.0, ref, 2, ev, 0.1, 0.8, 1.1);
    }

    @Test
    void roundTripsEverythingTheBenchScores() throws Exception {
        EvidenceCache cache = new EvidenceCache(dir, "model A");
        cache.store("sim #0", sample(), "meeting_000 30 s, 2 speakers");
        String[] note = new String[1];
        BenchFile back = cache.load("sim #0", note);
        BenchFile f = sample();
        assertEquals("meeting_000 30 s, 2 speakers", note[0]);
        assertEquals(f.id(), back.id());
        assertEquals(f.reference(), back.reference());
        assertEquals(f.referenceSpeakers(), back.referenceSpeakers());
        assertEquals(f.seconds(), back.seconds());
        assertEquals(f.vadSeconds(), back.vadSeconds());
        assertEquals(f.cpuSeconds(), back.cpuSeconds());
        assertEquals(f.wallSeconds(), back.wallSeconds());
        Evidence a = f.evidence();
        Evidence b = back.evidence();
        assertEquals(a.totalFrames(), b.totalFrames());
        assertEquals(a.windows(), b.windows());
        assertEquals(true, b.narrowband()); // the timeline's telephone-band settings depend on it
        assertEquals(a.embeddedAudioSeconds(), b.embeddedAudioSeconds());
        assertEquals(a.pieces().get(0).startFrame(), b.pieces().get(0).startFrame());
        assertArrayEquals(a.pieces().get(0).activity(), b.pieces().get(0).activity());
        assertArrayEquals(a.pieces().get(0).items(), b.pieces().get(0).items());
        for (int i = 0; i < a.items().size(); i++) {
            assertArrayEquals(a.items().get(i).embedding(), b.items().get(i).embedding());
            assertEquals(a.items().get(i).seconds(), b.items().get(i).seconds());
            assertEquals(a.items().get(i).reliable(), b.items().get(i).reliable());
            assertEquals(a.items().get(i).group(), b.items().get(i).group());
        }
    }

    @Test
    void anEarlierFileWithoutWallTimeIsReadExceptTheLongRecordingsWhoseCpuFieldHeldIt() throws Exception {
        EvidenceCache cache = new EvidenceCache(dir, "model A");
        BenchFile f = sample();
        BenchFile longRun = new BenchFile(EvidenceCache.LONG_ID, f.seconds(), f.reference(), 2, f.evidence(), 0, 0.8, 1.1);
        cache.store("sim #0", f, "note");
        cache.store("long", longRun, "note");
        for (String key : List.of("sim #0", "long")) { // rewrite each as version 3 wrote it: no wall time at the end
            Path p = cache.path(key);
            byte[] b = java.nio.file.Files.readAllBytes(p);
            byte[] v3 = java.util.Arrays.copyOf(b, b.length - Double.BYTES);
            java.nio.ByteBuffer.wrap(v3).putInt(0, 3);
            java.nio.file.Files.write(p, v3);
        }
        BenchFile back = cache.load("sim #0", new String[1]);
        assertEquals(0.8, back.cpuSeconds());
        Evidence ev = f.evidence();
        assertEquals(0.1 + ev.chainSegmentationSeconds() + ev.chainEmbeddingSeconds(), back.wallSeconds(), 1e-12);
        assertNull(cache.load("long", new String[1]), "a version-3 long recording is analysed again");
    }

    @Test
    void aCompanionEvidenceRoundTripsToo() throws Exception {
        BenchFile f = sample();
        Evidence seg = f.evidence();
        Evidence utt = new Evidence(List.of(new Piece(3, new byte[] {1, 1}, new int[] {0})),
                List.of(new SpeakerClusterer.Item(new float[] {0f, 1f}, 1.5, true, 0)), 1234, false, 1, 0, 0.1, 1.5,
                false).withCompanion(seg);
        EvidenceCache cache = new EvidenceCache(dir, "model A");
        cache.store("utt #0", new BenchFile(f.id(), f.seconds(), f.reference(), 2, utt, 0.1, 0.8, 1.1), "note");
        Evidence back = cache.load("utt #0", new String[1]).evidence();
        assertEquals(1, back.items().size());
        assertEquals(false, back.overlapAware());
        Evidence c = back.companion();
        assertEquals(2, c.items().size());
        assertEquals(true, c.overlapAware());
        assertArrayEquals(seg.pieces().get(0).activity(), c.pieces().get(0).activity());
        assertArrayEquals(seg.items().get(1).embedding(), c.items().get(1).embedding());
        assertEquals(null, c.companion());
        assertEquals(null, cache.load("sim #0", new String[1])); // nothing stored under that key here
    }

    @Test
    void anotherModelOrRecordingIsAMiss() throws Exception {
        new EvidenceCache(dir, "model A").store("sim #0", sample(), "x");
        String[] note = new String[1];
        assertNull(new EvidenceCache(dir, "model B").load("sim #0", note));
        assertNull(new EvidenceCache(dir, "model A").load("sim #1", note));
    }
}
