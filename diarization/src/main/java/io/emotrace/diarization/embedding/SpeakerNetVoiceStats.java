package io.emotrace.diarization.embedding;

import io.emotrace.EmotraceException;
import io.emotrace.emotion.embedded.VoiceStats;

/**
 * The shipped speaker network's attentive-pooling statistics ({@link ProjectSpeakerEmbedder#pooledStats}) of a clip,
 * for the emotion stage's {@link io.emotrace.emotion.embedded.VoiceHead}: an adapter over a handle on the process's one
 * loaded network of the shipped model, the one the diarizer's embedder uses too ({@link ProjectSpeakerEmbedder}
 * shares it, its lock keeps running calls safe); {@link #close()} lets go of this handle, and the network is freed
 * with the last one.
 */
public final class SpeakerNetVoiceStats implements VoiceStats {
    /** Clips shorter than this are tiled to it (the heads were trained on statistics computed so). */
    static final int MIN_FRAMES = 50;

    private final ProjectSpeakerEmbedder embedder;

    private SpeakerNetVoiceStats(ProjectSpeakerEmbedder embedder) {
        this.embedder = embedder;
    }

    /** Registered through META-INF/services: the committed speaker model on the class path. */
    public static final class Provider implements VoiceStats.Provider {
        @Override
        public VoiceStats open() throws EmotraceException {
            return fromClasspath();
        }
    }

    public static SpeakerNetVoiceStats fromClasspath() throws EmotraceException {
        return new SpeakerNetVoiceStats(ProjectSpeakerEmbedder.fromClasspath());
    }

    @Override
    public int dim() {
        return embedder.pooledDim();
    }

    @Override
    public String identity() {
        return embedder.weightsDigest();
    }

    @Override
    public String describe() {
        return "speaker network pooled statistics (" + embedder.origin() + ", " + identity() + ")";
    }

    @Override
    public float[] stats(float[] clip) throws EmotraceException {
        for (float v : clip) {
            if (!Float.isFinite(v)) {
                throw new EmotraceException("voice.stats.input", "clip has non-finite samples");
            }
        }
        return embedder.pooledStats(clip, MIN_FRAMES);
    }

    @Override
    public void close() {
        embedder.close();
    }
}
