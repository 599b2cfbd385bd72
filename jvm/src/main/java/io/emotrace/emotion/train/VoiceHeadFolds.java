package io.emotrace.emotion.train;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emotrace.EmotraceException;
import io.emotrace.audio.FfmpegAudioDecoder;
import io.emotrace.domain.Emotion;
import io.emotrace.emotion.embedded.CorpusLabels;
import io.emotrace.emotion.embedded.RowStats;
import io.emotrace.emotion.embedded.VoiceHead;
import io.emotrace.emotion.embedded.VoiceStats;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The {@link VoiceHead}s in training and in the leave-one-corpus-out bench: every labelled clip's {@link VoiceStats}
 * (whole decoded clip) and, for rows with the pitch track, its {@link RowStats} (the speech span the network reads),
 * each less its speaker's mean over all of that speaker's clips (as {@code SPEAKER_BINS} does for the spectrum); per
 * fold one head per input fitted on the training clips only, their answers averaged with the CNN's.
 */
final class VoiceHeadFolds {
    /** One head's input per clip, the speaker's mean already removed. */
    private record Input(String encoder, Map<Sample, float[]> normalised) {
    }

    private final List<Input> inputs;
    private final String description;

    private VoiceHeadFolds(List<Input> inputs, String description) {
        this.inputs = inputs;
        this.description = description;
    }

    /** {@code width}: values per row of the samples; with the pitch track the prosody head joins the voice head. */
    static VoiceHeadFolds compute(List<Sample> samples, int width, PrintStream log) throws EmotraceException {
        return compute(samples, width, log, false, false);
    }

    /**
     * As {@link #compute(List, int, PrintStream)}; {@code absolute} adds the same two heads on the statistics as they
     * are, the speaker's mean NOT removed (an experiment: a voice heard in one state only keeps that state there);
     * {@code rhythm} gives the prosody head {@link RowStats}' rhythm statistics too.
     */
    static VoiceHeadFolds compute(List<Sample> samples, int width, PrintStream log, boolean absolute, boolean rhythm)
            throws EmotraceException {
        return compute(samples, width, log, absolute, rhythm, UnaryOperator.identity());
    }

    /**
     * As {@link #compute(List, int, PrintStream, boolean, boolean)}, each clip's voice statistics read from its audio
     * passed through {@code channel} (clips whose rows were computed on the same channel's audio: the telephone line).
     */
    static VoiceHeadFolds compute(List<Sample> samples, int width, PrintStream log, boolean absolute, boolean rhythm,
            UnaryOperator<float[]> channel) throws EmotraceException {
        long t0 = System.nanoTime();
        Map<Sample, float[]> voice = new IdentityHashMap<>();
        String encoder;
        String description;
        FfmpegAudioDecoder decoder = new FfmpegAudioDecoder();
        try (VoiceStats stats = VoiceStats.openDefault()) {
            encoder = stats.identity();
            description = stats.describe();
            for (Sample s : samples) {
                voice.put(s, stats.stats(channel.apply(decoder.decodeAll(s.utterance().file()))));
            }
        }
        List<Input> inputs = new ArrayList<>();
        inputs.add(new Input(encoder, lessSpeakerMean(samples, voice)));
        if (width >= RowStats.MIN_WIDTH) {
            Map<Sample, float[]> rows = new IdentityHashMap<>();
            for (Sample s : samples) {
                rows.put(s, RowStats.of(s.fbank(), 0, s.frames(), width, rhythm));
            }
            String rowStats = rhythm ? VoiceHead.ROW_STATS_RHYTHM : VoiceHead.ROW_STATS;
            inputs.add(new Input(rowStats, lessSpeakerMean(samples, rows)));
            description += " and the rows' utterance statistics" + (rhythm ? " with their rhythm" : "") + " (prosody head)";
            if (absolute) {
                inputs.add(new Input(rowStats + "/absolute", rows));
            }
        }
        if (absolute) {
            inputs.add(1, new Input(encoder + "/absolute", voice));
            description += "; both also as they are, without removing the speaker's mean (absolute heads)";
        }
        log.printf(Locale.ROOT, "voice head: %s of %d clips in %.0f s%n", description, samples.size(),
                (System.nanoTime() - t0) / 1e9);
        return new VoiceHeadFolds(inputs, description);
    }

    static Map<Sample, float[]> lessSpeakerMean(List<Sample> samples, Map<Sample, float[]> raw) {
        Map<String, List<Sample>> bySpeaker = new LinkedHashMap<>();
        for (Sample s : samples) {
            bySpeaker.computeIfAbsent(s.speaker(), k -> new ArrayList<>()).add(s);
        }
        Map<Sample, float[]> out = new IdentityHashMap<>();
        for (List<Sample> clips : bySpeaker.values()) {
            float[] mean = mean(clips.stream().map(raw::get).toList());
            for (Sample s : clips) {
                out.put(s, minus(raw.get(s), mean));
            }
        }
        return out;
    }

    String describe() {
        return "linear heads on " + description + ", each less the speaker's mean; their log-probabilities averaged "
                + "with the CNN's";
    }

    /**
     * The heads of the last {@link #fit}: a fold's heads are fitted once though its answers as recorded, through the
     * line and of its calls model all read them (the runs never change a training list after passing it).
     */
    private List<Sample> fittedOn;
    private String fittedSummary;
    private List<VoiceHead> fitted;

    /** One head per input fitted on {@code train}, in the order of the inputs (the voice head first). */
    List<VoiceHead> fit(List<Sample> train, String summary) {
        if (train == fittedOn && summary.equals(fittedSummary)) {
            return fitted;
        }
        fitted = fitHeads(train, summary);
        fittedOn = train;
        fittedSummary = summary;
        return fitted;
    }

    private List<VoiceHead> fitHeads(List<Sample> train, String summary) {
        Emotion[] y = new Emotion[train.size()];
        String[] group = new String[train.size()];
        List<Set<Emotion>> allowed = new ArrayList<>(train.size());
        for (int i = 0; i < y.length; i++) {
            Sample s = train.get(i);
            y[i] = s.label();
            group[i] = s.corpus();
            allowed.add(CorpusLabels.classesOf(s.corpus()));
        }
        List<VoiceHead> heads = new ArrayList<>();
        for (Input in : inputs) {
            float[][] x = new float[train.size()][];
            for (int i = 0; i < x.length; i++) {
                x[i] = in.normalised().get(train.get(i));
            }
            heads.add(new VoiceHead(VoiceHead.fit(x, y, allowed, group, in.encoder(), summary)));
        }
        return heads;
    }

    /** The fold's logits fused with heads fitted on its training clips; each head's own figure goes in {@code out}. */
    LocoRun.FoldLogits fuse(List<Sample> train, List<Sample> valid, List<Sample> test, LocoRun.FoldLogits cnn,
            ObjectNode out) {
        return fuse(train, valid, test, cnn, out, null);
    }

    /**
     * As {@link #fuse(List, List, List, LocoRun.FoldLogits, ObjectNode)}; with {@code dump} (a file prefix) also writes
     * each answer of every validation and held-out clip ({@code PREFIX-valid.npy}, {@code PREFIX-test.npy}: per clip
     * the corpus index in {@link io.emotrace.emotion.embedded.CorpusLabels#LOCO_CORPORA}, the label's ordinal, the
     * CNN's logits, then each head's log-probabilities), for calibration studies outside the product.
     */
    LocoRun.FoldLogits fuse(List<Sample> train, List<Sample> valid, List<Sample> test, LocoRun.FoldLogits cnn,
            ObjectNode out, java.nio.file.Path dump) {
        long t0 = System.nanoTime();
        List<VoiceHead> heads = fit(train, "fold");
        List<float[][]> alone = logProbs(heads, test);
        List<float[][]> validHeads = logProbs(heads, valid);
        if (dump != null) {
            write(dump.resolveSibling(dump.getFileName() + "-valid.npy"), valid, cnn.validation(), validHeads);
            write(dump.resolveSibling(dump.getFileName() + "-test.npy"), test, cnn.test(), alone);
        }
        LocoRun.FoldLogits fused = new LocoRun.FoldLogits(fused(cnn.validation(), validHeads),
                fused(cnn.test(), alone));
        for (int k = 0; k < heads.size(); k++) {
            out.put(inputs.get(k).encoder().endsWith("/absolute") ? "absolute_" + k + "_head_alone_shared_4_ua"
                    : (k == 0 ? "voice" : "prosody") + "_head_alone_shared_4_ua",
                    Math.round(LocoRun.shared4(alone.get(k), test).ua() * 10000) / 10000.0);
        }
        out.put("head_seconds", Math.round((System.nanoTime() - t0) / 1e8) / 10.0);
        return fused;
    }

    private static void write(java.nio.file.Path file, List<Sample> clips, float[][] cnn, List<float[][]> heads) {
        if (clips.isEmpty()) {
            return; // a fold without validation clips: nothing to write
        }
        int cols = 2 + cnn[0].length * (1 + heads.size());
        float[] rows = new float[clips.size() * cols];
        for (int i = 0; i < clips.size(); i++) {
            int at = i * cols;
            rows[at++] = io.emotrace.emotion.embedded.CorpusLabels.LOCO_CORPORA.indexOf(clips.get(i).corpus());
            rows[at++] = clips.get(i).label().ordinal();
            System.arraycopy(cnn[i], 0, rows, at, cnn[i].length);
            at += cnn[i].length;
            for (float[][] h : heads) {
                System.arraycopy(h[i], 0, rows, at, h[i].length);
                at += h[i].length;
            }
        }
        try {
            io.emotrace.output.NpyWriter.write(file, rows, clips.size(), cols);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Held-out logits of {@code test} fused with heads fitted on {@code train}. */
    float[][] fuse(List<Sample> train, List<Sample> test, float[][] cnn) {
        return fused(cnn, logProbs(fit(train, "fold"), test));
    }

    private List<float[][]> logProbs(List<VoiceHead> heads, List<Sample> clips) {
        return logProbs(heads, clips, inputs.stream().map(Input::normalised).toList());
    }

    /** Each head's log-probabilities of {@code clips}, head k reading its input from {@code normalised.get(k)}. */
    private static List<float[][]> logProbs(List<VoiceHead> heads, List<Sample> clips,
            List<Map<Sample, float[]>> normalised) {
        List<float[][]> out = new ArrayList<>();
        for (int k = 0; k < heads.size(); k++) {
            VoiceHead head = heads.get(k);
            float[] none = new float[head.weights().dim()]; // the speaker's mean is already removed
            float[][] lp = new float[clips.size()][];
            for (int i = 0; i < lp.length; i++) {
                lp[i] = head.logProbs(normalised.get(k).get(clips.get(i)), none);
            }
            out.add(lp);
        }
        return out;
    }

    /**
     * The fused answer on clips whose statistics {@code heard} holds (the held-out corpus through a telephone line,
     * {@link #compute(List, int, PrintStream, boolean, boolean, UnaryOperator)}), read by heads fitted on {@code train}'s
     * statistics here: heads trained on recordings judging a call. Not for absolute heads.
     */
    float[][] fuseReading(List<Sample> train, VoiceHeadFolds heard, List<Sample> clips, float[][] cnn) {
        if (inputs.size() != heard.inputs.size()
                || inputs.stream().anyMatch(in -> in.encoder().endsWith("/absolute"))) {
            throw new IllegalStateException("the heads and the heard statistics differ in their inputs");
        }
        for (int k = 0; k < inputs.size(); k++) {
            if (!inputs.get(k).encoder().equals(heard.inputs.get(k).encoder())) {
                throw new IllegalStateException("head " + k + " reads " + inputs.get(k).encoder() + ", the heard clips have "
                        + heard.inputs.get(k).encoder());
            }
        }
        return fused(cnn, logProbs(fit(train, "fold"), clips, heard.inputs.stream().map(Input::normalised).toList()));
    }

    private static float[][] fused(float[][] cnn, List<float[][]> heads) {
        float[][] out = new float[cnn.length][];
        for (int i = 0; i < out.length; i++) {
            List<float[]> h = new ArrayList<>(heads.size());
            for (float[][] lp : heads) {
                h.add(lp[i]);
            }
            out[i] = VoiceHead.fuse(cnn[i], h);
        }
        return out;
    }

    /** The element-wise mean of some statistics (a speaker's mean over that speaker's clips). */
    static float[] mean(List<float[]> stats) {
        float[] m = new float[stats.get(0).length];
        double[] s = new double[m.length];
        for (float[] x : stats) {
            for (int j = 0; j < s.length; j++) {
                s[j] += x[j];
            }
        }
        for (int j = 0; j < m.length; j++) {
            m[j] = (float) (s[j] / stats.size());
        }
        return m;
    }

    static float[] minus(float[] a, float[] b) {
        float[] d = new float[a.length];
        for (int j = 0; j < d.length; j++) {
            d[j] = a[j] - b[j];
        }
        return d;
    }
}
