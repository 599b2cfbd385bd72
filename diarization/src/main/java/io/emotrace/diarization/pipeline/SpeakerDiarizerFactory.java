package io.emotrace.diarization.pipeline;

import io.emotrace.EmotraceException;
import io.emotrace.SharedData;
import io.emotrace.diarization.clustering.SpeakerCount;
import io.emotrace.diarization.embedding.SpeakerEmbedder;
import io.emotrace.diarization.embedding.SpeakerEmbedderFactory;
import io.emotrace.models.ModelException;
import io.emotrace.models.ModelStore;
import io.emotrace.pipeline.Availability;
import io.emotrace.pipeline.Diarizer;
import io.emotrace.pipeline.DiarizerFactory;
import io.emotrace.runtime.OnnxModel;
import io.emotrace.segmentation.PyannoteSegmentation;
import io.emotrace.vad.SileroVadFactory;
import io.emotrace.vad.VoiceActivityDetector;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Builds {@link SpeakerDiarizer}s: the first available speaker-embedding provider (ServiceLoader, or the one
 * named), pyannote segmentation-3.0 from the model store when present (else the VAD + embedding path), and Silero
 * VAD. Registered for {@code ./emotrace analyze}; the {@code diarize} CLI builds one with its own options.
 */
public final class SpeakerDiarizerFactory implements DiarizerFactory {
    public static final String SEGMENTATION_MODEL = "pyannote-segmentation-3.0";
    private static final int SEGMENTATION_BATCH = 8;

    private final DiarizationSettings settings;
    private final SpeakerCount count;
    private final String embedderName;
    private final List<SpeakerEmbedderFactory> embedders;

    /** ServiceLoader constructor: defaults, automatic speaker count, embedders from the classpath. */
    public SpeakerDiarizerFactory() {
        this(DiarizationSettings.defaults(), SpeakerCount.AUTO, null, null);
    }

    /**
     * @param embedderName provider to use, or null for the first available
     * @param embedders    providers to choose from, or null to discover them with ServiceLoader
     */
    public SpeakerDiarizerFactory(DiarizationSettings settings, SpeakerCount count, String embedderName,
                                  List<SpeakerEmbedderFactory> embedders) {
        this.settings = settings;
        this.count = count;
        this.embedderName = embedderName;
        this.embedders = embedders;
    }

    @Override
    public String name() {
        return "speaker-diarizer";
    }

    private List<SpeakerEmbedderFactory> embedderFactories() {
        if (embedders != null) {
            return embedders;
        }
        List<SpeakerEmbedderFactory> out = new ArrayList<>();
        try {
            ServiceLoader.load(SpeakerEmbedderFactory.class).forEach(out::add);
        } catch (ServiceConfigurationError | LinkageError e) {
            // a broken provider leaves the others usable; availability() reports when none is left
        }
        return out;
    }

    /** The chosen embedding provider, or a typed error listing why none is usable. */
    public SpeakerEmbedderFactory embedderFactory() throws EmotraceException {
        List<String> reasons = new ArrayList<>();
        List<SpeakerEmbedderFactory> all = embedderFactories();
        for (SpeakerEmbedderFactory f : all) {
            if (embedderName != null && !embedderName.equals(f.name())) {
                continue;
            }
            Availability a;
            try {
                a = f.availability();
            } catch (RuntimeException | LinkageError e) {
                a = Availability.no("availability check failed: " + e);
            }
            if (a.available()) {
                return f;
            }
            reasons.add(f.name() + ": " + a.detail());
        }
        if (embedderName != null && reasons.isEmpty()) {
            throw new EmotraceException("diarization.embedder_unknown", "no speaker embedder named '" + embedderName
                    + "' (known: " + all.stream().map(SpeakerEmbedderFactory::name).toList() + ")");
        }
        throw new EmotraceException("diarization.no_embedder", "no speaker-embedding model available"
                + (reasons.isEmpty() ? " (no provider on the classpath; the speaker-embedding issue adds one)"
                : ": " + String.join("; ", reasons)));
    }

    /** The pyannote segmentation model from the model store, with this many ONNX Runtime threads (0: per core). */
    public static PyannoteSegmentation loadSegmentation(int threads) throws EmotraceException {
        OnnxModel m = OnnxModel.load(store().resolve(SEGMENTATION_MODEL), OnnxModel.Options.cpu(threads));
        return new PyannoteSegmentation(m, SEGMENTATION_BATCH);
    }

    private static ModelStore store() {
        return ModelStore.withDefaults(SharedData.root());
    }

    @Override
    public Availability availability() {
        SpeakerEmbedderFactory emb;
        try {
            emb = embedderFactory();
        } catch (EmotraceException e) {
            return Availability.no(e.getMessage());
        }
        try {
            return Availability.yes("pyannote segmentation at " + store().resolve(SEGMENTATION_MODEL) + " + "
                    + emb.name() + " embeddings");
        } catch (ModelException e) {
            Availability vad = new SileroVadFactory().availability();
            return vad.available()
                    ? Availability.yes("VAD + embedding path (no overlap): " + e.getMessage())
                    : Availability.no("neither segmentation (" + e.getMessage() + ") nor VAD (" + vad.detail() + ")");
        }
    }

    @Override
    public Diarizer create() throws EmotraceException {
        return createDiarizer();
    }

    /** With the process's VAD (the engine set's; the diarizer's close() leaves it to its owner). */
    @Override
    public Diarizer create(VoiceActivityDetector sharedVad) throws EmotraceException {
        return build(true, sharedVad);
    }

    private int segmentationThreads;

    /** ONNX Runtime intra-op threads for segmentation (0, the default: one per physical core). Returns this. */
    public SpeakerDiarizerFactory segmentationThreads(int threads) {
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0");
        }
        this.segmentationThreads = threads;
        return this;
    }

    public SpeakerDiarizer createDiarizer() throws EmotraceException {
        return build(true, null);
    }

    /** The VAD + embedding path even when the segmentation model is present (for comparison and tests). */
    public SpeakerDiarizer createVadPathDiarizer() throws EmotraceException {
        return build(false, null);
    }

    private SpeakerDiarizer build(boolean useSegmentation, VoiceActivityDetector sharedVad) throws EmotraceException {
        SpeakerEmbedder embedder = embedderFactory().create();
        PyannoteSegmentation seg = null;
        VoiceActivityDetector vad = null;
        String missing = null;
        try {
            if (useSegmentation) {
                try {
                    seg = loadSegmentation(segmentationThreads);
                } catch (ModelException e) {
                    missing = e.getMessage();
                }
            } else {
                missing = "--no-segmentation";
            }
            SileroVadFactory vf = new SileroVadFactory();
            if (sharedVad != null) {
                vad = sharedVad; // borrowed: its close() is the owner's no-op view
            } else if (vf.availability().available()) {
                vad = vf.create();
            } else if (seg == null) {
                throw new EmotraceException("diarization.unavailable", "no segmentation model (" + missing
                        + ") and no VAD (" + vf.availability().detail() + ")");
            }
            return new SpeakerDiarizer(seg, vad, embedder, settings, count, missing);
        } catch (EmotraceException | RuntimeException e) {
            if (seg != null) {
                seg.close();
            }
            if (vad != null) {
                vad.close();
            }
            embedder.close();
            throw e;
        }
    }
}
