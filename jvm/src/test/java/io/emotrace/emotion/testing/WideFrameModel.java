package io.emotrace.emotion.testing;

import io.emotrace.emotion.ClipEmotion;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@link PitchEmotionModel}'s answers with wide frame embeddings (D values per frame at 50 Hz, the
 * Emotion2Vec+ front-end arithmetic), so frame-mode memory tests move realistic volumes of data.
 */
public final class WideFrameModel extends PitchModelVariant {
    public WideFrameModel(int dim) {
        super("wide-test", dim);
    }

    @Override
    public List<ClipEmotion> analyse(List<float[]> clips, boolean keepFrames) {
        int dim = embeddingDim();
        List<ClipEmotion> out = new ArrayList<>();
        for (ClipEmotion c : pitch.analyse(clips, keepFrames)) {
            float[] emb = new float[dim];
            emb[0] = c.embedding()[0];
            emb[1] = c.embedding()[1];
            float[] frames = null;
            if (keepFrames) {
                frames = new float[c.frames() * dim];
                for (int t = 0; t < c.frames(); t++) {
                    for (int j = 0; j < dim; j++) {
                        frames[t * dim + j] = c.frameFeatures()[2 * t] * (j + 1);
                    }
                }
            }
            out.add(new ClipEmotion(c.estimate(), c.reason(), c.frames(), dim, emb, frames, c.frameScores()));
        }
        return out;
    }

    @Override
    public String describe() {
        return name() + " (D=" + embeddingDim() + ")";
    }
}
