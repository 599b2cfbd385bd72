package io.emotrace.vad;

import io.emotrace.EmotraceException;
import io.emotrace.SharedData;
import io.emotrace.models.ModelException;
import io.emotrace.models.ModelStore;
import io.emotrace.pipeline.Availability;
import io.emotrace.runtime.OnnxModel;
import java.nio.file.Path;

/** Silero VAD v5 from the model cache (the build fetches it from npm); unavailable with the fix when missing. */
public final class SileroVadFactory implements VadFactory {
    public static final String MODEL = "silero-vad-v5";

    private final ModelStore explicitStore;

    /** ServiceLoader constructor: the default cache and shared folder, looked up on each call. */
    public SileroVadFactory() {
        this(null);
    }

    SileroVadFactory(ModelStore store) {
        this.explicitStore = store;
    }

    @Override
    public String name() {
        return MODEL;
    }

    private ModelStore store() {
        return explicitStore != null ? explicitStore : ModelStore.withDefaults(SharedData.root());
    }

    @Override
    public Availability availability() {
        try {
            Path p = store().resolve(MODEL);
            return Availability.yes("Silero VAD v5 at " + p);
        } catch (ModelException e) {
            return Availability.no(e.getMessage());
        }
    }

    @Override
    public VoiceActivityDetector create() throws EmotraceException {
        Path p = store().resolve(MODEL);
        // A 2 MB recurrent model run on 32 ms chunks: one intra-op thread beats a thread pool's hand-offs.
        OnnxModel model = OnnxModel.load(p, new OnnxModel.Options(1, false, 0,
                org.bytedeco.onnxruntime.global.onnxruntime.ORT_ENABLE_ALL));
        try {
            return new SileroVad(model, SileroVad.Settings.defaults());
        } catch (EmotraceException | RuntimeException e) {
            model.close();
            throw e;
        }
    }
}
