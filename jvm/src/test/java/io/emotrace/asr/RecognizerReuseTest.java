package io.emotrace.asr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.emotrace.SharedTestData;
import io.emotrace.audio.ArrayAudioSource;
import io.emotrace.audio.FfmpegAudioDecoder;
import io.emotrace.domain.Transcript;
import io.emotrace.domain.Word;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Recognizers are reused between segments: a reused one must give the words and times a new one gives, although
 * Vosk counts its word times from the first sample it ever received.
 */
class RecognizerReuseTest {
    @Test
    void aReusedRecognizerGivesTheWordsAndTimesOfANewOne() throws Exception {
        FfmpegAudioDecoder dec = new FfmpegAudioDecoder();
        float[] first = dec.decodeAll(SharedTestData.require("data/asr/sense_and_sensibility_01_austen_64kb-0870.wav"));
        float[] second = dec.decodeAll(SharedTestData.require(VoskAsrTest.FILE));
        // the second utterance 2 s into a longer stream, transcribed from 1.5 s on
        float[] stream = new float[second.length + 32000];
        System.arraycopy(second, 0, stream, 32000, second.length);
        ArrayAudioSource later = new ArrayAudioSource(stream, 16000);
        Transcript fresh;
        try (VoskModelAsr asr = VoskModelAsr.open(VoskModelCache.withDefaults().ensure(), "en")) {
            fresh = asr.transcribe(later, 1.5, later.durationSeconds());
        }
        try (VoskModelAsr asr = VoskModelAsr.open(VoskModelCache.withDefaults().ensure(), "en")) {
            asr.transcribe(new ArrayAudioSource(first, 16000), 0, first.length / 16000.0);
            assertEquals(1, asr.idleRecognizers(), "the recognizer went back to the pool");
            Transcript reused = asr.transcribe(later, 1.5, later.durationSeconds());
            assertEquals(1, asr.idleRecognizers(), "the same recognizer was taken again, not a second one");
            assertFalse(fresh.words().isEmpty());
            assertEquals(fresh.text(), reused.text());
            List<Word> a = fresh.words();
            List<Word> b = reused.words();
            for (int i = 0; i < a.size(); i++) {
                assertEquals(a.get(i).start(), b.get(i).start(), 0.011, "start of word " + i);
                assertEquals(a.get(i).end(), b.get(i).end(), 0.011, "end of word " + i);
            }
        }
    }
}
