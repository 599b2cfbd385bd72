package io.emotrace.diarization.embedding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emotrace.Digests;
import io.emotrace.EmotraceException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.pytorch.InputArchive;
import org.bytedeco.pytorch.OutputArchive;

/**
 * The on-disk form of the project's speaker model: {@code model.json} (format tag, network shape, front end,
 * minimum clip length) and {@code model.pt} (a LibTorch archive of the network's parameters and buffers).
 */
public final class SpeakerModelFiles {
    public static final String FORMAT = "emotrace-speaker-net/1";
    public static final String JSON = "model.json";
    public static final String WEIGHTS = "model.pt";
    /** Where the committed model sits on the classpath (models/trained/speaker-embedding/). */
    public static final String CLASSPATH_DIR = "trained/speaker-embedding/";

    private static final ObjectMapper JSON_MAPPER = new ObjectMapper();

    /** What model.json says. */
    public record Description(SpeakerNetConfig config, double minSeconds, String frontEnd, String summary) {
    }

    private SpeakerModelFiles() {
    }

    public static void write(Path dir, SpeakerNet net, double minSeconds, String summary, Map<String, Object> extra)
            throws IOException {
        Files.createDirectories(dir);
        SpeakerNetConfig c = net.config();
        ObjectNode root = JSON_MAPPER.createObjectNode();
        root.put("format", FORMAT);
        ObjectNode cfg = root.putObject("network");
        cfg.put("melBins", c.melBins());
        cfg.put("channels", c.channels());
        cfg.putPOJO("dilations", c.dilations());
        cfg.put("mfaChannels", c.mfaChannels());
        cfg.put("attention", c.attention());
        cfg.put("embedDim", c.embedDim());
        cfg.put("frontStride", c.frontStride());
        if (c.cepstra() > 0) {
            cfg.put("cepstra", c.cepstra());
        }
        root.put("frontEnd", "kaldi-fbank80 povey 25/10 ms, samples x 32768, per-utterance mean normalisation");
        root.put("minSeconds", minSeconds);
        root.put("summary", summary);
        extra.forEach(root::putPOJO);
        Path tmpJson = dir.resolve(JSON + ".tmp");
        JSON_MAPPER.writerWithDefaultPrettyPrinter().writeValue(tmpJson.toFile(), root);
        Path tmpPt = dir.resolve(WEIGHTS + ".tmp");
        saveModule(net, tmpPt);
        Files.move(tmpPt, dir.resolve(WEIGHTS), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        Files.move(tmpJson, dir.resolve(JSON), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    public static void saveModule(org.bytedeco.pytorch.Module m, Path file) {
        try (OutputArchive archive = new OutputArchive()) {
            m.save(archive);
            archive.save_to(file.toAbsolutePath().toString());
        }
    }

    public static void loadModule(org.bytedeco.pytorch.Module m, Path file) {
        try (InputArchive archive = new InputArchive()) {
            archive.load_from(file.toAbsolutePath().toString());
            m.load(archive);
        }
    }

    static void loadModule(org.bytedeco.pytorch.Module m, byte[] data) {
        try (InputArchive archive = new InputArchive(); BytePointer p = new BytePointer(data)) {
            archive.load_from(p, data.length);
            m.load(archive);
        }
    }

    /** Names weights by {@code sha256:} and the first 16 hex digits of their SHA-256. */
    static String digest(byte[] weights) {
        return "sha256:" + Digests.sha256Hex(weights).substring(0, 16);
    }

    /** The network {@code d} describes, filled from the archive bytes, in eval mode (the caller closes it). */
    static SpeakerNet loadNet(Description d, byte[] weights, String origin) throws EmotraceException {
        SpeakerNet net;
        try {
            net = new SpeakerNet(d.config());
        } catch (UnsatisfiedLinkError e) {
            throw new EmotraceException("runtime.torch.unavailable", "LibTorch could not be loaded: " + e, e);
        }
        try {
            loadModule(net, weights);
            net.train(false);
            return net;
        } catch (RuntimeException e) {
            net.close();
            throw new EmotraceException("speaker.model.load", "cannot load speaker weights from " + origin + ": "
                    + e.getMessage(), e);
        }
    }

    public static Description describe(byte[] json) throws EmotraceException {
        try {
            JsonNode root = JSON_MAPPER.readTree(json);
            if (!FORMAT.equals(root.path("format").asText())) {
                throw new EmotraceException("speaker.model.format", "model.json is not " + FORMAT + ": "
                        + root.path("format").asText("(no format)"));
            }
            JsonNode n = root.path("network");
            int[] dil = JSON_MAPPER.convertValue(n.path("dilations"), int[].class);
            SpeakerNetConfig c = new SpeakerNetConfig(n.path("melBins").asInt(), n.path("channels").asInt(), dil,
                    n.path("mfaChannels").asInt(), n.path("attention").asInt(), n.path("embedDim").asInt(),
                    n.path("frontStride").asInt(1), n.path("cepstra").asInt(0));
            return new Description(c, root.path("minSeconds").asDouble(0.5), root.path("frontEnd").asText(),
                    root.path("summary").asText(""));
        } catch (IOException | IllegalArgumentException e) {
            throw new EmotraceException("speaker.model.format", "unreadable model.json: " + e.getMessage(), e);
        }
    }

    /** Bytes of the classpath resource {@code dir + name}, or null when absent. */
    static byte[] resource(String dir, String name) throws EmotraceException {
        try (InputStream in = SpeakerModelFiles.class.getClassLoader().getResourceAsStream(dir + name)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new EmotraceException("speaker.model.io", "cannot read " + dir + name + ": " + e.getMessage(), e);
        }
    }
}
