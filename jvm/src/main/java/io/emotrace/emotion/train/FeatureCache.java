package io.emotrace.emotion.train;

import io.emotrace.Digests;
import io.emotrace.audio.AudioDecoder;
import io.emotrace.audio.UnsupportedAudioException;
import io.emotrace.features.FeatureExtractor;
import io.emotrace.features.MelConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fbank features of corpus files, computed once and kept on disk so epochs and folds only read them.
 * The key hashes the file's path, size and modification time with the front-end's full configuration, so a
 * changed file or config is recomputed, never served stale. Format: int frames, int bins, floats (LE).
 */
public final class FeatureCache {
    private final Path dir;
    private final AudioDecoder decoder;
    private final FeatureExtractor extractor;
    /** Every file heard through a telephone line ({@link io.emotrace.audio.TelephoneChannel}) before its features. */
    private final boolean telephone;

    public FeatureCache(Path dir, AudioDecoder decoder, FeatureExtractor extractor) {
        this(dir, decoder, extractor, false);
    }

    /** With {@code telephone}, the features of each file as heard through a telephone line (cached apart). */
    public FeatureCache(Path dir, AudioDecoder decoder, FeatureExtractor extractor, boolean telephone) {
        this.dir = dir;
        this.decoder = decoder;
        this.extractor = extractor;
        this.telephone = telephone;
    }

    private float[] decode(Path file) throws IOException, UnsupportedAudioException {
        float[] x = decoder.decodeAll(file);
        return telephone ? io.emotrace.audio.TelephoneChannel.apply(x) : x;
    }

    public static Path defaultDir() {
        return Path.of(System.getProperty("user.home"), ".cache", "emotrace", "features");
    }

    /** Row-major [frames][bins] fbank of the file. */
    public float[] features(Path file) throws IOException, UnsupportedAudioException {
        Path entry = dir.resolve(key(file, extractor.config()) + (telephone ? ".tel" : "") + ".fb");
        int bins = extractor.config().numBins();
        float[] f = read(entry, bins);
        return f != null ? f : write(entry, extractor.compute(decode(file)), bins);
    }

    /**
     * The file's fbank ({@link #features}) and its row-major [frames][{@link io.emotrace.features.PitchTrack#CHANNELS}]
     * pitch track on the fbank's frame grid by pitch tracker {@code tracker}, each cached (the pitch entry's key names
     * the tracker); what is not cached yet is computed from one decode of the file.
     */
    public float[][] featuresAndProsody(Path file, int tracker) throws IOException, UnsupportedAudioException {
        String base = key(file, extractor.config()) + (telephone ? ".tel" : "");
        Path fbEntry = dir.resolve(base + ".fb");
        Path pitchEntry = dir.resolve(base + ".pitch" + tracker);
        int bins = extractor.config().numBins();
        int ch = io.emotrace.features.PitchTrack.CHANNELS;
        float[] fb = read(fbEntry, bins);
        float[] pitch = read(pitchEntry, ch);
        if (fb == null || pitch == null) {
            float[] x = decode(file);
            if (fb == null) {
                fb = write(fbEntry, extractor.compute(x), bins);
            }
            if (pitch == null) {
                pitch = write(pitchEntry, io.emotrace.features.PitchTrack.compute(x, tracker), ch);
            }
        }
        return new float[][] {fb, pitch};
    }

    /** A cached [frames][width] entry, or null when absent or of another shape. */
    private static float[] read(Path entry, int width) throws IOException {
        if (!Files.isRegularFile(entry)) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(entry)).order(ByteOrder.LITTLE_ENDIAN);
        int frames = b.getInt();
        int w = b.getInt();
        if (w != width || b.remaining() != 4L * frames * width) {
            return null;
        }
        float[] f = new float[frames * width];
        b.asFloatBuffer().get(f);
        return f;
    }

    /** Stores {@code f} atomically (a reader never sees half a file) and returns it. */
    private float[] write(Path entry, float[] f, int width) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8 + 4 * f.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(f.length / width).putInt(width);
        b.asFloatBuffer().put(f);
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "fc", ".tmp");
        Files.write(tmp, b.array());
        Files.move(tmp, entry, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return f;
    }

    static String key(Path file, MelConfig config) throws IOException {
        String id = file.toAbsolutePath().normalize() + "|" + Files.size(file) + "|"
                + Files.getLastModifiedTime(file).toMillis() + "|" + config;
        return Digests.sha256Hex(id.getBytes(StandardCharsets.UTF_8)).substring(0, 40);
    }
}
