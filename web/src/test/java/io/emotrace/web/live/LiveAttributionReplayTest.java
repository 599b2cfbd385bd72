package io.emotrace.web.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emotrace.audio.AudioSource;
import io.emotrace.domain.DiarizationResult;
import io.emotrace.domain.SpeechRegion;
import io.emotrace.pipeline.Diarizer;
import io.emotrace.pipeline.ProgressListener;
import io.emotrace.rttm.RttmTurn;
import io.emotrace.vad.SileroVad;
import io.emotrace.vad.VadStream;
import io.emotrace.vad.VoiceActivityDetector;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The offline replay of a live stream's attribution: utterances cut as a stream cuts them, labels as the online
 * assignment gives them. Two stand-in "voices" are two signal levels; the stand-in VAD hears any level, the stand-in
 * embedder maps a level to an axis.
 */
class LiveAttributionReplayTest {
    private static final int RATE = 16_000;

    /** Speech wherever a 512-sample chunk is not silent. */
    private static final class LevelVad implements VoiceActivityDetector {
        @Override
        public List<SpeechRegion> detect(AudioSource audio) {
            throw new UnsupportedOperationException();
        }

        @Override
        public VadStream openStream() {
            return new VadStream() {
                private final List<Float> pending = new ArrayList<>();
                private long chunks;

                @Override
                public int chunkSamples() {
                    return 512;
                }

                @Override
                public void accept(float[] samples, int off, int n, SileroVad.ProbabilitySink sink) {
                    for (int i = off; i < off + n; i++) {
                        pending.add(samples[i]);
                        if (pending.size() == 512) {
                            boolean loud = pending.stream().anyMatch(v -> Math.abs(v) > 0.05f);
                            sink.accept(chunks++, loud ? 0.9f : 0.05f);
                            pending.clear();
                        }
                    }
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public String describe() {
            return "level VAD";
        }

        @Override
        public void close() {
        }
    }

    /** A clip's embedding: axis 0 for the loud voice, axis 1 for the quiet one (by its peak level). */
    private static final class LevelEmbedder implements Diarizer {
        final List<Integer> lengths = new ArrayList<>();

        @Override
        public DiarizationResult diarize(AudioSource audio, List<SpeechRegion> speech, ProgressListener progress) {
            throw new UnsupportedOperationException();
        }

        @Override
        public float[][] embedClips(List<float[]> clips) {
            float[][] out = new float[clips.size()][];
            for (int c = 0; c < clips.size(); c++) {
                float peak = 0;
                for (float v : clips.get(c)) {
                    peak = Math.max(peak, Math.abs(v));
                }
                lengths.add(clips.get(c).length);
                out[c] = peak > 0.4f ? new float[] {1, 0} : new float[] {0, 1};
            }
            return out;
        }

        @Override
        public String describe() {
            return "level embedder";
        }

        @Override
        public void close() {
        }
    }

    /** Voice A (level 0.5) 2 s, pause 1 s, B (0.2) 2 s, pause 1 s, A 2 s, pause 1 s. */
    private static float[] conversation() {
        float[] x = new float[9 * RATE];
        double[][] turns = {{0, 2, 0.5}, {3, 5, 0.2}, {6, 8, 0.5}};
        for (double[] t : turns) {
            for (int i = (int) (t[0] * RATE); i < (int) (t[1] * RATE); i++) {
                x[i] = (float) (t[2] * Math.sin(2 * Math.PI * 200 * i / RATE));
            }
        }
        return x;
    }

    @Test
    void utterancesAreCutWhereTheStreamWouldCutThemAndLabelledByVoice() throws Exception {
        LevelEmbedder embedder = new LevelEmbedder();
        List<LiveAttributionReplay.Utterance> u = LiveAttributionReplay.utterances(new LevelVad(), embedder,
                conversation(), LiveAttributionReplay.liveMinSilence());
        assertEquals(3, u.size(), u.toString());
        double[][] expected = {{0, 2}, {3, 5}, {6, 8}};
        for (int i = 0; i < 3; i++) {
            // the live segmenter pads 50 ms and works in 32 ms chunks
            assertEquals(expected[i][0], u.get(i).start(), 0.1, "start " + i);
            assertEquals(expected[i][1], u.get(i).end(), 0.1, "end " + i);
            assertEquals(Math.round((u.get(i).end() - u.get(i).start()) * RATE), (long) embedder.lengths.get(i),
                    "each utterance's own samples are embedded");
        }
        List<String> labels = LiveAttributionReplay.attribute("f", u, 0.5).stream().map(t -> t.turn().speaker())
                .toList();
        assertEquals(List.of("S1", "S2", "S1"), labels);
        List<RttmTurn> merged = LiveAttributionReplay.attribute("f", u, 1.5); // farther than any two voices
        assertTrue(merged.stream().allMatch(t -> t.turn().speaker().equals("S1")), merged.toString());
        assertEquals(u.get(1).start(), merged.get(1).turn().start());
    }

    @Test
    void theFirstLabelsAreJudgedAgainstTheReferenceByTheirMappedSpeaker() throws Exception {
        List<LiveAttributionReplay.Utterance> u = LiveAttributionReplay.utterances(new LevelVad(), new LevelEmbedder(),
                conversation(), LiveAttributionReplay.liveMinSilence());
        List<LiveAttributionReplay.Emitted> sent = LiveAttributionReplay.emitted(u, 0.5);
        assertEquals(List.of("S1", "S2", "S1"), sent.stream().map(LiveAttributionReplay.Emitted::label).toList());
        assertEquals(1.0, sent.get(1).features()[5], "the second utterance opened a voice");
        List<RttmTurn> ref = List.of(new RttmTurn("f", "alice", 0, 2), new RttmTurn("f", "bob", 3, 5),
                new RttmTurn("f", "bob", 6, 8)); // the third turn is bob's: the label S1 (alice's) is wrong there
        var samples = io.emotrace.web.live.bench.LiveConfidenceStudyAccess.samples(u, sent, ref);
        assertEquals(3, samples.size());
        assertEquals(1.0, samples.get(0).right(), 0.06);
        assertEquals(1.0, samples.get(1).right(), 0.06);
        assertEquals(0.0, samples.get(2).right(), 1e-9);
        assertEquals(2.0, samples.get(0).seconds(), 0.1, "reference speech inside the utterance");
    }
}
