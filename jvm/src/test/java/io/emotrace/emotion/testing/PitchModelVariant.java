package io.emotrace.emotion.testing;

import io.emotrace.emotion.EmotionModel;

/**
 * Base of the test models that rework {@link PitchEmotionModel}'s answers: the same frame rate and shortest clip,
 * nothing to close; a subclass gives its name and embedding width and reworks {@code analyse}.
 */
public abstract class PitchModelVariant implements EmotionModel {
    protected final PitchEmotionModel pitch = new PitchEmotionModel();
    private final String name;
    private final int dim;

    protected PitchModelVariant(String name, int dim) {
        this.name = name;
        this.dim = dim;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int embeddingDim() {
        return dim;
    }

    @Override
    public double frameRate() {
        return pitch.frameRate();
    }

    @Override
    public double minSeconds() {
        return pitch.minSeconds();
    }

    @Override
    public String describe() {
        return name;
    }

    @Override
    public void close() {
    }
}
