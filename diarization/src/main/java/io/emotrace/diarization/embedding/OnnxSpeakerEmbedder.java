package io.emotrace.diarization.embedding;

import io.emotrace.EmotraceException;
import io.emotrace.features.MelConfig;
import io.emotrace.features.WindowType;
import io.emotrace.runtime.OnnxModel;
import io.emotrace.runtime.TensorData;
import io.emotrace.runtime.TensorInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A user-provided pretrained speaker model in ONNX with the 3D-Speaker CAM++ / WeSpeaker signature: one float32
 * input [B, T, 80] of Kaldi fbank with per-utterance mean normalisation (WeSpeaker exports call it {@code feats},
 * 3D-Speaker exports {@code feature} or {@code x}), one float32 output [B, D] (WeSpeaker: {@code embs}).
 * The front end follows the model family: WeSpeaker computes fbank with a Hamming window, 3D-Speaker with Kaldi's
 * default povey window; both on samples scaled to 16-bit range, no dither. The window is chosen from the input
 * name ({@code feats} = WeSpeaker) unless given explicitly.
 *
 * <p>Only clips with the same frame count share a run (no padding, which would change the pooling statistics).
 * Output is L2-normalised here. Thread-safe: ORT sessions allow concurrent runs.
 */
public final class OnnxSpeakerEmbedder implements SpeakerEmbedder {
    public static final String NAME = "onnx";
    static final int MAX_BATCH = 32;
    static final double MIN_SECONDS = 0.5;

    private final OnnxModel model;
    private final SpeakerFbank fbank;
    private final String input;
    private final String output;
    private final int dim;
    private final WindowType window;
    private final int minFrames;

    /** Takes ownership of {@code model}; {@code window} null = chosen from the input name. */
    public OnnxSpeakerEmbedder(OnnxModel model, WindowType window) throws EmotraceException {
        this.model = model;
        List<TensorInfo> ins = model.inputs();
        List<TensorInfo> outs = model.outputs();
        if (ins.size() != 1 || outs.isEmpty()) {
            throw signature("expected one input and at least one output");
        }
        TensorInfo in = ins.get(0);
        TensorInfo out = outs.get(0);
        if (!"float32".equals(in.elementType()) || in.shape().length != 3 || !"float32".equals(out.elementType())
                || out.shape().length != 2) {
            throw signature("expected float32 [B, T, 80] in and float32 [B, D] out");
        }
        long bins = in.shape()[2];
        if (bins > 0 && bins != 80) {
            throw signature("input has " + bins + " feature bins, the CAM++ / WeSpeaker front end has 80");
        }
        this.input = in.name();
        this.output = out.name();
        this.dim = (int) out.shape()[1];
        this.window = window != null ? window : "feats".equals(input) ? WindowType.HAMMING : WindowType.POVEY;
        MelConfig c = this.window == WindowType.HAMMING ? SpeakerFbank.kaldiHamming() : SpeakerFbank.kaldiPovey();
        this.fbank = new SpeakerFbank(c, 1);
        this.minFrames = fbank.frameCount((int) (MIN_SECONDS * SpeakerFbank.SAMPLE_RATE));
    }

    private EmotraceException signature(String why) {
        String msg = "not a CAM++ / WeSpeaker speaker-embedding ONNX model (" + why + "): inputs " + model.inputs()
                + ", outputs " + model.outputs();
        model.close();
        return new EmotraceException("speaker.model.signature", msg);
    }

    /** Loads an ONNX file on the CPU (or CUDA when ORT has it), window from the input name. */
    public static OnnxSpeakerEmbedder load(Path file) throws EmotraceException {
        return new OnnxSpeakerEmbedder(OnnxModel.load(file), null);
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Declared embedding size; -1 when the model leaves it dynamic (known after the first run). */
    @Override
    public int dim() {
        return dim;
    }

    @Override
    public double minSeconds() {
        return MIN_SECONDS;
    }

    public WindowType window() {
        return window;
    }

    @Override
    public float[][] embed(List<float[]> clips) throws EmotraceException {
        float[][] out = new float[clips.size()][];
        SpeakerFbank.Batches batches = fbank.batches(clips, minFrames);
        List<float[]> feats = batches.features();
        Map<Integer, List<Integer>> byFrames = batches.byFrames();
        int bins = fbank.bins();
        for (Map.Entry<Integer, List<Integer>> e : byFrames.entrySet()) {
            int frames = e.getKey();
            List<Integer> idx = e.getValue();
            for (int from = 0; from < idx.size(); from += MAX_BATCH) {
                List<Integer> part = idx.subList(from, Math.min(idx.size(), from + MAX_BATCH));
                float[] x = new float[part.size() * frames * bins];
                for (int k = 0; k < part.size(); k++) {
                    System.arraycopy(feats.get(part.get(k)), 0, x, k * frames * bins, frames * bins);
                }
                TensorData y = model.run(Map.of(input, TensorData.of(x, part.size(), frames, bins)), output).get(output);
                long[] shape = y.shape();
                if (shape.length != 2 || shape[0] != part.size() || (dim > 0 && shape[1] != dim)) {
                    throw new EmotraceException("speaker.model.output", "model output '" + output + "' has shape "
                            + Arrays.toString(shape) + ", expected [" + part.size() + ", " + (dim > 0 ? dim : "D") + "]");
                }
                int d = (int) shape[1];
                float[] all = y.floats();
                for (int k = 0; k < part.size(); k++) {
                    out[part.get(k)] = ProjectSpeakerEmbedder.l2(all, k * d, d);
                }
            }
        }
        return out;
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "ONNX speaker model %s (%s -> %s, %s window fbank) on %s",
                model.file().getFileName(), input, output, window.name().toLowerCase(Locale.ROOT), model.provider());
    }

    @Override
    public void close() {
        model.close();
        fbank.close();
    }
}
