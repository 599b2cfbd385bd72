package io.emotrace.emotion.embedded;

import io.emotrace.EmotraceException;
import io.emotrace.emotion.ClipEmotion;
import io.emotrace.emotion.EmotionModel;
import io.emotrace.features.FeatureExtractor;
import io.emotrace.features.FeatureExtractors;
import io.emotrace.features.MelConfig;
import io.emotrace.pipeline.Emotion;
import io.emotrace.pipeline.EmotionEstimate;
import io.emotrace.runtime.Accelerators;
import io.emotrace.runtime.ModelRuntimeException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * The project's own emotion model ("embedded"): {@link EmotionNet} weights trained by
 * {@code ./emotrace train emotion}, run on CPU LibTorch. Clips pass {@link SignalGate} first ({@code unknown}
 * with a reason otherwise); the softmax runs over the 7 emotions the corpora label, and a top probability
 * under the calibrated {@link ModelCard#otherBelow()} gives {@code other} with confidence 1 - top.
 * On a machine where LibTorch sees a GPU the network runs on cuda:0 (fbank stays on the CPU kernel).
 * Embeddings: frames (T, D) at 50 frames/s from the last convolution, utterance = their mean (as FunASR's
 * {@code granularity="utterance"}). Frame scores come from the network's 1x1 frame head.
 *
 * <p>Thread-safe: the network is in eval mode and every call makes its own tensors under no-grad.
 */
public final class EmbeddedEmotionModel implements EmotionModel {
    public static final String NAME = "embedded";
    private static final int SAMPLE_RATE = 16_000;

    private final EmotionNet net;
    private final ModelCard card;
    private final FeatureExtractor fbank;
    private final String source;
    private final float[] runtimeMask = CorpusLabels.logitMask(CorpusLabels.PREDICTED);
    private final Device device; // null: CPU
    private volatile boolean closed;

    private EmbeddedEmotionModel(EmotionNet net, ModelCard card, String source, boolean preferCuda) {
        this.net = net;
        this.card = card;
        this.source = source;
        this.fbank = FeatureExtractors.cpu(MelConfig.kaldiFbank80(), 1);
        this.device = preferCuda && Accelerators.torchCuda().usable() ? new Device("cuda:0") : null;
        if (device != null) {
            net.to(device, false);
        }
    }

    /** The committed default weights from the classpath ({@code trained/emotion-embedded/}). */
    public static EmbeddedEmotionModel loadDefault() throws ModelRuntimeException {
        ModelCard card = EmbeddedWeights.readCard(EmbeddedWeights.resource(EmbeddedWeights.CARD));
        return create(card, EmbeddedWeights.resource(EmbeddedWeights.WEIGHTS), "classpath:" + EmbeddedWeights.RESOURCE_DIR);
    }

    /** Weights written by the trainer into {@code dir} (model.pt + model.json). */
    public static EmbeddedEmotionModel load(Path dir) throws ModelRuntimeException {
        ModelCard card = EmbeddedWeights.readCard(EmbeddedWeights.file(dir.resolve(EmbeddedWeights.CARD)));
        return create(card, EmbeddedWeights.file(dir.resolve(EmbeddedWeights.WEIGHTS)), dir.toString());
    }

    private static EmbeddedEmotionModel create(ModelCard card, byte[] weights, String source) throws ModelRuntimeException {
        try {
            return new EmbeddedEmotionModel(EmbeddedWeights.load(card, weights), card, source, true);
        } catch (UnsatisfiedLinkError e) {
            throw new ModelRuntimeException("runtime.torch.unavailable", "LibTorch could not be loaded: " + e, e);
        }
    }

    public ModelCard card() {
        return card;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int embeddingDim() {
        return card.embDim();
    }

    @Override
    public double frameRate() {
        return card.frameRate();
    }

    @Override
    public double minSeconds() {
        return SignalGate.MIN_SECONDS;
    }

    @Override
    public List<ClipEmotion> analyse(List<float[]> clips, boolean keepFrames) throws EmotraceException {
        if (closed) {
            throw new ModelRuntimeException("model.closed", "embedded emotion model is closed");
        }
        List<ClipEmotion> out = new ArrayList<>(clips.size());
        for (float[] clip : clips) {
            String reason = SignalGate.reject(clip, SAMPLE_RATE);
            out.add(reason != null ? unknown(reason) : run(clip, keepFrames));
        }
        return out;
    }

    static ClipEmotion unknown(String reason) {
        Map<Emotion, Double> scores = new EnumMap<>(Emotion.class);
        for (Emotion e : Emotion.values()) {
            scores.put(e, e == Emotion.UNKNOWN ? 1.0 : 0.0);
        }
        return new ClipEmotion(new EmotionEstimate(Emotion.UNKNOWN, 1.0, scores), reason, 0, 0, null, null, null);
    }

    private ClipEmotion run(float[] clip, boolean keepFrames) throws ModelRuntimeException {
        int bins = card.bins();
        float[] feats = fbank.compute(clip);
        int t = feats.length / bins;
        float[] x = FbankPrep.toChannels(feats, t, bins);
        try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            Tensor in = onDevice(torch.from_blob(new FloatPointer(x), 1, bins, t));
            EmotionNet.Output o = net.forward(in, 0);
            Tensor mask = onDevice(torch.from_blob(new FloatPointer(runtimeMask), 1, EmotionNet.CLASSES));
            float[] probs = floats(o.logits().add(mask).softmax(1).contiguous(), EmotionNet.CLASSES);
            Tensor frames = o.frames().squeeze(0).transpose(0, 1).contiguous(); // (T', D)
            int tf = (int) frames.size(0);
            int d = (int) frames.size(1);
            float[] emb = floats(frames.mean(new long[] {0}, false, new org.bytedeco.pytorch.ScalarTypeOptional()).contiguous(), d);
            float[] frameFeat = null;
            float[] frameScores = null;
            if (keepFrames) {
                frameFeat = floats(frames, tf * d);
                Tensor fl = o.frameLogits().squeeze(0).transpose(0, 1).add(mask).softmax(1).contiguous(); // (T', 9)
                frameScores = floats(fl, tf * EmotionNet.CLASSES);
            }
            return new ClipEmotion(estimate(probs), null, tf, d, emb, frameFeat, frameScores);
        } catch (RuntimeException e) {
            throw new ModelRuntimeException("model.run", "embedded emotion model failed: " + e.getMessage(), e);
        }
    }

    /** 7-class probabilities to the 9-class answer, with {@code other} under the calibrated bound. */
    EmotionEstimate estimate(float[] probs) {
        EmotionEstimate top = EmotionEstimate.fromScores(probs);
        if (top.confidence() >= card.otherBelow()) {
            return top;
        }
        return new EmotionEstimate(Emotion.OTHER, 1.0 - top.confidence(), top.scores());
    }

    private Tensor onDevice(Tensor t) {
        return device == null ? t : t.to(device, torch.ScalarType.Float);
    }

    private static float[] floats(Tensor t, int n) {
        float[] a = new float[n];
        t.cpu().contiguous().data_ptr_float().capacity(n).get(a);
        return a;
    }

    @Override
    public String describe() {
        return "embedded emotion CNN (" + card.origin() + "; " + source + ", LibTorch " + (device == null ? "cpu" : "cuda:0")
                + ", other below "
                + String.format(java.util.Locale.ROOT, "%.2f", card.otherBelow()) + ")";
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            net.close();
            fbank.close();
            if (device != null) {
                device.close();
            }
        }
    }
}
