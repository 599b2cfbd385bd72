package io.emotrace.asr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emotrace.SharedTestData;
import io.emotrace.audio.ArrayAudioSource;
import io.emotrace.audio.FfmpegAudioDecoder;
import io.emotrace.domain.Transcript;
import io.emotrace.domain.Word;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded Vosk model on real read speech from ../shared/data/asr. */
class VoskAsrTest {
    static final String FILE = "data/asr/sense_and_sensibility_01_austen_64kb-0880.wav";
    static Asr asr;
    static float[] samples;

    @BeforeAll
    static void load() throws Exception {
        Path wav = SharedTestData.require(FILE);
        samples = new FfmpegAudioDecoder().decodeAll(wav);
        asr = EmbeddedEnglishAsr.open();
    }

    @AfterAll
    static void close() {
        if (asr != null) {
            asr.close();
        }
    }

    @Test
    void wordsOfARealUtteranceWithSaneTimes() throws Exception {
        ArrayAudioSource audio = new ArrayAudioSource(samples, 16000);
        Transcript t = asr.transcribe(audio, 0, audio.durationSeconds());
        assertEquals("en", t.language());
        // reference: "he was not an ill disposed young man"; the small model may miss a word, not the sentence
        double wer = WordErrorRate.of(TextNormalizer.english().words("he was not an ill disposed young man"),
                TextNormalizer.english().words(t.text()));
        assertTrue(wer <= 0.25, "WER " + wer + " for '" + t.text() + "'");
        double prev = 0;
        for (Word w : t.words()) {
            assertTrue(w.start() >= prev - 1e-6 && w.end() > w.start(), "times must increase: " + t.words());
            assertTrue(w.end() <= audio.durationSeconds() + 0.05, "word past the end: " + w);
            assertTrue(w.confidence() > 0 && w.confidence() <= 1, "confidence " + w);
            prev = w.end();
        }
        assertEquals(String.join(" ", t.words().stream().map(Word::text).toList()), t.text());
    }

    @Test
    void timesAreAbsoluteWhenTranscribingAStretchLaterInTheFile() throws Exception {
        // the same utterance after 3 s of silence: the words move by 3 s, the text stays
        float[] shifted = new float[samples.length + 48000];
        System.arraycopy(samples, 0, shifted, 48000, samples.length);
        ArrayAudioSource audio = new ArrayAudioSource(shifted, 16000);
        Transcript whole = asr.transcribe(new ArrayAudioSource(samples, 16000), 0, samples.length / 16000.0);
        Transcript later = asr.transcribe(audio, 2.5, audio.durationSeconds());
        // decoding after silence can differ in a word ending; the words and their times must line up
        assertTrue(WordErrorRate.of(List.of(whole.text().split(" ")), List.of(later.text().split(" "))) <= 0.2,
                whole.text() + " / " + later.text());
        List<Word> a = whole.words();
        List<Word> b = later.words();
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).start() + 3.0, b.get(i).start(), 0.08, "word " + i);
            assertTrue(b.get(i).start() >= 2.5);
        }
    }

    @Test
    void silenceGivesNoWords() throws Exception {
        Transcript t = asr.transcribe(new ArrayAudioSource(new float[32000], 16000), 0, 2.0);
        assertTrue(t.words().isEmpty(), t.words().toString());
        assertEquals("", t.text());
    }

    @Test
    void missingModelDirectoryIsATypedError(@TempDir Path dir) {
        AsrException e = assertThrows(AsrException.class, () -> VoskModelAsr.open(dir.resolve("nope"), null));
        assertEquals("asr.model_missing", e.code());
    }

    @Test
    void directoryWithoutAModelIsATypedError(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("README"), "not a model");
        AsrException e = assertThrows(AsrException.class, () -> VoskModelAsr.open(dir, null));
        assertEquals("asr.model_invalid", e.code());
        assertTrue(e.getMessage().contains("am/final.mdl"), e.getMessage());
        AsrException file = assertThrows(AsrException.class, () -> VoskModelAsr.open(dir.resolve("README"), null));
        assertEquals("asr.model_invalid", file.code());
    }

    @Test
    void corruptModelFilesAreRefusedWithoutCrashing(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("am"));
        Files.createDirectories(dir.resolve("graph"));
        Files.writeString(dir.resolve("am/final.mdl"), "garbage");
        Files.writeString(dir.resolve("graph/HCLG.fst"), "garbage");
        AsrException e = assertThrows(AsrException.class, () -> VoskModelAsr.open(dir, null));
        assertEquals("asr.model_load_failed", e.code());
    }

    @Test
    void aUserModelDirectoryLoadsAndGuessesItsLanguage() throws Exception {
        Path unpacked = VoskModelCache.withDefaults().ensure();
        try (VoskModelAsr user = VoskModelAsr.open(unpacked, null)) {
            assertEquals("en", user.language()); // model-en-us
            Transcript t = user.transcribe(new ArrayAudioSource(samples, 16000), 0, samples.length / 16000.0);
            assertFalse(t.words().isEmpty());
        }
        assertEquals("de", VoskModelAsr.guessLanguage(Path.of("/m/vosk-model-small-de-0.15")));
        assertEquals("zh", VoskModelAsr.guessLanguage(Path.of("/m/vosk-model-small-cn-0.22")));
        assertEquals("fr", VoskModelAsr.guessLanguage(Path.of("vosk-model-fr-0.22")));
        assertEquals("und", VoskModelAsr.guessLanguage(Path.of("/opt/mymodel")));
    }
}
