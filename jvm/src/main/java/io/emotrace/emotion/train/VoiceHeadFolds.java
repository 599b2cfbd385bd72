package io.emotrace.emotion.train;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emotrace.EmotraceException;
import io.emotrace.audio.FfmpegAudioDecoder;
import io.emotrace.domain.Emotion;
import io.emotrace.emotion.embedded.CorpusLabels;
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

/**
 * The {@link VoiceHead} in training and in the leave-one-corpus-out bench: every labelled clip's {@link VoiceStats}
 * (whole decoded clip), less its speaker's mean over all of that speaker's clips (as {@code SPEAKER_BINS} does for the
 * spectrum); per fold a head fitted on the training clips only, fused with the CNN's logits.
 */
final class VoiceHeadFolds {
    private final Map<Sample, float[]> normalised;
    private final String encoder;
    private final String description;

    private VoiceHeadFolds(Map<Sample, float[]> normalised, String encoder, String description) {
        this.normalised = normalised;
        this.encoder = encoder;
        this.description = description;
    }

    static VoiceHeadFolds compute(List<Sample> samples, PrintStream log) throws EmotraceException {
        long t0 = System.nanoTime();
        Map<Sample, float[]> raw = new IdentityHashMap<>();
        String encoder;
        String description;
        FfmpegAudioDecoder decoder = new FfmpegAudioDecoder();
        try (VoiceStats stats = VoiceStats.openDefault()) {
            encoder = stats.identity();
            description = stats.describe();
            for (Sample s : samples) {
                raw.put(s, stats.stats(decoder.decodeAll(s.utterance().file())));
            }
        }
        Map<String, List<Sample>> bySpeaker = new LinkedHashMap<>();
        for (Sample s : samples) {
            bySpeaker.computeIfAbsent(s.speaker(), k -> new ArrayList<>()).add(s);
        }
        Map<Sample, float[]> out = new IdentityHashMap<>();
        for (List<Sample> clips : bySpeaker.values()) {
            float[] mean = VoiceHead.mean(clips.stream().map(raw::get).toList());
            for (Sample s : clips) {
                out.put(s, minus(raw.get(s), mean));
            }
        }
        log.printf(Locale.ROOT, "voice head: %s statistics of %d clips (%d speakers) in %.0f s%n", description,
                samples.size(), bySpeaker.size(), (System.nanoTime() - t0) / 1e9);
        return new VoiceHeadFolds(out, encoder, description);
    }

    String describe() {
        return description + "; linear head on the statistics less the speaker's mean, fused "
                + VoiceHead.CNN_WEIGHT + " / " + (1 - VoiceHead.CNN_WEIGHT) + " with the CNN's log-probabilities";
    }

    /** A head fitted on {@code train}. */
    VoiceHead fit(List<Sample> train, String summary) {
        float[][] x = new float[train.size()][];
        Emotion[] y = new Emotion[train.size()];
        String[] group = new String[train.size()];
        List<Set<Emotion>> allowed = new ArrayList<>(train.size());
        for (int i = 0; i < x.length; i++) {
            Sample s = train.get(i);
            x[i] = normalised.get(s);
            y[i] = s.label();
            group[i] = s.corpus();
            allowed.add(CorpusLabels.classesOf(s.corpus()));
        }
        return new VoiceHead(VoiceHead.fit(x, y, allowed, group, encoder, summary));
    }

    /** The fold's logits fused with a head fitted on its training clips; the head's own figure goes in {@code out}. */
    LocoRun.FoldLogits fuse(List<Sample> train, List<Sample> valid, List<Sample> test, LocoRun.FoldLogits cnn,
            ObjectNode out) {
        long t0 = System.nanoTime();
        VoiceHead head = fit(train, "fold");
        float[][] alone = logProbs(head, test);
        LocoRun.FoldLogits fused = new LocoRun.FoldLogits(fused(head, cnn.validation(), logProbs(head, valid)),
                fused(head, cnn.test(), alone));
        out.put("head_alone_shared_4_ua", Math.round(LocoRun.shared4(alone, test).ua() * 10000) / 10000.0);
        out.put("head_seconds", Math.round((System.nanoTime() - t0) / 1e8) / 10.0);
        return fused;
    }

    /** Held-out logits of {@code test} fused with a head fitted on {@code train}. */
    float[][] fuse(List<Sample> train, List<Sample> test, float[][] cnn) {
        VoiceHead head = fit(train, "fold");
        return fused(head, cnn, logProbs(head, test));
    }

    private float[][] logProbs(VoiceHead head, List<Sample> clips) {
        float[] none = new float[head.weights().dim()]; // the speaker's mean is already removed
        float[][] out = new float[clips.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = head.logProbs(normalised.get(clips.get(i)), none);
        }
        return out;
    }

    private static float[][] fused(VoiceHead head, float[][] cnn, float[][] headLogProbs) {
        float[][] out = new float[cnn.length][];
        for (int i = 0; i < out.length; i++) {
            out[i] = head.fuse(cnn[i], headLogProbs[i]);
        }
        return out;
    }

    static float[] minus(float[] a, float[] b) {
        float[] d = new float[a.length];
        for (int j = 0; j < d.length; j++) {
            d[j] = a[j] - b[j];
        }
        return d;
    }
}
