package io.emotrace.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.emotrace.EmotraceException;
import io.emotrace.SharedData;
import io.emotrace.audio.FfmpegAudioDecoder;
import io.emotrace.audio.WavFileSource;
import io.emotrace.audio.WavWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleMeetingTest {
    @TempDir
    Path dir;

    private static void requireEspeak() {
        try {
            SampleMeeting.espeakVersion();
        } catch (EmotraceException e) {
            if (SharedData.isCi()) {
                fail(e.getMessage());
            }
            Assumptions.abort(e.getMessage());
        }
    }

    @Test
    void synthesisesAThreeSpeakerMeetingWithReferenceTurnsAndCachesIt() throws Exception {
        requireEspeak();
        Path wav = SampleMeeting.ensure(dir);
        List<String> rttm = Files.readAllLines(dir.resolve(SampleMeeting.RTTM));
        assertEquals(SampleMeeting.SCRIPT_LINES.size(), rttm.size());
        Set<String> speakers = rttm.stream().map(l -> l.split(" ")[7]).collect(Collectors.toSet());
        assertEquals(Set.of("maria", "tom", "priya"), speakers);
        try (WavFileSource s = WavFileSource.open(wav)) {
            assertEquals(16000, s.sampleRate());
            assertTrue(s.durationSeconds() > 30 && s.durationSeconds() < 70, "duration " + s.durationSeconds());
            // the reference turns really hold the speech: far louder inside turns than in the gaps
            float[] x = s.read(0, (int) s.length());
            boolean[] inTurn = new boolean[x.length];
            for (String l : rttm) {
                String[] f = l.split(" ");
                int a = (int) (Double.parseDouble(f[3]) * 16000);
                int b = Math.min(x.length, a + (int) (Double.parseDouble(f[4]) * 16000));
                for (int i = a; i < b; i++) {
                    inTurn[i] = true;
                }
            }
            double[] e = new double[2];
            long[] n = new long[2];
            for (int i = 0; i < x.length; i++) {
                int k = inTurn[i] ? 1 : 0;
                e[k] += x[i] * x[i];
                n[k]++;
            }
            double speechRms = Math.sqrt(e[1] / n[1]);
            double gapRms = Math.sqrt(e[0] / n[0]);
            assertTrue(speechRms > 20 * gapRms, "speech " + speechRms + " vs gaps " + gapRms);
            assertTrue(n[0] > 16000 * 5, "pauses add up to several seconds");
        }
        long stamp = Files.getLastModifiedTime(wav).toMillis();
        Thread.sleep(20);
        assertEquals(wav, SampleMeeting.ensure(dir));
        assertEquals(stamp, Files.getLastModifiedTime(wav).toMillis(), "second call must reuse the cache");
    }

    /**
     * Each voice sounds as the script means it (maria and priya female, tom male), judged by the median pitch of its
     * turns: espeak-ng can silently ignore a voice variant (it did for en-gb+f2), which made two voices one.
     */
    @Test
    void eachVoiceHasThePitchOfItsSpeaker() throws Exception {
        requireEspeak();
        Path wav = SampleMeeting.ensure(dir);
        float[] x;
        try (WavFileSource s = WavFileSource.open(wav)) {
            x = s.read(0, (int) s.length());
        }
        java.util.Map<String, List<Float>> voiced = new java.util.HashMap<>();
        for (String l : Files.readAllLines(dir.resolve(SampleMeeting.RTTM))) {
            String[] f = l.split(" ");
            int a = (int) (Double.parseDouble(f[3]) * 16000);
            int b = Math.min(x.length, a + (int) (Double.parseDouble(f[4]) * 16000));
            float[] track = io.emotrace.features.PitchTrack.compute(java.util.Arrays.copyOfRange(x, a, b),
                    io.emotrace.features.PitchTrack.LATEST);
            for (int t = 0; t < track.length / 2; t++) {
                if (track[2 * t + 1] >= 0.5f) {
                    voiced.computeIfAbsent(f[7], k -> new java.util.ArrayList<>()).add(track[2 * t]);
                }
            }
        }
        java.util.Map<String, Double> hz = new java.util.TreeMap<>();
        voiced.forEach((who, v) -> {
            List<Float> sorted = v.stream().sorted().toList();
            hz.put(who, 100 * Math.pow(2, sorted.get(sorted.size() / 2)));
        });
        assertEquals(Set.of("maria", "tom", "priya"), hz.keySet());
        assertTrue(hz.get("maria") > 150 && hz.get("priya") > 150 && hz.get("tom") < 135, "median F0 " + hz);
    }

    /** espeak-ng writes 22050 Hz; the decoder's resampling must keep speech and drop what would alias. */
    @Test
    void espeakRateKeepsSpeechBandAndRemovesWhatWouldAlias() throws Exception {
        float[] low = sine(1000, 22050, 22050);
        float[] high = sine(10000, 22050, 22050); // above the 8 kHz Nyquist of 16 kHz
        float[] lowOut = decode22050(low);
        assertEquals(16000, lowOut.length);
        assertEquals(Math.sqrt(0.5), rms(lowOut, 1000, 15000), 0.02);
        // still a 1 kHz sine: compare with the ideal one at the output rate
        float[] ideal = sine(1000, 16000, 16000);
        for (int i = 1000; i < 15000; i++) {
            assertEquals(ideal[i], lowOut[i], 0.02);
        }
        assertTrue(rms(decode22050(high), 1000, 15000) < 0.03);
    }

    private float[] decode22050(float[] x) throws Exception {
        Path wav = dir.resolve("espeak-rate.wav");
        try (WavWriter w = WavWriter.create(wav, 22050, WavWriter.Encoding.FLOAT32)) {
            w.write(x);
        }
        return new FfmpegAudioDecoder().decodeAll(wav);
    }

    private static float[] sine(double hz, int rate, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) Math.sin(2 * Math.PI * hz * i / rate);
        }
        return x;
    }

    private static double rms(float[] x, int a, int b) {
        double e = 0;
        for (int i = a; i < b; i++) {
            e += x[i] * x[i];
        }
        return Math.sqrt(e / (b - a));
    }
}
