package io.emotrace.diarization.pipeline;

import static io.emotrace.diarization.pipeline.HandBuiltEvidence.unit;
import static io.emotrace.diarization.pipeline.HandBuiltEvidence.utterance;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.emotrace.diarization.clustering.SpeakerClusterer;
import io.emotrace.diarization.clustering.SpeakerCount;
import io.emotrace.domain.SpeakerTurn;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hand-built utterances and segmentation windows: the utterances decide the voices, the windows add the overlapped
 * speaker inside an utterance and the speech outside every utterance, labelled by the utterances' voices.
 */
class OverlapFromSegmentationTest {
    private static final float[] A = {1, 0, 0};
    private static final float[] B = {0, 1, 0};
    private static final float[] A_TRACK = unit(0.9f, 0.1f, 0.2f);
    private static final float[] B_TRACK = unit(0.1f, 0.95f, -0.2f);

    private static double t(long frame) {
        return frame * 270 / 16000.0;
    }

    private static Evidence evidence() {
        List<SpeakerClusterer.Item> utt = List.of(new SpeakerClusterer.Item(A, 2, true, 0),
                new SpeakerClusterer.Item(B, 2, true, 1), new SpeakerClusterer.Item(A, 2, true, 2));
        List<Piece> uttPieces = List.of(utterance(0, 120, 0), utterance(150, 270, 1), utterance(300, 420, 2));
        // one window: local 0 (A's track) 0..119, 300..419 and 450..559 (speech no utterance holds); local 1 (B's
        // track) 150..269 and 60..119 (talking over A)
        byte[] bits = new byte[600];
        for (int f = 0; f < 600; f++) {
            boolean a = f < 120 || f >= 300 && f < 420 || f >= 450 && f < 560;
            boolean b = f >= 150 && f < 270 || f >= 60 && f < 120;
            bits[f] = (byte) ((a ? 1 : 0) | (b ? 2 : 0));
        }
        Evidence seg = new Evidence(List.of(new Piece(0, bits, new int[] {0, 1, -1})),
                List.of(new SpeakerClusterer.Item(A_TRACK, 8, true, 0), new SpeakerClusterer.Item(B_TRACK, 4, true, 0)),
                600, true, 1, 0, 0, 0);
        return new Evidence(uttPieces, utt, 600, false, 3, 0, 0, 0).withCompanion(seg);
    }

    @Test
    void windowsAddTheOverlappedVoiceAndTheSpeechNoUtteranceHolds() {
        DiarizationSettings s = DiarizationSettings.defaults();
        assertEquals(true, s.segmentationOverlap()); // the shipped evidence
        EvidenceResolver.Resolved r = EvidenceResolver.resolve(evidence(), s, SpeakerCount.exactly(2));
        assertEquals(List.of("S1", "S2"), r.speakerIds());
        assertEquals(List.of(new SpeakerTurn("S1", t(0), t(120)), new SpeakerTurn("S2", t(60), t(120)),
                new SpeakerTurn("S2", t(150), t(270)), new SpeakerTurn("S1", t(300), t(420)),
                new SpeakerTurn("S1", t(450), t(560))), r.result().overlapping());
        // inside an utterance its own voice holds the exclusive track
        assertEquals(List.of(new SpeakerTurn("S1", t(0), t(120)), new SpeakerTurn("S2", t(150), t(270)),
                new SpeakerTurn("S1", t(300), t(420)), new SpeakerTurn("S1", t(450), t(560))), r.result().exclusive());
        assertArrayEquals(A, r.centroids()[0], 1e-6f); // the utterances' voices, not the tracks'
    }

    @Test
    void utteranceEdgesTheWindowsHearSilentAreTrimmedUpToTheLimit() {
        // utterance 0 runs on to 129 and utterance 1 starts at 145, where the windows hear no one (A to 119, B from 150)
        Evidence base = evidence();
        Evidence ev = new Evidence(List.of(utterance(0, 130, 0), utterance(145, 270, 1), utterance(300, 420, 2)),
                base.items(), 600, false, 3, 0, 0, 0).withCompanion(base.companion());
        EvidenceResolver.Resolved kept = EvidenceResolver.resolve(ev, DiarizationSettings.defaults().withEdgeTrimSeconds(0),
                SpeakerCount.exactly(2));
        assertEquals(new SpeakerTurn("S1", t(0), t(130)), kept.result().exclusive().get(0));
        assertEquals(new SpeakerTurn("S2", t(145), t(270)), kept.result().exclusive().get(1));
        EvidenceResolver.Resolved trimmed = EvidenceResolver.resolve(ev,
                DiarizationSettings.defaults().withEdgeTrimSeconds(1.0), SpeakerCount.exactly(2));
        assertEquals(new SpeakerTurn("S1", t(0), t(120)), trimmed.result().exclusive().get(0));
        assertEquals(new SpeakerTurn("S2", t(150), t(270)), trimmed.result().exclusive().get(1));
        // 0.05 s is 3 frames: only that much of each silent edge goes
        EvidenceResolver.Resolved little = EvidenceResolver.resolve(ev,
                DiarizationSettings.defaults().withEdgeTrimSeconds(0.05), SpeakerCount.exactly(2));
        assertEquals(new SpeakerTurn("S1", t(0), t(127)), little.result().exclusive().get(0));
        assertEquals(new SpeakerTurn("S2", t(148), t(270)), little.result().exclusive().get(1));
    }

    @Test
    void withoutTheSettingTheCompanionIsNotUsed() {
        EvidenceResolver.Resolved r = EvidenceResolver.resolve(evidence(),
                DiarizationSettings.defaults().withSegmentationOverlap(false), SpeakerCount.exactly(2));
        assertEquals(r.result().exclusive(), r.result().overlapping());
        assertEquals(3, r.result().overlapping().size());
    }

    @Test
    void theTracksOfOneWindowGetDifferentVoices() {
        Evidence seg = evidence().companion();
        // both tracks closer to A alone; the window's two tracks still go to two voices, the better pairing
        float[][] centroids = {unit(1, 0.5f, 0), unit(0, 1, 0)};
        assertArrayEquals(new int[] {0, 1}, OverlapFromSegmentation.labelTracks(seg, centroids));
    }

    @Test
    void withoutUtterancesTheWindowsStandAlone() {
        Evidence seg = evidence().companion();
        Evidence none = new Evidence(List.of(), List.of(), 600, false, 0, 0, 0, 0).withCompanion(seg);
        EvidenceResolver.Resolved r = EvidenceResolver.resolve(none, DiarizationSettings.defaults(), SpeakerCount.AUTO);
        EvidenceResolver.Resolved alone = EvidenceResolver.resolve(seg, DiarizationSettings.defaults().windowsAlone(),
                SpeakerCount.AUTO);
        assertEquals(alone.result().overlapping(), r.result().overlapping());
        assertEquals(2, r.speakerIds().size()); // the two tracks are far apart: two voices, one of them overlapping
    }

    @Test
    void shortStretchesOfTheWindowsOutsideUtterancesCanBeLeftOut() {
        // A's track runs 450..559 outside every utterance: 110 frames, 1.86 s
        DiarizationSettings keep = DiarizationSettings.defaults().withOutsideMinSeconds(1.5);
        DiarizationSettings drop = DiarizationSettings.defaults().withOutsideMinSeconds(2.0);
        EvidenceResolver.Resolved kept = EvidenceResolver.resolve(evidence(), keep, SpeakerCount.exactly(2));
        EvidenceResolver.Resolved dropped = EvidenceResolver.resolve(evidence(), drop, SpeakerCount.exactly(2));
        assertEquals(new SpeakerTurn("S1", t(450), t(560)), kept.result().exclusive().get(3));
        assertEquals(3, dropped.result().exclusive().size());
        assertEquals(t(420), dropped.result().overlapping().stream().mapToDouble(SpeakerTurn::end).max().orElse(0),
                1e-9);
    }

    @Test
    void anUtteranceThatHoldsTwoPeopleIsSplitWhereTheWindowsHearOnlyTheOther() {
        // utterance 0 (A's voice) runs 0..299 but B talks from 150 without a pause; utterance 1 (B) runs 350..449
        List<SpeakerClusterer.Item> utt = List.of(new SpeakerClusterer.Item(A, 5, true, 0),
                new SpeakerClusterer.Item(B, 2, true, 1));
        byte[] bits = new byte[450];
        for (int f = 0; f < 450; f++) {
            bits[f] = (byte) (f < 150 ? 1 : f < 300 || f >= 350 ? 2 : 0);
        }
        Evidence seg = new Evidence(List.of(new Piece(0, bits, new int[] {0, 1, -1})),
                List.of(new SpeakerClusterer.Item(A_TRACK, 2.5, true, 0), new SpeakerClusterer.Item(B_TRACK, 4, true, 0)),
                450, true, 1, 0, 0, 0);
        Evidence ev = new Evidence(List.of(utterance(0, 300, 0), utterance(350, 450, 1)), utt, 450, false, 2, 0, 0, 0)
                .withCompanion(seg);
        EvidenceResolver.Resolved held = EvidenceResolver.resolve(ev, DiarizationSettings.defaults(),
                SpeakerCount.exactly(2));
        assertEquals(new SpeakerTurn("S1", t(0), t(300)), held.result().exclusive().get(0)); // the utterance holds it
        EvidenceResolver.Resolved split = EvidenceResolver.resolve(ev,
                DiarizationSettings.defaults().withSwitchMinSeconds(1.0), SpeakerCount.exactly(2));
        assertEquals(List.of(new SpeakerTurn("S1", t(0), t(150)), new SpeakerTurn("S2", t(150), t(300)),
                new SpeakerTurn("S2", t(350), t(450))), split.result().exclusive());
        EvidenceResolver.Resolved tooShort = EvidenceResolver.resolve(ev,
                DiarizationSettings.defaults().withSwitchMinSeconds(3.0), SpeakerCount.exactly(2));
        assertEquals(held.result().exclusive(), tooShort.result().exclusive()); // 2.5 s of B is under 3 s
    }
}
