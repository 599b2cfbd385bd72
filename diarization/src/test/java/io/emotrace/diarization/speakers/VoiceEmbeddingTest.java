package io.emotrace.diarization.speakers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class VoiceEmbeddingTest {
    private static List<Integer> seconds(double total) {
        return VoiceEmbedding.pieces(new float[(int) (total * 16_000)]).stream().map(p -> p.length / 16_000).toList();
    }

    @Test
    void speechIsCutIntoPiecesOfTheDiarizersLongestUtterance() {
        assertEquals(List.of(15, 15, 2), seconds(32));
        assertEquals(List.of(15, 16), seconds(31), "a tail under 1.5 s joins the previous piece");
        assertEquals(List.of(14), seconds(14));
        assertEquals(List.of(3), seconds(3));
        assertEquals(List.of(), seconds(0.4), "under half a second alone is nothing");
    }
}
