package io.emotrace.emotion.embedded;

import io.emotrace.EmotraceException;
import java.util.Iterator;
import java.util.ServiceLoader;

/**
 * Utterance statistics of a pretrained voice encoder (the speaker network's attentive-pooling mean and deviation of
 * its frame features) that the {@link VoiceHead} reads. The encoder lives in the diarization module and registers a
 * {@link Provider}; this module only finds it, so the emotion stage does not depend on diarization. The speaker
 * network learnt from ~1 750 voices in a dozen languages and channels, far more than the labelled emotion corpora
 * hold: how a voice departs from its own average in that space carries emotion that transfers across corpora.
 */
public interface VoiceStats extends AutoCloseable {
    /** Values per clip. */
    int dim();

    /** Names the encoder's weights (a digest): a head trained on another encoder's statistics must not read these. */
    String identity();

    String describe();

    /** The statistics of one mono 16 kHz clip (samples in [-1, 1]). Thread-safe. */
    float[] stats(float[] clip) throws EmotraceException;

    @Override
    void close();

    /** Opens the encoder the project ships (registered through {@link ServiceLoader}). */
    interface Provider {
        VoiceStats open() throws EmotraceException;
    }

    /** The registered encoder; a typed error when no module on the class path provides one. */
    static VoiceStats openDefault() throws EmotraceException {
        Iterator<Provider> it = ServiceLoader.load(Provider.class).iterator();
        if (!it.hasNext()) {
            throw new EmotraceException("voice.stats.unavailable", "no voice encoder on the class path (the "
                    + "diarization module provides the speaker network's statistics)");
        }
        return it.next().open();
    }
}
