package io.emotrace.diarization.pipeline;

import static io.emotrace.diarization.pipeline.HandBuiltEvidence.unit;
import static io.emotrace.diarization.pipeline.HandBuiltEvidence.utterance;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emotrace.diarization.clustering.SpeakerClusterer;
import io.emotrace.diarization.clustering.SpeakerCount;
import io.emotrace.diarization.embedding.AttributionCalibration;
import io.emotrace.domain.SpeakerTurn;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hand-built utterances and a window: the features describe each assignment, and a turn's confidence is the mean of
 * the probabilities of the embeddings that put its voice on its frames (the utterance's where one does, else the
 * window tracks').
 */
class AttributionConfidenceTest {
    private static final float[] A = {1, 0, 0};
    private static final float[] A2 = unit(0.95f, 0.05f, 0.3f);
    private static final float[] B = {0, 1, 0};
    private static final float[] A_TRACK = unit(0.9f, 0.1f, 0.2f);
    private static final float[] B_TRACK = unit(0.1f, 0.95f, -0.2f);

    /** Utterances A (0..119), B (150..269), A2 (300..419); a window whose A track also talks at 450..559. */
    private static Evidence evidence() {
        List<SpeakerClusterer.Item> utt = List.of(new SpeakerClusterer.Item(A, 2, true, 0),
                new SpeakerClusterer.Item(B, 2, true, 1), new SpeakerClusterer.Item(A2, 2, true, 2));
        List<Piece> uttPieces = List.of(utterance(0, 120, 0), utterance(150, 270, 1), utterance(300, 420, 2));
        byte[] bits = new byte[600];
        for (int f = 0; f < 600; f++) {
            boolean a = f < 120 || f >= 300 && f < 420 || f >= 450 && f < 560;
            boolean b = f >= 150 && f < 270;
            bits[f] = (byte) ((a ? 1 : 0) | (b ? 2 : 0));
        }
        Evidence seg = new Evidence(List.of(new Piece(0, bits, new int[] {0, 1, -1})),
                List.of(new SpeakerClusterer.Item(A_TRACK, 8, true, 0), new SpeakerClusterer.Item(B_TRACK, 4, true, 0)),
                600, true, 1, 0, 0, 0);
        return new Evidence(uttPieces, utt, 600, false, 3, 0, 0, 0).withCompanion(seg);
    }

    /** Probability = the feature "track" alone decides: 0.9 for clustered embeddings, 0.3 for window tracks. */
    private static AttributionCalibration trackOnly() {
        double logit9 = Math.log(0.9 / 0.1);
        double logit3 = Math.log(0.3 / 0.7);
        return new AttributionCalibration(new double[] {logit9, 0, 0, 0, 0, 0, 0, logit3 - logit9}, "c", "w", "test");
    }

    @Test
    void featuresDescribeEachAssignment() {
        DiarizationSettings s = DiarizationSettings.defaults();
        Evidence ev = evidence();
        EvidenceResolver.Resolved r = EvidenceResolver.resolve(ev, s, SpeakerCount.exactly(2));
        AttributionConfidence.Assignments a = AttributionConfidence.of(ev, s, r);
        assertEquals(3, a.primaryFeatures().length);
        assertEquals(2, a.trackFeatures().length);
        double[] first = a.primaryFeatures()[0];
        assertEquals(AttributionConfidence.FEATURES, first.length);
        assertTrue(first[0] > first[1], "closer to its own voice (without itself) than to the other");
        assertEquals(Math.log(2), first[2], 1e-9);
        assertEquals(4.0 / 6, first[3], 1e-9); // voice A holds two of the three 2-s utterances
        assertEquals(0, first[5]); // two voices
        assertEquals(0, first[6]); // clustered, not a track
        double[] b = a.primaryFeatures()[1];
        assertEquals(0, b[0]); // B's only member: no centroid without it
        assertEquals(1, a.trackFeatures()[0][6]);
        assertEquals(a.primaryLabels()[0], a.trackLabels()[0]);
        assertEquals(a.primaryLabels()[1], a.trackLabels()[1]);
    }

    @Test
    void aTurnTakesItsUtterancesProbabilityAndTheTracksOutsideThem() {
        DiarizationSettings s = DiarizationSettings.defaults();
        Evidence ev = evidence();
        EvidenceResolver.Resolved r = EvidenceResolver.resolve(ev, s, SpeakerCount.exactly(2));
        EvidenceResolver.Resolved c = AttributionConfidence.annotate(r, AttributionConfidence.of(ev, s, r),
                trackOnly());
        List<SpeakerTurn> excl = c.result().exclusive();
        assertEquals(r.result().exclusive().size(), excl.size());
        assertTrue(excl.stream().anyMatch(t -> t.confidence() == 0.3 || Math.abs(t.confidence() - 0.3) < 1e-9),
                "a turn outside every utterance takes the tracks' probability: " + excl);
        for (SpeakerTurn t : excl) {
            assertTrue(t.hasConfidence());
            boolean outsideUtterances = t.start() > 440 * 270 / 16000.0;
            assertEquals(outsideUtterances ? 0.3 : 0.9, t.confidence(), 1e-9, t.toString());
        }
        assertTrue(c.result().overlapping().stream().allMatch(SpeakerTurn::hasConfidence));
        assertNull(r.result().exclusive().get(0).confidence()); // resolving alone says nothing
    }

    @Test
    void separatedVoicesAreSurerThanCloseOnesUnderAFittedDirection() {
        // own-voice cosine up, other-voice cosine down: a plausible fitted direction
        AttributionCalibration cal = new AttributionCalibration(new double[] {0, 4, -4, 0, 0, 0, 0, 0}, "c", "w", "t");
        double apart = cal.probability(new double[] {0.8, 0.1, 0, 0, 0, 0, 0});
        double close = cal.probability(new double[] {0.5, 0.45, 0, 0, 0, 0, 0});
        assertTrue(apart > 0.9 && close < 0.6, apart + " " + close);
    }
}
