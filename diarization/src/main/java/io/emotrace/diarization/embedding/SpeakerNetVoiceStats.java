package io.emotrace.diarization.embedding;

import io.emotrace.EmotraceException;
import io.emotrace.emotion.embedded.VoiceStats;

/**
 * A speaker network's attentive-pooling statistics ({@link ProjectSpeakerEmbedder#pooledStats}) of a clip, for the
 * emotion stage's {@link io.emotrace.emotion.embedded.VoiceHead}: the network the heads were fitted on, which the
 * emotion model carries ({@link #EMOTION_ENCODER_DIR}); an adapter over a handle on the process's one loaded network of
 * those files, shared with the diarizer's embedder while both are the same ({@link ProjectSpeakerEmbedder} shares it,
 * its lock keeps running calls safe); {@link #close()} lets go of this handle, and the network is freed
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

    /**
     * The emotion model's own copy of the network its heads were fitted on; the diarizer's network
     * ({@code trained/speaker-embedding/}) can then be replaced without retraining the emotion model. When the two
     * are the same files they share one loaded network.
     */
    public static final String EMOTION_ENCODER_DIR = "trained/emotion-embedded/voice-encoder/";

    /** The emotion model's voice encoder, else (an emotion model without one) the diarizer's shipped network. */
    public static SpeakerNetVoiceStats fromClasspath() throws EmotraceException {
        return new SpeakerNetVoiceStats(ProjectSpeakerEmbedder.fromClasspath(encoderDir()));
    }

    /** Where the emotion heads' network is on the class path: the emotion model's copy, else the diarizer's. */
    static String encoderDir() throws EmotraceException {
        return ProjectSpeakerEmbedder.onClasspath(EMOTION_ENCODER_DIR) ? EMOTION_ENCODER_DIR
                : SpeakerModelFiles.CLASSPATH_DIR;
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
