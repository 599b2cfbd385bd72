package io.emotrace.diarization.embedding;

import io.emotrace.EmotraceException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * The speaker embedding trained by this project ({@code ./emotrace train speaker}), run with LibTorch on the CPU.
 * Loads {@code trained/speaker-embedding/model.{json,pt}} from the classpath, or a training output folder.
 *
 * <p>Clips of the same frame count share one forward pass (up to {@link #MAX_BATCH}); padding would change the
 * attentive statistics, so clips of different lengths run separately. Thread-safe: the network is in eval mode
 * and forward only reads it; a read/write lock keeps {@link #close()} from freeing it under a running call.
 */
public final class ProjectSpeakerEmbedder implements SpeakerEmbedder {
    public static final String NAME = "project";
    static final int MAX_BATCH = 32;

    private final SpeakerNet net;
    private final SpeakerFbank fbank;
    private final SpeakerModelFiles.Description description;
    private final String origin;
    private final Plda plda;
    private final NuisanceProjection nap;
    private final int minFrames;
    private final String digest;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean closed;

    private ProjectSpeakerEmbedder(SpeakerNet net, SpeakerModelFiles.Description d, String origin, Plda plda,
            NuisanceProjection nap, String digest) {
        this.net = net;
        this.digest = digest;
        this.description = d;
        this.origin = origin;
        this.plda = plda;
        this.nap = nap;
        this.fbank = new SpeakerFbank(1);
        this.minFrames = Math.max(10, fbank.frameCount((int) Math.round(d.minSeconds() * SpeakerFbank.SAMPLE_RATE)));
    }

    /** The committed model on the classpath. */
    public static ProjectSpeakerEmbedder fromClasspath() throws EmotraceException {
        byte[] json = SpeakerModelFiles.resource(SpeakerModelFiles.JSON);
        byte[] weights = SpeakerModelFiles.resource(SpeakerModelFiles.WEIGHTS);
        if (json == null || weights == null) {
            throw new EmotraceException("speaker.model.missing", "no trained speaker model on the classpath ("
                    + SpeakerModelFiles.CLASSPATH_DIR + "model.json/model.pt); run ./emotrace train speaker");
        }
        byte[] plda = SpeakerModelFiles.resource(Plda.FILE);
        byte[] nap = SpeakerModelFiles.resource(NuisanceProjection.FILE);
        return load(json, weights, plda, nap, "classpath:" + SpeakerModelFiles.CLASSPATH_DIR);
    }

    /** A model folder written by training ({@code model.json} + {@code model.pt}). */
    public static ProjectSpeakerEmbedder fromDirectory(Path dir) throws EmotraceException {
        try {
            return load(Files.readAllBytes(dir.resolve(SpeakerModelFiles.JSON)),
                    Files.readAllBytes(dir.resolve(SpeakerModelFiles.WEIGHTS)), optional(dir.resolve(Plda.FILE)),
                    optional(dir.resolve(NuisanceProjection.FILE)), dir.toString());
        } catch (IOException e) {
            throw new EmotraceException("speaker.model.missing", "cannot read speaker model in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static byte[] optional(Path file) throws IOException {
        return Files.isRegularFile(file) ? Files.readAllBytes(file) : null;
    }

    private static ProjectSpeakerEmbedder load(byte[] json, byte[] weights, byte[] pldaJson, byte[] napJson,
            String origin) throws EmotraceException {
        SpeakerModelFiles.Description d = SpeakerModelFiles.describe(json);
        NuisanceProjection nap = null;
        if (napJson != null) {
            try {
                nap = NuisanceProjection.parse(napJson, origin + "/" + NuisanceProjection.FILE);
            } catch (IOException e) {
                throw new EmotraceException("speaker.model.load", "cannot read the nuisance projection of " + origin
                        + ": " + e.getMessage(), e);
            }
            if (nap.inputDim() != d.config().embedDim()) {
                throw new EmotraceException("speaker.model.load", "the nuisance projection of " + origin + " expects "
                        + nap.inputDim() + "-d embeddings, the model gives " + d.config().embedDim());
            }
        }
        Plda plda = null;
        if (pldaJson != null) {
            try {
                plda = Plda.parse(pldaJson, origin + "/" + Plda.FILE);
            } catch (IOException e) {
                throw new EmotraceException("speaker.model.load", "cannot read the PLDA back-end of " + origin + ": "
                        + e.getMessage(), e);
            }
            if (plda.inputDim() != d.config().embedDim()) {
                throw new EmotraceException("speaker.model.load", "the PLDA back-end of " + origin + " expects "
                        + plda.inputDim() + "-d embeddings, the model gives " + d.config().embedDim());
            }
        }
        SpeakerNet net = SpeakerModelFiles.loadNet(d, weights, origin);
        try {
            return new ProjectSpeakerEmbedder(net, d, origin, plda, nap, SpeakerModelFiles.digest(weights));
        } catch (RuntimeException e) {
            net.close();
            throw e;
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int dim() {
        return description.config().embedDim();
    }

    @Override
    public double minSeconds() {
        return description.minSeconds();
    }

    @Override
    public float[][] embed(List<float[]> clips) throws EmotraceException {
        float[][] out = new float[clips.size()][];
        SpeakerFbank.Batches batches = fbank.batches(clips, minFrames);
        List<float[]> feats = batches.features();
        Map<Integer, List<Integer>> byFrames = batches.byFrames();
        lock.readLock().lock();
        try {
            if (closed) {
                throw new EmotraceException("speaker.closed", "speaker embedder is closed");
            }
            for (Map.Entry<Integer, List<Integer>> e : byFrames.entrySet()) {
                List<Integer> idx = e.getValue();
                for (int from = 0; from < idx.size(); from += MAX_BATCH) {
                    List<Integer> part = idx.subList(from, Math.min(idx.size(), from + MAX_BATCH));
                    float[][] emb = forward(feats, part, e.getKey());
                    for (int k = 0; k < part.size(); k++) {
                        out[part.get(k)] = emb[k];
                    }
                }
            }
        } finally {
            lock.readLock().unlock();
        }
        return out;
    }

    /** Where the model was read from. */
    public String origin() {
        return origin;
    }

    /** Names the weights: {@code sha256:} and the first 16 hex digits of their SHA-256. */
    public String weightsDigest() {
        return digest;
    }

    /** Values of {@link #pooledStats}. */
    public int pooledDim() {
        return 2 * description.config().mfaChannels();
    }

    /**
     * The attentive-pooling statistics ({@link SpeakerNet#pooledStats}) of one clip, tiled to at least
     * {@code minFrames} frames: what the embedding layer reads, before it keeps only what tells voices apart.
     */
    public float[] pooledStats(float[] clip, int minFrames) throws EmotraceException {
        float[] out = new float[pooledDim()];
        lock.readLock().lock();
        try {
            if (closed) {
                throw new EmotraceException("speaker.closed", "speaker embedder is closed");
            }
            float[] f = fbank.features(clip, minFrames); // under the lock: close() frees the extractor too
            int frames = f.length / fbank.bins();
            try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
                Tensor x = torch.from_blob(new FloatPointer(f), 1, frames, fbank.bins());
                net.pooledStats(x).contiguous().data_ptr_float().capacity(out.length).get(out);
            } catch (RuntimeException e) {
                throw new EmotraceException("speaker.run", "speaker network failed: " + e.getMessage(), e);
            }
        } finally {
            lock.readLock().unlock();
        }
        return out;
    }

    private float[][] forward(List<float[]> feats, List<Integer> part, int frames) throws EmotraceException {
        int bins = fbank.bins();
        int d = dim();
        float[] input = new float[part.size() * frames * bins];
        for (int k = 0; k < part.size(); k++) {
            System.arraycopy(feats.get(part.get(k)), 0, input, k * frames * bins, frames * bins);
        }
        float[] emb = new float[part.size() * d];
        try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            FloatPointer in = new FloatPointer(input);
            Tensor x = torch.from_blob(in, part.size(), frames, bins);
            Tensor y = net.forward(x).contiguous();
            y.data_ptr_float().capacity(emb.length).get(emb);
        } catch (RuntimeException e) {
            throw new EmotraceException("speaker.run", "speaker network failed: " + e.getMessage(), e);
        }
        float[][] out = new float[part.size()][];
        for (int k = 0; k < part.size(); k++) {
            out[k] = nap == null ? l2(emb, k * d, d) : nap.apply(l2(emb, k * d, d));
        }
        return out;
    }

    static float[] l2(float[] a, int off, int d) {
        double s = 0;
        for (int j = 0; j < d; j++) {
            s += (double) a[off + j] * a[off + j];
        }
        float k = (float) (1 / Math.sqrt(Math.max(s, 1e-20)));
        float[] v = new float[d];
        for (int j = 0; j < d; j++) {
            v[j] = a[off + j] * k;
        }
        return v;
    }

    @Override
    public Plda plda() {
        return plda;
    }

    /** The nuisance projection applied to every embedding, or null when the model has none. */
    public NuisanceProjection nuisanceProjection() {
        return nap;
    }

    @Override
    public String describe() {
        SpeakerNetConfig c = description.config();
        return String.format(java.util.Locale.ROOT, "emotrace speaker net (ECAPA-style, C=%d, %d-D) from %s on LibTorch CPU%s%s",
                c.channels(), c.embedDim(), origin, description.summary().isEmpty() ? "" : "; " + description.summary(),
                nap == null ? "" : "; emotion/channel nuisance projection of rank " + nap.rank());
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
