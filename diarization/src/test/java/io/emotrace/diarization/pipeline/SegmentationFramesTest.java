package io.emotrace.diarization.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.emotrace.domain.SpeakerTurn;
import io.emotrace.segmentation.PyannoteSegmentation;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SegmentationFramesTest {
    private static final int N = PyannoteSegmentation.FRAMES;

    /** Random class probabilities with runs, so that speech, overlap and silence all occur. */
    private static PyannoteSegmentation.Window randomWindow(long start, Random rnd) {
        float[][] cls = new float[N][PyannoteSegmentation.CLASSES];
        int cls0 = 0;
        for (int f = 0; f < N; f++) {
            if (rnd.nextInt(40) == 0) {
                cls0 = rnd.nextInt(PyannoteSegmentation.CLASSES);
            }
            double sum = 0;
            for (int k = 0; k < cls[f].length; k++) {
                cls[f][k] = (float) (rnd.nextDouble() * 0.3 + (k == cls0 ? 0.8 : 0));
                sum += cls[f][k];
            }
            for (int k = 0; k < cls[f].length; k++) {
                cls[f][k] /= (float) sum;
            }
        }
        return new PyannoteSegmentation.Window(start, cls, new float[N][PyannoteSegmentation.SPEAKERS]);
    }

    @Test
    void shippedOptionsCountExactlyAsTheTimelineDoes() {
        DiarizationSettings s = DiarizationSettings.segmentationDefaults();
        checkAgainstTimeline(s, true);
        checkAgainstTimeline(s.forRecording(true), false); // telephone band: hysteresis, uniform weights
    }

    private static void checkAgainstTimeline(DiarizationSettings s, boolean noHysteresis) {
        SegmentationFrames.Options o = SegmentationFrames.Options.shipped(s).withGapFill(0);
        Random rnd = new Random(3);
        long length = 16_000 * 31;
        long frames = (length + FrameGrid.STEP - 1) / FrameGrid.STEP;
        List<PyannoteSegmentation.Window> ws = new ArrayList<>();
        TimelineBuilder tb = new TimelineBuilder(3, s.uniformWeights());
        for (long st : SegmentationFrames.windowStarts(length, s.hopSeconds())) {
            PyannoteSegmentation.Window w = randomWindow(st, rnd);
            ws.add(w);
            if (noHysteresis) {
                byte[] bits = new byte[N];
                for (int f = 0; f < N; f++) {
                    bits[f] = SegmentationEvidence.CLASS_BITS[SegmentationEvidence.speakersOf(
                            w.classProbabilities()[f], s.speechThreshold(), s.pairShare())];
                }
                assertArrayEquals(bits, SegmentationFrames.windowBits(w.classProbabilities(),
                        o.withMinSpeakerSeconds(0)));
            }
            tb.add(new Piece(st / FrameGrid.STEP + FrameGrid.SEGMENTATION_OFFSET,
                    SegmentationFrames.windowBits(w.classProbabilities(), o), new int[] {0, 1, 2}), new int[] {0, 1, 2});
        }
        tb.finish(frames);
        int[] expected = new int[(int) frames];
        for (SpeakerTurn t : tb.overlapping(new String[] {"a", "b", "c"}, 0)) {
            for (long g = Math.round(t.start() / FrameGrid.seconds(1)); g < Math.round(t.end() / FrameGrid.seconds(1)); g++) {
                expected[(int) g]++;
            }
        }
        int[] got = SegmentationFrames.counts(ws, frames, o);
        assertArrayEquals(expected, got);
        int overlap = 0;
        for (int c : got) {
            overlap += c > 1 ? 1 : 0;
        }
        assertEquals(true, overlap > 100, "the random windows must hold overlap for this test to mean anything");
    }

    @Test
    void hysteresisKeepsSpeechUntilTheOffset() {
        float[][] cls = new float[5][7];
        double[] speech = {0.5, 0.35, 0.35, 0.2, 0.4};
        for (int f = 0; f < cls.length; f++) {
            cls[f][0] = (float) (1 - speech[f]);
            cls[f][1] = (float) speech[f];
        }
        SegmentationFrames.Options o = SegmentationFrames.Options.shipped(DiarizationSettings.segmentationDefaults())
                .withMinSpeakerSeconds(0);
        assertArrayEquals(new byte[] {1, 0, 0, 0, 0}, SegmentationFrames.windowBits(cls, o.withOnsetOffset(0.45, 0.45)));
        assertArrayEquals(new byte[] {1, 1, 1, 0, 0}, SegmentationFrames.windowBits(cls, o.withOnsetOffset(0.45, 0.3)));
    }

    @Test
    void pairShareCountsBeforeChoosingTheClass() {
        float[] c = {0.1f, 0.4f, 0.0f, 0.0f, 0.25f, 0.25f, 0.0f};
        assertEquals(1, SegmentationFrames.speechClass(c, 0)); // best class: speaker 1 alone
        assertEquals(4, SegmentationFrames.speechClass(c, 0.5)); // pairs hold 0.5 / 0.9 of the speech
        assertEquals(1, SegmentationFrames.speechClass(c, 0.6));
        assertEquals(4, SegmentationEvidence.speakersOf(c, 0.45, 0.5)); // the pipeline's decision is the same
        assertEquals(1, SegmentationEvidence.speakersOf(c, 0.45, 0));
        assertEquals(0, SegmentationEvidence.speakersOf(c, 0.95, 0.5)); // not speech: no speakers at all
    }

    @Test
    void countCutPadAndGapFill() {
        assertEquals(1, SegmentationFrames.cut(1.4, 0.5));
        assertEquals(2, SegmentationFrames.cut(1.4, 0.35));
        assertEquals(0, SegmentationFrames.cut(0.3, 0.5));
        int[] c = {0, 0, 0, 2, 0, 0, 0, 1, 0};
        SegmentationFrames.pad(c, 1);
        assertArrayEquals(new int[] {0, 0, 1, 2, 1, 0, 1, 1, 1}, c);
        int[] g = {1, 0, 0, 2, 0, 0, 0, 1};
        SegmentationFrames.fillGaps(g, 2);
        assertArrayEquals(new int[] {1, 1, 1, 2, 0, 0, 0, 1}, g);
    }
}
