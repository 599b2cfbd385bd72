package io.emotrace.asr;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emotrace.SharedTestData;
import io.emotrace.audio.FfmpegAudioDecoder;
import io.emotrace.domain.Word;
import io.emotrace.pipeline.TranscriberStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The live recognizer on real read speech (the five audiobook sentences of data/asr, 1 s of silence after each),
 * fed in 0.1 s pieces as a live session does. Delays are in audio time (audio fed when a partial was made, minus the
 * word's end), so they do not depend on the machine's load.
 */
class VoskStreamTest {
    static final List<String> FILES = List.of("0870", "0880", "0890", "0920", "0930");
    static Asr asr;
    static float[] audio;

    @BeforeAll
    static void load() throws Exception {
        List<float[]> parts = new ArrayList<>();
        for (String f : FILES) {
            parts.add(new FfmpegAudioDecoder().decodeAll(SharedTestData.require(
                    "data/asr/sense_and_sensibility_01_austen_64kb-" + f + ".wav")));
            parts.add(new float[16_000]);
        }
        audio = new float[parts.stream().mapToInt(p -> p.length).sum()];
        int pos = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, audio, pos, p.length);
            pos += p.length;
        }
        asr = EmbeddedEnglishAsr.open();
    }

    @AfterAll
    static void close() {
        if (asr != null) {
            asr.close();
        }
    }

    @Test
    void finalWordsShowAsPartialSoonAfterTheyEndWithTimesInsideTheAudioFed() throws Exception {
        List<Double> delays = new ArrayList<>();
        int finals = 0;
        List<List<Word>> open = new ArrayList<>();
        List<Double> openAt = new ArrayList<>();
        try (TranscriberStream s = asr.openStream()) {
            for (int off = 0; off < audio.length; off += 1600) {
                int n = Math.min(1600, audio.length - off);
                TranscriberStream.Update u = s.accept(audio, off, n);
                double now = (off + n) / 16_000.0;
                List<Word> decided = new ArrayList<>(u.finals());
                if (off + n == audio.length) {
                    decided.addAll(s.finish());
                }
                finals += decided.size();
                for (int i = 0; i < decided.size(); i++) {
                    for (int k = 0; k < open.size(); k++) {
                        List<Word> p = open.get(k);
                        if (p.size() > i && p.get(i).text().equals(decided.get(i).text())) {
                            delays.add(openAt.get(k) - decided.get(i).end());
                            break;
                        }
                    }
                }
                if (!decided.isEmpty()) {
                    open.clear();
                    openAt.clear();
                }
                if (u.partial() != null && !u.partial().isEmpty()) {
                    for (Word w : u.partial()) {
                        assertTrue(w.start() <= w.end() && w.end() <= now + 1e-6, w + " at " + now);
                    }
                    open.add(u.partial());
                    openAt.add(now);
                }
            }
        }
        assertTrue(finals >= 60, "final words: " + finals); // the reference has 70
        assertTrue(delays.size() >= 0.9 * finals, delays.size() + " of " + finals + " final words shown as partial");
        double[] d = delays.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        // the recognizer's best path shows a word about 0.3 s after its end; its timed lattice lagged 1.4 s
        assertTrue(d[d.length / 2] <= 0.5, "median delay " + d[d.length / 2] + " s: " + Arrays.toString(d));
    }
}
