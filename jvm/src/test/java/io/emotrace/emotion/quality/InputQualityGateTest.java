package io.emotrace.emotion.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emotrace.SharedTestData;
import io.emotrace.audio.FfmpegAudioDecoder;
import io.emotrace.corpus.CorpusCatalog;
import io.emotrace.corpus.CorpusUtterance;
import io.emotrace.emotion.testing.SpeechLike;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InputQualityGateTest {
    private final InputQualityGate gate = InputQualityGate.standard();

    @Test
    void syntheticSpeechPassesAndBadInputIsRejectedOrDegradedWithAReason() {
        assertEquals(QualityReport.OK, gate.assess(SpeechLike.voiced(16_000, 150, 0.3, 1)));
        assertEquals(QualityReport.OK, gate.assess(SpeechLike.voiced(48_000, 220, 0.02, 2)), "quiet speech is speech");

        QualityReport shortClip = gate.assess(SpeechLike.voiced(4000, 150, 0.3, 1));
        assertTrue(shortClip.rejected());
        assertTrue(shortClip.reason().startsWith("clip too short"), shortClip.reason());
        assertTrue(gate.assess(new float[0]).rejected());

        QualityReport silence = gate.assess(new float[32_000]);
        assertTrue(silence.rejected());
        assertTrue(silence.reason().startsWith("silence"), silence.reason());
        assertTrue(gate.assess(SpeechLike.whiteNoise(32_000, 0.0003, 1)).rejected(), "hiss at -70 dBFS is silence");

        float[] nan = SpeechLike.voiced(16_000, 150, 0.3, 1);
        nan[5] = Float.NaN;
        assertTrue(gate.assess(nan).reason().contains("NaN"));

        QualityReport noise = gate.assess(SpeechLike.whiteNoise(32_000, 0.1, 4));
        assertTrue(noise.rejected());
        assertTrue(noise.reason().startsWith("noise"), noise.reason());

        // a click in 2 s of silence: too little signal to judge
        float[] click = new float[32_000];
        for (int i = 0; i < 800; i++) {
            click[16_000 + i] = (float) (0.5 * Math.sin(i * 0.3));
        }
        QualityReport little = gate.assess(click);
        assertTrue(little.rejected());
        assertTrue(little.reason().startsWith("too little signal"), little.reason());

        float[] clipped = SpeechLike.voiced(32_000, 150, 3.0, 5);
        for (int i = 0; i < clipped.length; i++) {
            clipped[i] = Math.max(-1f, Math.min(1f, clipped[i]));
        }
        QualityReport c = gate.assess(clipped);
        assertEquals(QualityReport.Verdict.DEGRADED, c.verdict());
        assertTrue(c.reason().startsWith("clipping"), c.reason());
        assertTrue(c.confidenceFactor() < 1);

        QualityReport tone = gate.assess(SpeechLike.tone(48_000, 440, 0.3));
        assertEquals(QualityReport.Verdict.DEGRADED, tone.verdict());
        assertTrue(tone.reason().contains("steady tonal"), tone.reason());

        // a chord held for 3 s (organ-like music)
        float[] chord = new float[48_000];
        for (double f : new double[] {261.6, 329.6, 392.0}) {
            float[] t = SpeechLike.tone(48_000, f, 0.1);
            for (int i = 0; i < chord.length; i++) {
                chord[i] += t[i];
            }
        }
        assertEquals(QualityReport.Verdict.DEGRADED, gate.assess(chord).verdict());

        // speech under a loud noise floor (about 0 dB SNR): still judged, but flagged noisy
        float[] noisy = SpeechLike.voiced(32_000, 150, 0.3, 6);
        float[] n = SpeechLike.whiteNoise(32_000, 0.05, 7);
        for (int i = 0; i < noisy.length; i++) {
            noisy[i] += n[i];
        }
        QualityReport nr = gate.assess(noisy);
        assertTrue(nr.verdict() != QualityReport.Verdict.OK, nr.toString());
    }

    @Test
    void realEmotionalSpeechIsNeverRejected() throws Exception {
        Path data = SharedTestData.require("data").toAbsolutePath();
        CorpusCatalog catalog = CorpusCatalog.load(data, List.of("ravdess", "casia", "urdu"));
        FfmpegAudioDecoder decoder = new FfmpegAudioDecoder();
        List<String> rejected = new ArrayList<>();
        List<String> degraded = new ArrayList<>();
        int checked = 0;
        // every 8th utterance of every speaker (every one with -Dgate.every=1)
        int every = Integer.getInteger("gate.every", 8);
        for (String speaker : catalog.speakers()) {
            List<CorpusUtterance> us = catalog.utterances(speaker);
            for (int k = 0; k < us.size(); k += every) {
                CorpusUtterance u = us.get(k);
                float[] audio = decoder.decodeAll(u.file());
                QualityReport r = gate.assess(audio);
                checked++;
                if (r.rejected()) {
                    rejected.add(u.source() + ": " + r.reason());
                } else if (r.verdict() == QualityReport.Verdict.DEGRADED && !r.reason().startsWith("clipping")) {
                    degraded.add(u.source() + ": " + r.reason());
                }
            }
        }
        System.out.println("checked " + checked + " rejected " + rejected + " degraded " + degraded);
        assertTrue(checked > 100);
        assertTrue(rejected.isEmpty(), rejected.toString());
        // a few URDU talk-show clips are noisy or monotonous; the gate may flag them, never most of them
        assertTrue(degraded.size() <= checked / 100, degraded.toString());
    }
}
