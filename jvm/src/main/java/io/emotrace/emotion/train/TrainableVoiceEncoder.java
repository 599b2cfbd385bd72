package io.emotrace.emotion.train;

import io.emotrace.EmotraceException;
import java.util.Iterator;
import java.util.ServiceLoader;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;

/**
 * A fresh, trainable copy of the voice encoder the emotion heads read (the speaker network, provided by the
 * diarization module through {@link ServiceLoader} so that this module does not depend on it): fine-tuned on the
 * emotion labels by {@link VoiceEncoderTuner}. One owner; {@link #close()} frees the network.
 */
public interface TrainableVoiceEncoder extends AutoCloseable {
    /** Log-mel bins per input frame. */
    int bins();

    /** Values of {@link #pooled} per clip. */
    int dim();

    /** The network whose parameters train (and whose train/eval mode the tuner sets). */
    Module module();

    /** [B, T, bins] mean-normalised log-mel frames to the network's pooled statistics [B, dim]. */
    Tensor pooled(Tensor frames);

    @Override
    void close();

    /** Opens a trainable copy of the shipped encoder. */
    interface Provider {
        TrainableVoiceEncoder open() throws EmotraceException;
    }

    static TrainableVoiceEncoder openDefault() throws EmotraceException {
        Iterator<Provider> it = ServiceLoader.load(Provider.class).iterator();
        if (!it.hasNext()) {
            throw new EmotraceException("voice.encoder.unavailable", "no trainable voice encoder on the class path (the "
                    + "diarization module provides the speaker network)");
        }
        return it.next().open();
    }
}
