package io.emotrace.emotion;

import io.emotrace.EmotraceException;
import io.emotrace.SharedData;
import io.emotrace.domain.Emotion;
import io.emotrace.models.ModelStore;
import io.emotrace.pipeline.Availability;
import io.emotrace.pipeline.EmotionRecognizer;
import io.emotrace.pipeline.EmotionRecognizerFactory;
import io.emotrace.runtime.OnnxModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Emotion2Vec+ from the model store ({@code seed}, {@code base}, {@code large}) or from a path to an .onnx
 * file. Unavailable, with the steps to get it, when the export or its classifier weights are missing.
 * The ServiceLoader instance reads the model from {@code -Demotrace.emotion2vec.model} or
 * {@code EMOTRACE_EMOTION2VEC_MODEL} (default {@code large}).
 */
public final class Emotion2VecFactory implements EmotionRecognizerFactory {
    public static final String DEFAULT_MODEL = "large";

    private final String model;
    private final ModelStore explicitStore;
    private final Set<Emotion> allowed;
    private final Emotion2VecOnnxRecognizer.Settings settings;

    public Emotion2VecFactory() {
        this(configuredModel(), null, EnumSet.allOf(Emotion.class), Emotion2VecOnnxRecognizer.Settings.defaults());
    }

    /**
     * @param model {@code seed}, {@code base}, {@code large}, a manifest name, or a path to an .onnx export
     * @param allowed classes the softmax runs over (FunASR versions differ: some mask all but angry, happy,
     *     neutral, sad and unknown); the others score 0
     */
    public Emotion2VecFactory(String model, ModelStore store, Set<Emotion> allowed, Emotion2VecOnnxRecognizer.Settings settings) {
        this.model = model;
        this.explicitStore = store;
        this.allowed = EnumSet.copyOf(allowed);
        this.settings = settings;
    }

    private static String configuredModel() {
        String p = System.getProperty("emotrace.emotion2vec.model");
        if (p == null || p.isBlank()) {
            p = System.getenv("EMOTRACE_EMOTION2VEC_MODEL");
        }
        return p == null || p.isBlank() ? DEFAULT_MODEL : p.strip();
    }

    /** The manifest entry for a variant name, or null when {@code model} is a path. */
    static String manifestName(String model) {
        String m = model.toLowerCase(Locale.ROOT);
        if (m.equals("seed") || m.equals("base") || m.equals("large")) {
            return "emotion2vec-plus-" + m;
        }
        return m.startsWith("emotion2vec-plus-") && !m.endsWith(".onnx") ? m : null;
    }

    @Override
    public String name() {
        String entry = manifestName(model);
        return entry != null ? entry : "emotion2vec:" + Path.of(model).getFileName();
    }

    private ModelStore store() {
        return explicitStore != null ? explicitStore : ModelStore.withDefaults(SharedData.root());
    }

    private Path onnxFile() throws EmotraceException {
        String entry = manifestName(model);
        if (entry == null) {
            Path p = Path.of(model);
            if (!Files.isRegularFile(p)) {
                throw new EmotraceException("model.missing", "Emotion2Vec ONNX file not found: " + p);
            }
            return p;
        }
        // the manifest's instructions already say where the classifier weights go
        return store().resolve(entry);
    }

    @Override
    public Availability availability() {
        try {
            Path p = onnxFile();
            if (!Files.isRegularFile(Emotion2VecHead.weightFile(p)) || !Files.isRegularFile(Emotion2VecHead.biasFile(p))) {
                return Availability.no("Emotion2Vec+ export found at " + p + " but not its classifier weights; save them with: "
                        + Emotion2VecHead.exportHint(p));
            }
            return Availability.yes("Emotion2Vec+ ONNX export at " + p);
        } catch (EmotraceException e) {
            return Availability.no(e.getMessage());
        }
    }

    @Override
    public EmotionRecognizer create() throws EmotraceException {
        return new EmotionModelRecognizer(createOnnx());
    }

    /** The concrete recognizer, for callers that want embeddings and frame features too. */
    public Emotion2VecOnnxRecognizer createOnnx() throws EmotraceException {
        Path p = onnxFile();
        Emotion2VecHead head = Emotion2VecHead.loadBeside(p, allowed);
        OnnxModel m = OnnxModel.load(p, OnnxModel.Options.defaults());
        try {
            return new Emotion2VecOnnxRecognizer(m, head, settings, name());
        } catch (EmotraceException | RuntimeException e) {
            m.close();
            throw e;
        }
    }
}
