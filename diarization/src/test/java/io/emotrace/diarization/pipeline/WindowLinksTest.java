package io.emotrace.diarization.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.emotrace.diarization.clustering.SpeakerClusterer.Item;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-built windows: which local speakers of consecutive windows are linked, and the chain-mean embeddings. */
class WindowLinksTest {
    private static byte[] bits(int frames, int[][] spans) {
        byte[] b = new byte[frames];
        for (int[] s : spans) { // {speaker, from, to}
            for (int f = s[1]; f < s[2]; f++) {
                b[f] |= (byte) (1 << s[0]);
            }
        }
        return b;
    }

    /** Three windows of 200 frames, hop 100; voice X is local 0, 1, 0; voice Y local 1, 0, then absent. */
    private static List<Piece> threeWindows() {
        Piece w0 = new Piece(0, bits(200, new int[][] {{0, 0, 150}, {1, 160, 200}}), new int[] {0, 1, -1});
        Piece w1 = new Piece(100, bits(200, new int[][] {{1, 0, 50}, {0, 60, 100}, {1, 110, 160}}),
                new int[] {3, 2, -1});
        Piece w2 = new Piece(200, bits(200, new int[][] {{0, 10, 60}}), new int[] {4, -1, -1});
        return List.of(w0, w1, w2);
    }

    @Test
    void aVoiceIsFollowedAcrossWindowsWhatEverItsLocalNumber() {
        int[] chain = WindowLinks.chains(threeWindows(), 5, 0.7);
        // X: item 0 (w0 local 0), item 2 (w1 local 1), item 4 (w2 local 0); Y: item 1 (w0 local 1), item 3
        assertEquals(chain[0], chain[2]);
        assertEquals(chain[2], chain[4]);
        assertEquals(chain[1], chain[3]);
        assertNotEquals(chain[0], chain[1]);
    }

    @Test
    void activitiesThatDisagreeAreNotLinked() {
        // w1's local 0 covers only 40 % of w0's local 0 activity on the shared frames
        Piece w0 = new Piece(0, bits(200, new int[][] {{0, 100, 200}}), new int[] {0, -1, -1});
        Piece w1 = new Piece(100, bits(200, new int[][] {{0, 0, 40}}), new int[] {1, -1, -1});
        int[] chain = WindowLinks.chains(List.of(w0, w1), 2, 0.7);
        assertNotEquals(chain[0], chain[1]);
        // with a lower bar they are linked
        assertEquals(0, WindowLinks.chains(List.of(w0, w1), 2, 0.3)[1]);
    }

    @Test
    void tooLittleSharedSpeechIsNoLink() {
        // 20 frames (0.34 s) of perfect agreement: below the 0.5 s a link needs
        Piece w0 = new Piece(0, bits(100, new int[][] {{0, 80, 100}}), new int[] {0, -1, -1});
        Piece w1 = new Piece(50, bits(100, new int[][] {{0, 30, 50}}), new int[] {1, -1, -1});
        assertNotEquals(0, WindowLinks.chains(List.of(w0, w1), 2, 0.5)[1]);
    }

    @Test
    void linkedItemsShareTheirChainsWeightedMeanAndKeepTheirOwnGroup() {
        Piece w0 = new Piece(0, bits(100, new int[][] {{0, 0, 100}}), new int[] {0, -1, -1});
        Piece w1 = new Piece(50, bits(100, new int[][] {{0, 0, 100}}), new int[] {1, -1, -1});
        List<Item> items = List.of(new Item(new float[] {1, 0}, 3, true, 0), new Item(new float[] {0, 1}, 1, false, 1));
        List<Item> out = WindowLinks.smoothed(List.of(w0, w1), items, 0.7);
        float[] mean = {(float) (3 / Math.sqrt(10)), (float) (1 / Math.sqrt(10))};
        assertArrayEquals(mean, out.get(0).embedding(), 1e-6f);
        assertArrayEquals(mean, out.get(1).embedding(), 1e-6f);
        assertEquals(1, out.get(1).group());
        assertEquals(1.0, out.get(1).seconds());
        assertEquals(false, out.get(1).reliable());
    }
}
