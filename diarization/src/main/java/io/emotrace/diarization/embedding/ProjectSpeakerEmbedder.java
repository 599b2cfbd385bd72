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
 * and forward only reads it; a read/write lock keeps the network from being freed under a running call.
 *
 * <p>One loaded network per model in a process: every instance opened from the same files in the same place (the
 * diarizer's embedder and the emotion stage's {@link SpeakerNetVoiceStats}, both from the classpath) is a handle on
 * one {@link Loaded} network ({@link SharedSpeakerNets}), which the last handle's {@link #close()} frees. Each handle
 * closes once and is unusable after its own close; the others go on. Other files (another folder, or the same folder
 * after its files changed) load their own network.
 */
public final class ProjectSpeakerEmbedder implements SpeakerEmbedder {
    public static final String NAME = "project";
    static final int MAX_BATCH = 32;

    private final Loaded loaded;
    /** Where this handle's files were read (the shared network may have been loaded from identical files elsewhere). */
    private final String origin;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * The model folder's attribution calibrations (offline, live), or null; the diarizer checks that they were fitted
     * for these weights ({@link #weightsDigest()}) and its settings.
     */
    private final AttributionCalibration calibration;
    private final AttributionCalibration liveCalibration;

    private ProjectSpeakerEmbedder(Loaded loaded, String origin, AttributionCalibration[] calibrations) {
        this.loaded = loaded;
        this.origin = origin;
        this.calibration = calibrations[0];
        this.liveCalibration = calibrations[1];
    }

    /** The committed model on the classpath (the process's one network of it, shared with its other users). */
    public static ProjectSpeakerEmbedder fromClasspath() throws EmotraceException {
        return fromClasspath(SpeakerModelFiles.CLASSPATH_DIR);
    }

    /**
     * The model whose files are in the classpath folder {@code dir} (e.g. {@code trained/speaker-embedding/}); models
     * of identical files in two classpath folders share one network.
     */
    public static ProjectSpeakerEmbedder fromClasspath(String dir) throws EmotraceException {
        byte[] json = SpeakerModelFiles.resource(dir, SpeakerModelFiles.JSON);
        byte[] weights = SpeakerModelFiles.resource(dir, SpeakerModelFiles.WEIGHTS);
        if (json == null || weights == null) {
            throw new EmotraceException("speaker.model.missing", "no trained speaker model on the classpath ("
                    + dir + "model.json/model.pt); run ./emotrace train speaker");
        }
        byte[] plda = SpeakerModelFiles.resource(dir, Plda.FILE);
        byte[] nap = SpeakerModelFiles.resource(dir, NuisanceProjection.FILE);
        return open(json, weights, plda, nap, "classpath:" + dir, "classpath:",
                SpeakerModelFiles.resource(dir, AttributionCalibration.FILE),
                SpeakerModelFiles.resource(dir, AttributionCalibration.LIVE_FILE));
    }

    /** Whether the classpath folder {@code dir} holds a model's weights. */
    public static boolean onClasspath(String dir) throws EmotraceException {
        return SpeakerModelFiles.resource(dir, SpeakerModelFiles.WEIGHTS) != null;
    }

    /**
     * A model folder written by training ({@code model.json} + {@code model.pt}); shares its network with the other
     * open instances of the same folder while its files are the same.
     */
    public static ProjectSpeakerEmbedder fromDirectory(Path dir) throws EmotraceException {
        try {
            return open(Files.readAllBytes(dir.resolve(SpeakerModelFiles.JSON)),
                    Files.readAllBytes(dir.resolve(SpeakerModelFiles.WEIGHTS)), optional(dir.resolve(Plda.FILE)),
                    optional(dir.resolve(NuisanceProjection.FILE)), dir.toString(), dir.toAbsolutePath().normalize().toString(),
                    optional(dir.resolve(AttributionCalibration.FILE)),
                    optional(dir.resolve(AttributionCalibration.LIVE_FILE)));
        } catch (IOException e) {
            throw new EmotraceException("speaker.model.missing", "cannot read speaker model in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static byte[] optional(Path file) throws IOException {
        return Files.isRegularFile(file) ? Files.readAllBytes(file) : null;
    }

    /** A handle on the process's network of these files in {@code place} (loaded now when there is none yet). */
    private static ProjectSpeakerEmbedder open(byte[] json, byte[] weights, byte[] pldaJson, byte[] napJson,
            String origin, String place, byte[] calibrationJson, byte[] liveCalibrationJson) throws EmotraceException {
        // parsed per handle (small); what they hold for is checked where they are used
        AttributionCalibration[] cal = {calibration(calibrationJson, origin, AttributionCalibration.FILE),
            calibration(liveCalibrationJson, origin, AttributionCalibration.LIVE_FILE)};
        return new ProjectSpeakerEmbedder(SharedSpeakerNets.acquire(place, List.of(json, weights,
                pldaJson == null ? new byte[0] : pldaJson, napJson == null ? new byte[0] : napJson,
                new byte[] {(byte) (pldaJson == null ? 0 : 1), (byte) (napJson == null ? 0 : 1)}),
                () -> load(json, weights, pldaJson, napJson, origin)), origin, cal);
    }

    /** The calibration in {@code json}, or null; a malformed one is left out with a warning (the model still works). */
    private static AttributionCalibration calibration(byte[] json, String origin, String file) {
        if (json == null) {
            return null;
        }
        try {
            return AttributionCalibration.parse(json, origin + "/" + file);
        } catch (IOException e) {
            System.err.println("emotrace: warning: attribution calibration left out (" + (file.equals(
                    AttributionCalibration.LIVE_FILE) ? "live labels" : "turns") + " carry no confidence): "
                    + io.emotrace.output.IoProblem.reason(e));
            return null;
        }
    }

    private static Loaded load(byte[] json, byte[] weights, byte[] pldaJson, byte[] napJson,
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
            return new Loaded(net, d, plda, nap, SpeakerModelFiles.digest(weights));
        } catch (RuntimeException e) {
            net.close();
            throw e;
        }
    }

    /** The loaded network this handle uses (tests: handles on the same files share one). */
    Loaded network() {
        return loaded;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int dim() {
        return loaded.description.config().embedDim();
    }

    @Override
    public double minSeconds() {
        return loaded.description.minSeconds();
    }

    @Override
    public float[][] embed(List<float[]> clips) throws EmotraceException {
        requireOpen();
        return loaded.embed(clips);
    }

    /** Where the model was read from. */
    public String origin() {
        return origin;
    }

    /** Names the weights: {@code sha256:} and the first 16 hex digits of their SHA-256. */
    @Override
    public String weightsDigest() {
        return loaded.digest;
    }

    /** Values of {@link #pooledStats}. */
    public int pooledDim() {
        return loaded.pooledDim();
    }

    /**
     * The attentive-pooling statistics ({@link SpeakerNet#pooledStats}) of one clip, tiled to at least
     * {@code minFrames} frames: what the embedding layer reads, before it keeps only what tells voices apart.
     */
    public float[] pooledStats(float[] clip, int minFrames) throws EmotraceException {
        requireOpen();
        return loaded.pooledStats(clip, minFrames);
    }

    private void requireOpen() throws EmotraceException {
        if (closed.get()) {
            throw new EmotraceException("speaker.closed", "speaker embedder is closed");
        }
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
        return loaded.plda;
    }

    @Override
    public AttributionCalibration attributionCalibration() {
        return calibration;
    }

    @Override
    public AttributionCalibration liveAttributionCalibration() {
        return liveCalibration;
    }

    /** The nuisance projection applied to every embedding, or null when the model has none. */
    public NuisanceProjection nuisanceProjection() {
        return loaded.nap;
    }

    @Override
    public String describe() {
        SpeakerNetConfig c = loaded.description.config();
        NuisanceProjection nap = loaded.nap;
        return String.format(java.util.Locale.ROOT, "emotrace speaker net (ECAPA-style, C=%d, %d-D) from %s on LibTorch CPU%s%s",
                c.channels(), c.embedDim(), origin,
                loaded.description.summary().isEmpty() ? "" : "; " + loaded.description.summary(),
                nap == null ? "" : "; emotion/channel nuisance projection of rank " + nap.rank());
    }

    /**
     * Closes this handle (once; later calls do nothing): the network is freed when no other handle on it is open, after
     * the calls running on it end.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            SharedSpeakerNets.release(loaded);
        }
    }

    /**
     * One loaded model: the network, its front end and the lock that keeps {@link #close()} from freeing them under a
     * running call. Shared by the handles on the same files ({@link SharedSpeakerNets} counts them and closes it after
     * the last).
     */
    static final class Loaded {
        private final SpeakerNet net;
        private final SpeakerFbank fbank;
        private final SpeakerModelFiles.Description description;
        private final Plda plda;
        private final NuisanceProjection nap;
        private final int minFrames;
        private final String digest;
        private final ReadWriteLock lock = new ReentrantReadWriteLock();
        private boolean closed;

        private Loaded(SpeakerNet net, SpeakerModelFiles.Description d, Plda plda, NuisanceProjection nap,
                String digest) {
            this.net = net;
            this.digest = digest;
            this.description = d;
            this.plda = plda;
            this.nap = nap;
            this.fbank = new SpeakerFbank(1);
            this.minFrames = Math.max(10, fbank.frameCount((int) Math.round(d.minSeconds() * SpeakerFbank.SAMPLE_RATE)));
        }

        float[][] embed(List<float[]> clips) throws EmotraceException {
            float[][] out = new float[clips.size()][];
            lock.readLock().lock();
            try {
                if (closed) {
                    throw new EmotraceException("speaker.closed", "speaker embedder is closed");
                }
                // under the lock: the network is shared, and the last handle's close() frees the extractor too
                SpeakerFbank.Batches batches = fbank.batches(clips, minFrames);
                List<float[]> feats = batches.features();
                Map<Integer, List<Integer>> byFrames = batches.byFrames();
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

        int pooledDim() {
            return 2 * description.config().mfaChannels();
        }

        float[] pooledStats(float[] clip, int minFrames) throws EmotraceException {
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
            int d = description.config().embedDim();
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

        /** Whether the network was freed (tests). */
        boolean isClosed() {
            lock.readLock().lock();
            try {
                return closed;
            } finally {
                lock.readLock().unlock();
            }
        }

        /** Frees the network once the calls running on it end ({@link SharedSpeakerNets}, after its last handle). */
        void close() {
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
}
