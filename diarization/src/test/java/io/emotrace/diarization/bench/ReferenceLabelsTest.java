package io.emotrace.diarization.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.emotrace.diarization.clustering.SpeakerClusterer;
import io.emotrace.diarization.pipeline.Evidence;
import io.emotrace.diarization.pipeline.FrameGrid;
import io.emotrace.diarization.pipeline.Piece;
import io.emotrace.rttm.RttmTurn;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReferenceLabelsTest {
    private static final float[] E = {1, 0};

    @Test
    void eachTrackGetsTheReferenceSpeakerItOverlapsMostAndSilentTracksOneOfTheirOwn() {
        // one piece of 300 frames: local speaker 0 on frames 0-199, 1 on 150-299, 2 on 250-299 (no reference speech)
        byte[] act = new byte[300];
        for (int f = 0; f < 300; f++) {
            act[f] = (byte) ((f < 200 ? 1 : 0) | (f >= 150 ? 2 : 0) | (f >= 250 ? 4 : 0));
        }
        Piece p = new Piece(0, act, new int[] {0, 1, 2});
        List<SpeakerClusterer.Item> items = List.of(new SpeakerClusterer.Item(E, 3, true, 0),
                new SpeakerClusterer.Item(E, 2.5, true, 0), new SpeakerClusterer.Item(E, 1, true, 0));
        Evidence ev = new Evidence(List.of(p), items, 300, true, 1, 0, 0, 0);
        double t150 = FrameGrid.seconds(150);
        double t250 = FrameGrid.seconds(250);
        // "bob" talks on frames 0-149 and "ann" on 150-249; track 0 holds 150 frames of bob and 50 of ann
        List<RttmTurn> ref = List.of(new RttmTurn("f", "bob", 0, t150), new RttmTurn("f", "ann", t150, t250));
        SpeakerClusterer.Result r = ReferenceLabels.of(ev, ref);
        assertArrayEquals(new int[] {0, 1, 2}, r.labels(), "bob = 0, ann = 1, nobody = 2");
        assertEquals(3, r.speakers());
    }
}
