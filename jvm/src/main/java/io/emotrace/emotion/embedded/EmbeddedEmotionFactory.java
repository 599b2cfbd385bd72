package io.emotrace.emotion.embedded;

import io.emotrace.EmotraceException;
import io.emotrace.emotion.EmotionModelRecognizer;
import io.emotrace.pipeline.Availability;
import io.emotrace.pipeline.EmotionRecognizer;
import io.emotrace.pipeline.EmotionRecognizerFactory;

/** The embedded model as a pipeline stage; available when its weights are on the classpath. */
public final class EmbeddedEmotionFactory implements EmotionRecognizerFactory {
    @Override
    public String name() {
        return EmbeddedEmotionModel.NAME;
    }

    @Override
    public Availability availability() {
        var url = getClass().getClassLoader().getResource(EmbeddedWeights.RESOURCE_DIR + EmbeddedWeights.WEIGHTS);
        return url != null
                ? Availability.yes("project-trained emotion CNN on the classpath (" + EmbeddedWeights.RESOURCE_DIR + ")")
                : Availability.no("no " + EmbeddedWeights.RESOURCE_DIR + EmbeddedWeights.WEIGHTS
                        + " on the classpath; train it with ./emotrace train emotion");
    }

    @Override
    public EmotionRecognizer create() throws EmotraceException {
        return new EmotionModelRecognizer(EmbeddedEmotionModel.loadDefault());
    }
}
