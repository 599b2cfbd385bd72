package io.emotrace.web.jobs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emotrace.SharedTestData;
import io.emotrace.audio.FfmpegAudioDecoder;
import io.emotrace.audio.WavWriter;
import io.emotrace.diarization.embedding.SpeakerEmbedder;
import io.emotrace.diarization.embedding.SpeakerEmbedderFactory;
import io.emotrace.output.NpyReader;
import io.emotrace.pipeline.AnalysisPipeline;
import io.emotrace.pipeline.TestStages;
import io.emotrace.web.db.SegmentRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-speaker embedding files: which turns feed them, their shape and norm, atomic publication, and honest
 * absence. The embedder here is a test double that describes each clip by simple signal statistics (no model):
 * what is under test is the plumbing, not speaker discrimination.
 */
class SpeakerEmbeddingsTest {
    @TempDir
    Path run;

    /** Records the clips it gets; returns (rms, mean |x|, seconds) per clip. */
    static final class StatsEmbedder extends TestStages.SelfContained<SpeakerEmbedder>
            implements SpeakerEmbedderFactory, SpeakerEmbedder {
        final List<Integer> clipLengths = new ArrayList<>();

        StatsEmbedder() {
            super("stats", "stats test double");
        }

        @Override
        public int dim() {
            return 3;
        }

        @Override
        public double minSeconds() {
            return 0.5;
        }

        @Override
        public float[][] embed(List<float[]> clips) {
            float[][] out = new float[clips.size()][];
            for (int i = 0; i < clips.size(); i++) {
                float[] c = clips.get(i);
                clipLengths.add(c.length);
                double sq = 0;
                double abs = 0;
                for (float x : c) {
                    sq += x * x;
                    abs += Math.abs(x);
                }
                out[i] = new float[] {(float) Math.sqrt(sq / c.length), (float) (abs / c.length),
                        c.length / 16000f};
            }
            return out;
        }
    }

    private void processedAudio() throws Exception {
        Path flac = SharedTestData.require("data/ravdess/Actor_07/03-01-05-02-01-01-07.flac");
        float[] samples = new FfmpegAudioDecoder().decodeAll(flac);
        try (WavWriter w = WavWriter.pcm16(run.resolve(AnalysisPipeline.PROCESSED_AUDIO))) {
            w.write(samples);
        }
    }

    @Test
    void writesOneNormalisedVectorPerSpeaker() throws Exception {
        processedAudio();
        StatsEmbedder factory = new StatsEmbedder();
        List<SegmentRow> segs = List.of(
                new SegmentRow(0, "S1", 0.0, 1.5, null, null, null, null),
                new SegmentRow(1, "S2", 1.5, 3.0, null, null, null, null),
                new SegmentRow(2, "S1", 3.0, 3.2, null, null, null, null), // too short to count
                new SegmentRow(3, null, 0.5, 2.0, null, null, null, null)); // no speaker: not embedded
        SpeakerEmbeddings.Outcome out = new SpeakerEmbeddings(List.of(factory)).write(run, segs);
        assertEquals("ok", out.status(), out.detail());
        assertEquals(2, out.speakers());
        assertEquals(List.of(24000, 24000), factory.clipLengths, "only the 1.5 s turns were embedded");
        for (String s : List.of("S1", "S2")) {
            NpyReader.Array a = NpyReader.read(run.resolve("embeddings").resolve(s + ".npy"));
            assertArrayEquals(new long[] {1, 3}, a.shape());
            double norm = 0;
            for (float x : a.data()) {
                norm += x * x;
            }
            assertEquals(1.0, norm, 1e-5);
        }
        assertFalse(Files.exists(run.resolve(".embeddings.partial")));
    }

    @Test
    void saysWhyWhenItCannot() throws Exception {
        processedAudio();
        List<SegmentRow> segs = List.of(new SegmentRow(0, "S1", 0.0, 1.5, null, null, null, null));
        SpeakerEmbeddings.Outcome none = new SpeakerEmbeddings(List.of()).write(run, segs);
        assertEquals("unavailable", none.status());
        assertTrue(none.detail().contains("no speaker-embedding provider"), none.detail());
        SpeakerEmbeddings.Outcome noSpeakers = new SpeakerEmbeddings(List.of(new StatsEmbedder()))
                .write(run, List.of(new SegmentRow(0, null, 0, 2, null, null, null, null)));
        assertEquals("unavailable", noSpeakers.status());
        assertFalse(Files.exists(run.resolve("embeddings")));
    }

}
