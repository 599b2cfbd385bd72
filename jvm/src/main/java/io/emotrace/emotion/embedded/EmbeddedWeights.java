package io.emotrace.emotion.embedded;

import io.emotrace.runtime.ModelRuntimeException;
import io.emotrace.output.ResultJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.pytorch.InputArchive;
import org.bytedeco.pytorch.OutputArchive;

/** Saves and loads the network ({@code model.pt}, a LibTorch archive) with its {@link ModelCard} ({@code model.json}). */
public final class EmbeddedWeights {
    public static final String WEIGHTS = "model.pt";
    public static final String CARD = "model.json";
    /** Classpath folder of the committed default model (models/trained/emotion-embedded). */
    public static final String RESOURCE_DIR = "trained/emotion-embedded/";
    /**
     * The calls model: the same recipe trained on every clip heard through a telephone line (300-3400 Hz, mu-law), for
     * voices whose speech is telephone-band.
     */
    public static final String CALLS_RESOURCE_DIR = "trained/emotion-embedded-telephone/";

    private EmbeddedWeights() {
    }

    public static void save(EmotionNet net, ModelCard card, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path tmp = dir.resolve(WEIGHTS + ".tmp");
        try (OutputArchive archive = new OutputArchive()) {
            net.save(archive);
            archive.save_to(tmp.toString());
        }
        Files.move(tmp, dir.resolve(WEIGHTS), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        ResultJson.mapper().writerWithDefaultPrettyPrinter().writeValue(dir.resolve(CARD).toFile(), card);
    }

    public static ModelCard readCard(byte[] json) throws ModelRuntimeException {
        try {
            ModelCard c = ResultJson.mapper().readValue(json, ModelCard.class);
            if ((c.prosody() && c.tracker() != io.emotrace.features.PitchTrack.LEGACY
                    && c.tracker() != io.emotrace.features.PitchTrack.LATEST)
                    || c.version() != ModelCard.versionFor(c.prosody(), c.tracker(), c.voiceHead() != null)
                    || (c.voiceHead() != null && !c.voiceHead().matches("[A-Za-z0-9._-]+")) || c.bins() <= 0 || c.channels() <= 0 || c.embDim() <= 0 || c.blocks() < 0
                    || (c.prosody() ? c.bins() < FbankPrep.MEL_BINS + io.emotrace.features.PitchTrack.CHANNELS
                            : c.bins() != FbankPrep.MEL_BINS)) {
                throw new ModelRuntimeException("model.format", "unsupported embedded model card: " + c);
            }
            try {
                c.norm();
            } catch (IllegalArgumentException e) {
                throw new ModelRuntimeException("model.format", "unknown featureNorm in model.json: " + c.featureNorm());
            }
            if (c.voiceHead() != null && c.norm() != FeatureNorm.SPEAKER_BINS) {
                // the head reads statistics less the speaker's mean, which only speaker-normalised models collect
                throw new ModelRuntimeException("model.format", "a voice head needs featureNorm SPEAKER_BINS: " + c);
            }
            if (c.prosodyHead() != null && (c.voiceHead() == null || !c.prosody()
                    || !c.prosodyHead().matches("[A-Za-z0-9._-]+"))) {
                // it reads the pitch rows and shares the voice head's fused calibration
                throw new ModelRuntimeException("model.format", "a prosody head needs the pitch track and a voice head: " + c);
            }
            return c;
        } catch (IOException e) {
            throw new ModelRuntimeException("model.format", "cannot read model.json: " + io.emotrace.output.IoProblem.reason(e), e);
        }
    }

    /** Builds the network of {@code card} and fills it from the archive bytes; eval mode. */
    public static EmotionNet load(ModelCard card, byte[] weights) throws ModelRuntimeException {
        EmotionNet net = new EmotionNet(card.bins(), card.channels(), card.embDim(), card.blockCount());
        try (BytePointer data = new BytePointer(weights); InputArchive archive = new InputArchive()) {
            archive.load_from(data, weights.length);
            net.load(archive);
        } catch (RuntimeException e) {
            net.close();
            throw new ModelRuntimeException("model.load", "cannot load embedded emotion weights: " + e.getMessage(), e);
        }
        net.eval();
        return net;
    }

    public static byte[] resource(String name) throws ModelRuntimeException {
        return resource(RESOURCE_DIR, name);
    }

    /** {@code name} in the classpath folder {@code dir} (e.g. {@link #CALLS_RESOURCE_DIR}). */
    public static byte[] resource(String dir, String name) throws ModelRuntimeException {
        try (InputStream in = EmbeddedWeights.class.getClassLoader().getResourceAsStream(dir + name)) {
            if (in == null) {
                throw new ModelRuntimeException("model.missing", "classpath resource " + dir + name
                        + " not found (the emotrace-models jar ships it; train one with ./emotrace train emotion)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new ModelRuntimeException("model.load", "cannot read " + dir + name + ": " + io.emotrace.output.IoProblem.reason(e), e);
        }
    }

    /** Whether the classpath holds {@code name} in {@code dir}. */
    public static boolean hasResource(String dir, String name) {
        return EmbeddedWeights.class.getClassLoader().getResource(dir + name) != null;
    }

    public static byte[] file(Path p) throws ModelRuntimeException {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new ModelRuntimeException("model.missing", "cannot read " + p + ": " + io.emotrace.output.IoProblem.reason(e), e);
        }
    }
}
