package io.emotrace.emotion;

import io.emotrace.EmotraceException;
import io.emotrace.domain.Emotion;
import io.emotrace.emotion.embedded.EmbeddedEmotionModel;
import io.emotrace.emotion.embedded.EmbeddedWeights;
import io.emotrace.emotion.head.HeadedEmotionModel;
import io.emotrace.emotion.head.MlpHead;
import io.emotrace.pipeline.Availability;
import io.emotrace.pipeline.EmotionRecognizer;
import io.emotrace.pipeline.EmotionRecognizerFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;

/**
 * Finds an {@link EmotionModel} by the name users give to {@code --model}: an Emotion2Vec+ variant
 * ({@code seed}, {@code base}, {@code large}, {@code emotion2vec-plus-*}), a path to an Emotion2Vec+ .onnx export,
 * a folder with weights written by {@code train emotion} (model.pt, model.json), or the name of any registered {@link EmotionRecognizerFactory} whose recognizer wraps an EmotionModel (the
 * project's embedded model registers as {@code embedded}). Without a name the first available of
 * {@link #DEFAULT_ORDER} is used. Each call loads a fresh model: load once per process and keep it.
 */
public final class EmotionModels {
    /** Tried in this order when no model is named. */
    public static final List<String> DEFAULT_ORDER = List.of("embedded", "large", "base", "seed");

    private EmotionModels() {
    }

    /** Opens {@code name} (or the default when null), with {@code head} (an {@link MlpHead} file) when not null. */
    public static EmotionModel open(String name, Path head) throws EmotraceException {
        EmotionModel m = name == null ? openDefault() : open(name);
        if (head == null) {
            return m;
        }
        try {
            return new HeadedEmotionModel(m, MlpHead.load(head), head.getFileName().toString());
        } catch (EmotraceException | RuntimeException e) {
            m.close();
            throw e;
        }
    }

    public static EmotionModel open(String name) throws EmotraceException {
        if (isEmbeddedDir(name)) {
            // a folder written by 'train emotion' (model.pt + model.json), e.g. a variant trained without a corpus
            return EmbeddedEmotionModel.load(Path.of(name));
        }
        if (isEmotion2Vec(name)) {
            Emotion2VecFactory f = new Emotion2VecFactory(name, null, EnumSet.allOf(Emotion.class),
                    Emotion2VecOnnxRecognizer.Settings.defaults());
            Availability a = f.availability();
            if (!a.available()) {
                throw new EmotraceException("emotion.model.unavailable", "emotion model '" + name + "' is not available: "
                        + a.detail());
            }
            return f.createOnnx();
        }
        for (EmotionRecognizerFactory f : ServiceLoader.load(EmotionRecognizerFactory.class)) {
            if (!f.name().equalsIgnoreCase(name)) {
                continue;
            }
            Availability a = f.availability();
            if (!a.available()) {
                throw new EmotraceException("emotion.model.unavailable", "emotion model '" + name + "' is not available: "
                        + a.detail());
            }
            EmotionRecognizer r = f.create();
            if (r instanceof EmotionModelRecognizer emr) {
                return emr.model();
            }
            r.close();
            throw new EmotraceException("emotion.model.kind", "'" + name + "' is a pipeline recognizer without "
                    + "embeddings; the emotion command needs an EmotionModel backend");
        }
        throw new EmotraceException("emotion.model.unknown", "no emotion model named '" + name + "'; known: "
                + String.join(", ", known()) + ", or a path to an Emotion2Vec+ .onnx export");
    }

    /** The first available model of {@link #DEFAULT_ORDER}; the error lists why each one is not. */
    public static EmotionModel openDefault() throws EmotraceException {
        List<String> why = new ArrayList<>();
        for (String n : DEFAULT_ORDER) {
            Availability a = availability(n);
            if (a.available()) {
                return open(n);
            }
            why.add(n + ": " + a.detail());
        }
        throw new EmotraceException("emotion.model.unavailable", "no emotion model is available here. "
                + String.join(" | ", why));
    }

    public static Availability availability(String name) {
        if (isEmbeddedDir(name)) {
            return Availability.yes("embedded model weights in " + name);
        }
        if (isEmotion2Vec(name)) {
            return new Emotion2VecFactory(name, null, EnumSet.allOf(Emotion.class),
                    Emotion2VecOnnxRecognizer.Settings.defaults()).availability();
        }
        for (EmotionRecognizerFactory f : ServiceLoader.load(EmotionRecognizerFactory.class)) {
            if (f.name().equalsIgnoreCase(name)) {
                return f.availability();
            }
        }
        return Availability.no("not registered in this build");
    }

    /** Names users can pass, with the registered factories. */
    public static List<String> known() {
        List<String> out = new ArrayList<>(List.of("seed", "base", "large"));
        for (EmotionRecognizerFactory f : ServiceLoader.load(EmotionRecognizerFactory.class)) {
            if (Emotion2VecFactory.manifestName(f.name()) == null && !out.contains(f.name())) {
                out.add(f.name());
            }
        }
        return out;
    }

    static boolean isEmbeddedDir(String name) {
        Path p = Path.of(name);
        return Files.isDirectory(p) && Files.isRegularFile(p.resolve(EmbeddedWeights.CARD))
                && Files.isRegularFile(p.resolve(EmbeddedWeights.WEIGHTS));
    }

    static boolean isEmotion2Vec(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return Emotion2VecFactory.manifestName(n) != null || n.endsWith(".onnx")
                || (n.contains("/") && Files.exists(Path.of(name)));
    }
}
