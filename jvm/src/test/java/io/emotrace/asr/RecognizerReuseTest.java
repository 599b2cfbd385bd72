package io.emotrace.asr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emotrace.SharedTestData;
import io.emotrace.audio.ArrayAudioSource;
import io.emotrace.audio.FfmpegAudioDecoder;
import io.emotrace.domain.Transcript;
import io.emotrace.domain.Word;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Recognizers are reused between segments: a reused one must give the words and times a new one gives, although
 * Vosk counts its word times from the first sample it ever received (without the correction every word here would
 * be 7 s late).
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
            // Kaldi's float sums are not bit-reproducible from one process state to another (buffer alignment,
            // BLAS paths), so a near-tie may flip a word ending ("dispose"/"disposed") whether or not the
            // recognizer is reused; the words must line up and the times must not carry the earlier input's 7 s
            assertTrue(WordErrorRate.of(List.of(fresh.text().split(" ")), List.of(reused.text().split(" "))) <= 0.2,
                    fresh.text() + " / " + reused.text());
            List<Word> a = fresh.words();
            List<Word> b = reused.words();
            assertEquals(a.size(), b.size(), fresh.text() + " / " + reused.text());
            for (int i = 0; i < a.size(); i++) {
                assertEquals(a.get(i).start(), b.get(i).start(), 0.05, "start of word " + i);
                assertEquals(a.get(i).end(), b.get(i).end(), 0.05, "end of word " + i);
            }
        }
    }
}
