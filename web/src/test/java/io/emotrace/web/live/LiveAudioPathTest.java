package io.emotrace.web.live;

import io.emotrace.vad.UtteranceSegmenter;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audio path of a live stream: frame alignment, decoding, resampling, utterance cutting, the WAV file. */
class LiveAudioPathTest {
    @TempDir
    Path dir;

    @Test
    void framesSplitAnywhereAreReassembledAndNothingIsGuessed() throws Exception {
        LiveFormat f = LiveFormat.of(16_000, "pcm_s16le", 2);
        PcmDecoder d = new PcmDecoder(f);
        ByteBuffer b = ByteBuffer.allocate(4 * 3).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) 16384).putShort((short) 0).putShort((short) -32768).putShort((short) -32768)
                .putShort((short) 100).putShort((short) 300);
        byte[] all = b.array();
        List<Float> out = new ArrayList<>();
        int[] cuts = {0, 1, 3, 7, 8, 11, 12};
        for (int i = 0; i + 1 < cuts.length; i++) {
            byte[] piece = java.util.Arrays.copyOfRange(all, cuts[i], cuts[i + 1]);
            byte[] aligned = d.align(piece);
            assertEquals(0, aligned.length % 4, "only whole frames come out");
            for (float v : d.decodeAligned(aligned)) {
                out.add(v);
            }
        }
        assertEquals(List.of(0.25f, -1f, 200 / 32768f), out, "stereo averaged to mono");
        assertEquals(0, d.pendingBytes());
        d.align(new byte[] {1, 2, 3});
        assertEquals(3, d.pendingBytes(), "a torn frame is held, not decoded");
    }

    @Test
    void nonFiniteFloatsAreCountedAndSilenced() throws Exception {
        PcmDecoder d = new PcmDecoder(LiveFormat.of(16_000, "pcm_f32le", 1));
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        b.putFloat(Float.NaN).putFloat(Float.POSITIVE_INFINITY).putFloat(7f).putFloat(-0.5f);
        assertArrayEquals(new float[] {0, 0, 1, -0.5f}, d.decode(b.array()));
        assertEquals(2, d.invalidSamples());
    }

    @Test
    void resamplingKeepsPitchAndLevelAndLengthAtAnyRate() {
        for (int rate : new int[] {8_000, 11_025, 22_050, 44_100, 48_000}) {
            StreamResampler r = new StreamResampler(rate);
            int n = rate * 2;
            float[] out = new float[0];
            for (int off = 0; off < n; off += 777) { // uneven pieces: the state carries across calls
                int m = Math.min(777, n - off);
                float[] x = new float[m];
                for (int i = 0; i < m; i++) {
                    x[i] = (float) (0.5 * Math.sin(2 * Math.PI * 440 * (off + i) / rate));
                }
                float[] y = r.process(x);
                float[] c = java.util.Arrays.copyOf(out, out.length + y.length);
                System.arraycopy(y, 0, c, out.length, y.length);
                out = c;
            }
            assertTrue(Math.abs(out.length - 32_000) < 200, rate + ": " + out.length + " samples for 2 s");
            // level and frequency in the middle (away from the start-up edge)
            double dot = 0;
            double dotQ = 0;
            for (int i = 8_000; i < 24_000; i++) {
                dot += out[i] * Math.sin(2 * Math.PI * 440 * i / 16_000.0);
                dotQ += out[i] * Math.cos(2 * Math.PI * 440 * i / 16_000.0);
            }
            double amplitude = 2 * Math.hypot(dot, dotQ) / 16_000;
            assertEquals(0.5, amplitude, 0.02, rate + " Hz: 440 Hz kept at its level and in phase");
        }
    }

    @Test
    void downsamplingRemovesWhatCannotBeRepresented() {
        StreamResampler r = new StreamResampler(48_000);
        float[] x = new float[48_000];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.5 * Math.sin(2 * Math.PI * 12_000 * i / 48_000.0)); // above 8 kHz: would alias to 4 kHz
        }
        float[] y = r.process(x);
        double e = 0;
        for (int i = 2_000; i < y.length - 2_000; i++) {
            e += y[i] * y[i];
        }
        assertTrue(Math.sqrt(e / (y.length - 4_000)) < 0.01, "no alias of 12 kHz");
    }

    @Test
    void utterancesAreCutAtSilenceAndAtTheMaximumLength() {
        List<long[]> ended = new ArrayList<>();
        UtteranceSegmenter s = new UtteranceSegmenter(512, 0.3, 0.25, 3.0, 0, new UtteranceSegmenter.Listener() {
            @Override
            public void started(long start) {
            }

            @Override
            public void ended(long start, long end, boolean dropped) {
                ended.add(new long[] {start, end, dropped ? 1 : 0});
            }
        });
        long chunk = 0;
        for (int i = 0; i < 40; i++) {
            s.accept(chunk++, 0.9f); // 1.28 s of speech
        }
        for (int i = 0; i < 5; i++) {
            s.accept(chunk++, 0.1f); // 0.16 s: too short a pause to end it
        }
        for (int i = 0; i < 40; i++) {
            s.accept(chunk++, 0.9f);
        }
        for (int i = 0; i < 12; i++) {
            s.accept(chunk++, 0.1f); // 0.38 s of silence: ends
        }
        assertEquals(1, ended.size());
        assertEquals(0, ended.get(0)[0]);
        assertEquals(85 * 512, ended.get(0)[1]);
        s.accept(chunk++, 0.9f);
        s.accept(chunk++, 0.1f);
        for (int i = 0; i < 10; i++) {
            s.accept(chunk++, 0.1f);
        }
        assertEquals(1, ended.get(1)[2], "a 32 ms blip is dropped");
        for (int i = 0; i < 200; i++) {
            s.accept(chunk++, 0.9f); // 6.4 s monologue: cut at 3 s
        }
        assertTrue(ended.size() >= 4, "long speech yields segments while it goes on");
    }

    @Test
    void aWavKeptWhileStreamingIsRepairedAfterACrash() throws Exception {
        LiveFormat f = LiveFormat.of(22_050, "pcm_s16le", 2);
        Path p = dir.resolve("live.wav");
        LiveAudioFile file = new LiveAudioFile(p, f);
        file.append(new byte[4000], 4000);
        // a crash: no close, header says 0 data bytes; then a torn frame at the end
        Files.write(p, new byte[] {9, 9}, java.nio.file.StandardOpenOption.APPEND);
        assertEquals(4000, LiveAudioFile.repair(p));
        ByteBuffer h = ByteBuffer.wrap(Files.readAllBytes(p)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(44 + 4000, Files.size(p));
        assertEquals(4000, h.getInt(40));
        assertEquals(36 + 4000, h.getInt(4));
        assertEquals(22_050, h.getInt(24));
        assertEquals(2, h.getShort(22));
    }

    @Test
    void formatsOutsideTheContractAreRefused() {
        assertEquals("live.bad_rate", refused(7_999, "pcm_s16le", 1));
        assertEquals("live.bad_rate", refused(16_000.5, "pcm_s16le", 1));
        assertEquals("live.bad_encoding", refused(16_000, "PCM_S16LE", 1));
        assertEquals("live.bad_channels", refused(16_000, "pcm_f32le", 0));
    }

    private static String refused(Object rate, Object enc, Object ch) {
        try {
            LiveFormat.of(rate, enc, ch);
            return "accepted";
        } catch (LiveFormat.Refused e) {
            return e.code;
        }
    }
}
