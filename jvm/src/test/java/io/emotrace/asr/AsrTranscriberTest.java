package io.emotrace.asr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emotrace.SharedTestData;
import io.emotrace.audio.ArrayAudioSource;
import io.emotrace.audio.FfmpegAudioDecoder;
import io.emotrace.domain.Segment;
import io.emotrace.domain.Transcript;
import io.emotrace.domain.Word;
import io.emotrace.pipeline.ProgressEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Per-turn transcription on a real two-utterance recording with known turns. */
class AsrTranscriberTest {
    static final TextNormalizer NORM = TextNormalizer.english();

    @Test
    void eachTurnGetsItsOwnWordsWithAbsoluteTimes() throws Exception {
        FfmpegAudioDecoder dec = new FfmpegAudioDecoder();
        float[] a = dec.decodeAll(SharedTestData.require("data/asr/sense_and_sensibility_01_austen_64kb-0930.wav"));
        float[] b = dec.decodeAll(SharedTestData.require("data/asr/sense_and_sensibility_01_austen_64kb-0880.wav"));
        float[] x = new float[a.length + 16000 + b.length];
        System.arraycopy(a, 0, x, 0, a.length);
        System.arraycopy(b, 0, x, a.length + 16000, b.length);
        double endA = a.length / 16000.0;
        double startB = endA + 1.0;
        List<Segment> turns = List.of(new Segment("S1", 0, endA), new Segment("S2", startB, x.length / 16000.0));
        List<ProgressEvent> events = new ArrayList<>();
        List<Transcript> out;
        try (AsrTranscriber t = new AsrTranscriber(EmbeddedEnglishAsr.open(), 2)) {
            out = t.transcribe(new ArrayAudioSource(x, 16000), turns, events::add);
        }
        assertEquals(2, out.size());
        assertTrue(WordErrorRate.of(NORM.words("he might even have been made amiable himself"),
                NORM.words(out.get(0).text())) <= 0.25, out.get(0).text());
        assertTrue(WordErrorRate.of(NORM.words("he was not an ill disposed young man"),
                NORM.words(out.get(1).text())) <= 0.3, out.get(1).text());
        for (Word w : out.get(0).words()) {
            assertTrue(w.end() <= endA + 0.5 + 1e-6, "S1 word in S2's window: " + w);
        }
        for (Word w : out.get(1).words()) {
            assertTrue(w.start() >= endA + 0.5 - 1e-6, "S2 word must carry absolute time: " + w);
        }
        assertEquals(1.0, events.get(events.size() - 1).fraction(), 1e-9);
    }

    @Test
    void decodingWindowsArePaddedButNeverOverlapANeighbour() {
        List<Segment> s = List.of(new Segment("S2", 5.0, 6.0), new Segment("S1", 1.0, 4.9), new Segment("S1", 6.0, 9.9));
        double[][] w = AsrTranscriber.windows(s, 10.0);
        assertArrayEquals(new double[] {4.95, 6.0}, w[0], 1e-9);   // half-way into the 0.1 s gap; none at a touching edge
        assertArrayEquals(new double[] {0.7, 4.95}, w[1], 1e-9);   // full 0.3 s where nothing is near
        assertArrayEquals(new double[] {6.0, 10.0}, w[2], 1e-9);   // clipped at the end of the audio
    }
}
