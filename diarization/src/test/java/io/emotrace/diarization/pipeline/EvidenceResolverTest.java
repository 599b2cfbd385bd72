package io.emotrace.diarization.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.emotrace.diarization.clustering.SpeakerClusterer;
import io.emotrace.diarization.clustering.SpeakerCount;
import io.emotrace.domain.SpeakerTurn;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-built local activity and embeddings: the timeline, overlap and exclusive tracks are known exactly. */
class EvidenceResolverTest {
    private static final float[] A = {1, 0, 0};
    private static final float[] B = {0, 1, 0};

    private static byte[] bits(int frames, int[][] spans) {
        byte[] b = new byte[frames];
        for (int[] s : spans) { // {speaker, from, to}
            for (int f = s[1]; f < s[2]; f++) {
                b[f] |= (byte) (1 << s[0]);
            }
        }
        return b;
    }

    private static double t(long frame) {
        return frame * 270 / 16000.0;
    }

    @Test
    void overlapIsKeptAndTheExclusiveTrackPicksOneSpeaker() {
        // one piece of 100 frames at global frame 10: local 0 on 0..59, local 1 on 40..99 (overlap 40..59)
        Piece p = new Piece(10, bits(100, new int[][] {{0, 0, 60}, {1, 40, 100}}), new int[] {0, 1, -1});
        List<SpeakerClusterer.Item> items = List.of(new SpeakerClusterer.Item(A, 5, true, 0),
                new SpeakerClusterer.Item(B, 5, true, 0));
        Evidence ev = new Evidence(List.of(p), items, 200, true, 1, 0, 0, 0);
        EvidenceResolver.Resolved r = EvidenceResolver.resolve(ev, DiarizationSettings.segmentationDefaults(), SpeakerCount.AUTO);
        assertEquals(List.of("S1", "S2"), r.speakerIds());
        assertEquals(List.of(new SpeakerTurn("S1", t(10), t(70)), new SpeakerTurn("S2", t(50), t(110))),
                r.result().overlapping());
        // equal scores in the overlap: the exclusive track keeps the speaker already talking
        assertEquals(List.of(new SpeakerTurn("S1", t(10), t(70)), new SpeakerTurn("S2", t(70), t(110))),
                r.result().exclusive());
        assertArrayEquals(A, r.centroids()[0], 1e-6f);
        assertArrayEquals(B, r.centroids()[1], 1e-6f);
    }

    @Test
    void overlappingWindowsAreLinkedThroughClusteringAndAveraged() {
        // two windows overlapping by 50 frames; local numbering differs between them (A is local 1 in the second)
        Piece p1 = new Piece(0, bits(100, new int[][] {{0, 0, 80}}), new int[] {0, -1, -1});
        Piece p2 = new Piece(50, bits(100, new int[][] {{1, 0, 30}, {0, 40, 100}}), new int[] {2, 1, -1});
        List<SpeakerClusterer.Item> items = List.of(new SpeakerClusterer.Item(A, 5, true, 0),
                new SpeakerClusterer.Item(A, 5, true, 1), new SpeakerClusterer.Item(B, 5, true, 1));
        Evidence ev = new Evidence(List.of(p1, p2), items, 150, true, 2, 0, 0, 0);
        EvidenceResolver.Resolved r = EvidenceResolver.resolve(ev, DiarizationSettings.segmentationDefaults(), SpeakerCount.AUTO);
        // A: frames 0..79 (both windows agree on 50..79); B: frames 90..149
        assertEquals(List.of(new SpeakerTurn("S1", t(0), t(80)), new SpeakerTurn("S2", t(90), t(150))),
                r.result().overlapping());
        assertEquals(r.result().overlapping(), r.result().exclusive());
    }

    @Test
    void shortSameSpeakerGapsAreFilled() {
        // A speaks 0..40 and 43..80: a 3-frame (51 ms) gap is below the 0.1 s default and is filled
        Piece p = new Piece(0, bits(100, new int[][] {{0, 0, 40}, {0, 43, 80}}), new int[] {0, -1, -1});
        Evidence ev = new Evidence(List.of(p), List.of(new SpeakerClusterer.Item(A, 5, true, 0)), 100, true, 1, 0,
                0, 0);
        EvidenceResolver.Resolved r = EvidenceResolver.resolve(ev, DiarizationSettings.segmentationDefaults(), SpeakerCount.AUTO);
        assertEquals(List.of(new SpeakerTurn("S1", t(0), t(80))), r.result().overlapping());
    }

    @Test
    void noEvidenceIsAnEmptyResult() {
        Evidence ev = new Evidence(new ArrayList<>(), List.of(), 1000, true, 0, 0, 0, 0);
        EvidenceResolver.Resolved r = EvidenceResolver.resolve(ev, DiarizationSettings.segmentationDefaults(), SpeakerCount.AUTO);
        assertEquals(List.of(), r.result().overlapping());
        assertEquals(List.of(), r.result().exclusive());
        assertEquals(0, r.centroids().length);
    }

    /**
     * Two voices that share a strong common component (one channel) are one speaker to plain cosine AHC; with the
     * recording's mean subtracted they are two, and the centroids handed out are still the raw voices.
     */
    @Test
    void centringSeparatesVoicesThatShareAChannelAndKeepsRawCentroids() {
        float r = (float) Math.sqrt(10);
        float[] a = {1 / r, 0, 3 / r};
        float[] b = {0, 1 / r, 3 / r};
        Piece p1 = new Piece(0, bits(100, new int[][] {{0, 0, 100}}), new int[] {0, -1, -1});
        Piece p2 = new Piece(200, bits(100, new int[][] {{0, 0, 100}}), new int[] {1, -1, -1});
        List<SpeakerClusterer.Item> items = List.of(new SpeakerClusterer.Item(a, 5, true, 0),
                new SpeakerClusterer.Item(b, 5, true, 1));
        Evidence ev = new Evidence(List.of(p1, p2), items, 300, true, 2, 0, 0, 0);
        DiarizationSettings plain = DiarizationSettings.segmentationDefaults().withClustering(
                DiarizationSettings.segmentationDefaults().clustering().withCentreShare(0).withMinClusterSeconds(0));
        assertEquals(1, EvidenceResolver.resolve(ev, plain, SpeakerCount.AUTO).speakerIds().size());
        DiarizationSettings centred = plain.withClustering(plain.clustering().withCentreShare(1.0));
        EvidenceResolver.Resolved r2 = EvidenceResolver.resolve(ev, centred, SpeakerCount.AUTO);
        assertEquals(List.of("S1", "S2"), r2.speakerIds());
        assertArrayEquals(a, r2.centroids()[0], 1e-6f);
        assertArrayEquals(b, r2.centroids()[1], 1e-6f);
        // the centred vectors themselves point apart and stay unit length
        List<SpeakerClusterer.Item> c = EvidenceResolver.centred(items, 1.0);
        double dot = 0;
        double na = 0;
        for (int k = 0; k < 3; k++) {
            dot += c.get(0).embedding()[k] * c.get(1).embedding()[k];
            na += c.get(0).embedding()[k] * c.get(0).embedding()[k];
        }
        assertEquals(-1, dot, 1e-5);
        assertEquals(1, na, 1e-5);
    }

    /** Two voices 0.73 apart in cosine distance, against the threshold 0.75 and a band of 0.05 either way. */
    private static Evidence twoVoicesApart(double distance) {
        double th = Math.acos(1 - distance);
        float[] c = {(float) Math.cos(th), (float) Math.sin(th), 0};
        Piece p1 = new Piece(0, bits(100, new int[][] {{0, 0, 90}}), new int[] {0, -1, -1});
        Piece p2 = new Piece(200, bits(100, new int[][] {{0, 0, 90}}), new int[] {1, -1, -1});
        return new Evidence(List.of(p1, p2), List.of(new SpeakerClusterer.Item(A, 5, true, 0),
                new SpeakerClusterer.Item(c, 5, true, 1)), 300, true, 2, 0, 0, 0);
    }

    private static DiarizationSettings uncentred() {
        return DiarizationSettings.segmentationDefaults().withClustering(
                io.emotrace.diarization.clustering.ClusteringSettings.defaults().withCentreShare(0).withThreshold(0.75));
    }

    @Test
    void aCountNearTheThresholdIsGivenAsARange() {
        Evidence near = twoVoicesApart(0.73);
        EvidenceResolver.Resolved r = EvidenceResolver.resolve(near, uncentred(), SpeakerCount.AUTO);
        assertEquals(1, r.speakerIds().size());
        assertEquals(new io.emotrace.domain.SpeakerCountRange(1, 1, 2),
                EvidenceResolver.countRange(near, uncentred(), SpeakerCount.AUTO, null, 1, 0.05));
        // far from the threshold, or with the band off, or with the count fixed: one count
        Evidence far = twoVoicesApart(0.40);
        assertEquals(io.emotrace.domain.SpeakerCountRange.exactly(1),
                EvidenceResolver.countRange(far, uncentred(), SpeakerCount.AUTO, null, 1, 0.05));
        assertEquals(io.emotrace.domain.SpeakerCountRange.exactly(1),
                EvidenceResolver.countRange(near, uncentred(), SpeakerCount.AUTO, null, 1, 0));
        assertEquals(io.emotrace.domain.SpeakerCountRange.exactly(2),
                EvidenceResolver.countRange(near, uncentred(), SpeakerCount.exactly(2), null, 2, 0.05));
        Evidence justApart = twoVoicesApart(0.77);
        assertEquals(new io.emotrace.domain.SpeakerCountRange(2, 1, 2),
                EvidenceResolver.countRange(justApart, uncentred(), SpeakerCount.AUTO, null, 2, 0.05));
    }
}
