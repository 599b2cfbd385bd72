package io.emotrace.diarization.embedding;

import io.emotrace.EmotraceException;
import io.emotrace.emotion.embedded.VoiceStats;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * The shipped speaker network's attentive-pooling statistics ({@link SpeakerNet#pooledStats}) of a clip, for the
 * emotion stage's {@link io.emotrace.emotion.embedded.VoiceHead}. Owns its own copy of the network (eval mode, no-grad:
 * concurrent forwards only read; a read lock keeps {@link #close()} from freeing it under a running call); the fbank
 * extractor is shared under its own lock.
 */
public final class SpeakerNetVoiceStats implements VoiceStats {
    /** Clips shorter than this are tiled to it (as the embedder tiles short clips). */
    static final int MIN_FRAMES = 50;

    private final SpeakerNet net;
    private final SpeakerFbank fbank = new SpeakerFbank(1);
    private final String identity;
    private final String origin;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean closed;

    private SpeakerNetVoiceStats(SpeakerNet net, String identity, String origin) {
        this.net = net;
        this.identity = identity;
        this.origin = origin;
    }

    /** Registered through META-INF/services: the committed speaker model on the class path. */
    public static final class Provider implements VoiceStats.Provider {
        @Override
        public VoiceStats open() throws EmotraceException {
            return fromClasspath();
        }
    }

    public static SpeakerNetVoiceStats fromClasspath() throws EmotraceException {
        byte[] json = SpeakerModelFiles.resource(SpeakerModelFiles.JSON);
        byte[] weights = SpeakerModelFiles.resource(SpeakerModelFiles.WEIGHTS);
        if (json == null || weights == null) {
            throw new EmotraceException("speaker.model.missing", "no trained speaker model on the classpath ("
                    + SpeakerModelFiles.CLASSPATH_DIR + ")");
        }
        SpeakerNet net = SpeakerModelFiles.loadNet(SpeakerModelFiles.describe(json), weights,
                "classpath:" + SpeakerModelFiles.CLASSPATH_DIR);
        return new SpeakerNetVoiceStats(net, digest(weights), "classpath:" + SpeakerModelFiles.CLASSPATH_DIR);
    }

    /** The first 16 hex digits of the weights' SHA-256. */
    static String digest(byte[] weights) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(weights)).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public int dim() {
        return 2 * net.config().mfaChannels();
    }

    @Override
    public String identity() {
        return identity;
    }

    @Override
    public String describe() {
        return "speaker network pooled statistics (" + origin + ", " + identity + ")";
    }

    @Override
    public float[] stats(float[] clip) throws EmotraceException {
        for (float v : clip) {
            if (!Float.isFinite(v)) {
                throw new EmotraceException("voice.stats.input", "clip has non-finite samples");
            }
        }
        lock.readLock().lock();
        try {
            if (closed) {
                throw new EmotraceException("voice.stats.closed", "voice statistics encoder is closed");
            }
            float[] f;
            synchronized (fbank) {
                f = fbank.features(clip, MIN_FRAMES);
            }
            int frames = f.length / fbank.bins();
            float[] out = new float[dim()];
            try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
                Tensor x = torch.from_blob(new FloatPointer(f), 1, frames, fbank.bins());
                net.pooledStats(x).contiguous().data_ptr_float().capacity(out.length).get(out);
            } catch (RuntimeException e) {
                throw new EmotraceException("voice.stats.run", "speaker network failed: " + e.getMessage(), e);
            }
            return out;
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                net.close();
                fbank.close();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }
}
