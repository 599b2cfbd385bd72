package io.emotrace.diarization.embedding.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.emotrace.diarization.embedding.SpeakerEmbedder;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SpeakerEvaluationTest {
    /** Embeds a clip as its speaker's direction plus noise drawn from the clip's first sample: deterministic. */
    private static final class FakeEmbedder implements SpeakerEmbedder {
        int calls;

        @Override public String name() { return "fake"; }
        @Override public int dim() { return 4; }
        @Override public double minSeconds() { return 0.5; }
        @Override public String describe() { return "fake"; }
        @Override public void close() { }

        @Override
        public float[][] embed(List<float[]> clips) {
            calls++;
            float[][] out = new float[clips.size()][];
            for (int i = 0; i < out.length; i++) {
                float[] c = clips.get(i);
                int spk = Math.round(c[0] * 10);
                SplittableRandom r = new SplittableRandom(Float.floatToIntBits(c[1]));
                float[] e = new float[4];
                e[spk % 4] = 1;
                double n = 0;
                for (int k = 0; k < 4; k++) {
                    e[k] += (float) (0.6 * r.nextDouble());
                    n += e[k] * e[k];
                }
                for (int k = 0; k < 4; k++) {
                    e[k] /= (float) Math.sqrt(n);
                }
                out[i] = e;
            }
            return out;
        }
    }

    private static List<SpeakerClip> clips() {
        List<SpeakerClip> out = new ArrayList<>();
        for (int s = 0; s < 4; s++) {
            for (int u = 0; u < 5; u++) {
                float[] x = new float[32_000];
                java.util.Arrays.fill(x, (float) (0.1 * s));
                x[1] = u * 0.01f + s; // the fake embedder's noise seed (crops and utterances keep sample 1)
                java.util.Arrays.fill(x, 2, x.length, (float) (0.1 * s));
                String corpus = s < 2 ? "a" : "b";
                out.add(new SpeakerClip(corpus + "-" + s, corpus + "/" + s + "/" + u, u % 2 == 0 ? "angry" : "sad", x,
                        new float[0], 0, corpus));
            }
        }
        return out;
    }

    @Test
    void aSubsetOfOneEmbeddingPassScoresAsEvaluatingThatSubsetAlone() throws Exception {
        List<SpeakerClip> all = clips();
        FakeEmbedder emb = new FakeEmbedder();
        SpeakerEvaluation.Embedded once = SpeakerEvaluation.embed(emb, all);
        assertEquals(2, emb.calls, "whole utterances and crops, one pass each");
        SpeakerEvaluation.Report fromSubset = once.report(c -> c.corpus().equals("b"));
        SpeakerEvaluation.Report alone = SpeakerEvaluation.run(new FakeEmbedder(),
                all.stream().filter(c -> c.corpus().equals("b")).toList());
        assertEquals(10, fromSubset.clips());
        assertEquals(2, fromSubset.speakers());
        for (int i = 0; i < 2; i++) {
            var a = fromSubset.conditions().get(i);
            var b = alone.conditions().get(i);
            assertEquals(b.all().eer(), a.all().eer(), 1e-12);
            assertEquals(b.all().targets(), a.all().targets());
            assertEquals(b.crossEmotion().nonTargets(), a.crossEmotion().nonTargets());
        }
        assertEquals(20, once.report(c -> true).clips());
    }
}
