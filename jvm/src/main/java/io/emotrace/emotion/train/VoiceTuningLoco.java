package io.emotrace.emotion.train;

import io.emotrace.emotion.embedded.CorpusLabels;
import io.emotrace.emotion.embedded.FeatureNorm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Leave-one-corpus-out measurement of {@link VoiceEncoderTuner} (an experiment, outside the product): per held-out
 * corpus the speaker network tuned on every other corpus's clips (LOCO's validation speakers left out, as the bench
 * does), its held-out answers written as {@code tuned-CORPUS-test.npy} (corpus index, label, 9 logits per clip, in the
 * order of {@code bench emotion --loco --dump-answers}' files) and its 4-class UA printed.
 *
 * <p>{@code ./emotrace bench emotion --loco --voice-tuning --out DIR}; {@code models/tools/voice-tuning-fusion.py} fuses
 * the answers with a {@code --dump-answers} run's (docs/emotion.md, "The speaker network tuned on emotion").
 */
public final class VoiceTuningLoco {
    private VoiceTuningLoco() {
    }

    /**
     * Runs the measurement: {@code folds} held out in turn, {@code epochs} of the tuning recipe with the encoder's rate
     * {@code encoderLr}; {@code speakerGroup} > 1 trains on groups of that many clips of one speaker with the group's
     * mean statistics removed (and judges each held-out clip less its speaker's mean); {@code clipMean}: the network
     * reads each crop less its own mean (as the speaker network does) instead of less the speaker's mean spectrum.
     */
    public static void run(Path dataRoot, Path out, List<String> folds, int epochs, double encoderLr, int speakerGroup,
            boolean clipMean, java.io.PrintStream log) throws java.io.IOException, io.emotrace.EmotraceException {
        List<String> corpora = CorpusLabels.LOCO_CORPORA;
        VoiceEncoderTuner.Recipe r = recipe(epochs, encoderLr, speakerGroup, clipMean);
        Files.createDirectories(out);
        long t0 = System.nanoTime();
        List<Sample> samples = LabelledClips.load(new LabelledClips.Request(dataRoot, corpora, FeatureCache.defaultDir(),
                1, 0, FeatureNorm.SPEAKER_BINS, true, true), source -> { });
        Set<String> val = LocoRun.validationSpeakers(samples);
        int width = LabelledClips.width(true);
        log.printf(Locale.ROOT, "voice tuning %s: %d clips loaded in %.0f s, %d validation speakers%n", r,
                samples.size(), (System.nanoTime() - t0) / 1e9, val.size());
        double sum = 0;
        for (String h : folds) {
            List<Sample> train = new ArrayList<>();
            List<Sample> test = new ArrayList<>();
            for (Sample s : samples) {
                if (s.corpus().equals(h)) {
                    test.add(s);
                } else if (!val.contains(s.speaker())) {
                    train.add(s);
                }
            }
            long tf = System.nanoTime();
            try (VoiceEncoderTuner.Tuned t = new VoiceEncoderTuner(r, log).train(train, width)) {
                float[][] l = VoiceEncoderTuner.logits(t, test, width, r.speakerGroup() > 1, r.clipMean());
                write(out.resolve("tuned-" + h + "-test.npy"), corpora.indexOf(h), test, l);
                double ua = LocoRun.shared4(l, test).ua();
                sum += ua;
                float[][] hl = refittedHead(t, train, test, width, r.clipMean());
                write(out.resolve("tunedhead-" + h + "-test.npy"), corpora.indexOf(h), test, hl);
                log.printf(Locale.ROOT, "  %s: tuned voice network alone 4-class UA %.3f, linear head on its "
                        + "statistics less the speaker's mean %.3f (%.0f s)%n", h, ua, LocoRun.shared4(hl, test).ua(),
                        (System.nanoTime() - tf) / 1e9);
            }
        }
        log.printf(Locale.ROOT, "mean 4-class UA over %d folds %.3f%n", folds.size(), sum / folds.size());
    }

    /**
     * The same tuning judged as {@code train emotion} judges its recipe within corpora: the 4-fold speaker-independent
     * split of all corpora ({@link SpeakerFolds}, every corpus's speakers spread over the folds), each fold's clips
     * judged by the network tuned on the other three folds' (less their speaker's mean when {@code speakerGroup} > 1);
     * per corpus the UA over its own classes, pooled over the folds.
     */
    public static void within(Path dataRoot, int epochs, double encoderLr, int speakerGroup, boolean clipMean,
            java.io.PrintStream log) throws java.io.IOException, io.emotrace.EmotraceException {
        VoiceEncoderTuner.Recipe r = recipe(epochs, encoderLr, speakerGroup, clipMean);
        List<Sample> samples = LabelledClips.load(new LabelledClips.Request(dataRoot, CorpusLabels.LOCO_CORPORA,
                FeatureCache.defaultDir(), 1, 0, FeatureNorm.SPEAKER_BINS, false, true), source -> { });
        int width = LabelledClips.width(true);
        int k = 4; // train emotion's default folds
        java.util.Map<String, Integer> foldOf = SpeakerFolds.assign(samples, k);
        log.printf(Locale.ROOT, "voice tuning within corpora, %d speaker-independent folds, %s: %d clips%n", k, r,
                samples.size());
        java.util.Map<String, ClassMetrics> pooled = new java.util.TreeMap<>();
        for (int f = 0; f < k; f++) {
            List<Sample> train = new ArrayList<>();
            List<Sample> test = new ArrayList<>();
            for (Sample s : samples) {
                (foldOf.get(s.speaker()) == f ? test : train).add(s);
            }
            long tf = System.nanoTime();
            try (VoiceEncoderTuner.Tuned t = new VoiceEncoderTuner(r, log).train(train, width)) {
                float[][] l = VoiceEncoderTuner.logits(t, test, width, r.speakerGroup() > 1, r.clipMean());
                for (int i = 0; i < test.size(); i++) {
                    Sample s = test.get(i);
                    List<io.emotrace.domain.Emotion> own = new ArrayList<>(CorpusLabels.classesOf(s.corpus()));
                    float[] mask = CorpusLabels.logitMask(CorpusLabels.classesOf(s.corpus()));
                    int best = -1;
                    for (int c = 0; c < l[i].length; c++) {
                        if (mask[c] == 0 && (best < 0 || l[i][c] > l[i][best])) {
                            best = c;
                        }
                    }
                    pooled.computeIfAbsent(s.corpus(), c -> new ClassMetrics(own)).add(s.label(),
                            io.emotrace.domain.Emotion.values()[best]);
                }
            }
            log.printf(Locale.ROOT, "  fold %d of %d: %d held-out clips (%.0f s)%n", f + 1, k, test.size(),
                    (System.nanoTime() - tf) / 1e9);
        }
        pooled.forEach((c, m) -> log.printf(Locale.ROOT, "  %-14s own-class UA %.3f%n", c, m.ua()));
    }

    /** The default recipe with the measurement's choices, on one LibTorch thread. */
    private static VoiceEncoderTuner.Recipe recipe(int epochs, double encoderLr, int speakerGroup, boolean clipMean) {
        VoiceEncoderTuner.Recipe d = VoiceEncoderTuner.Recipe.defaults();
        return new VoiceEncoderTuner.Recipe(epochs, d.perCorpus(), d.batch(), d.cropFrames(), encoderLr, d.headLr(),
                d.weightDecay(), d.labelSmoothing(), d.dropout(), d.freqWarp(), d.seed(), 1, speakerGroup, clipMean);
    }

    /**
     * A linear voice head of the shipped recipe fitted on the tuned network's statistics of {@code train} less each
     * speaker's mean, and its log-probabilities of {@code test}.
     */
    private static float[][] refittedHead(VoiceEncoderTuner.Tuned t, List<Sample> train, List<Sample> test, int width,
            boolean clipMean) {
        List<Sample> both = new ArrayList<>(train);
        both.addAll(test);
        float[][] p = VoiceEncoderTuner.pooled(t, both, width, clipMean);
        java.util.Map<Sample, float[]> raw = new java.util.IdentityHashMap<>();
        for (int i = 0; i < both.size(); i++) {
            raw.put(both.get(i), p[i]);
        }
        java.util.Map<Sample, float[]> norm = VoiceHeadFolds.lessSpeakerMean(both, raw);
        float[][] x = new float[train.size()][];
        io.emotrace.domain.Emotion[] y = new io.emotrace.domain.Emotion[train.size()];
        String[] group = new String[train.size()];
        List<Set<io.emotrace.domain.Emotion>> allowed = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            x[i] = norm.get(train.get(i));
            y[i] = train.get(i).label();
            group[i] = train.get(i).corpus();
            allowed.add(CorpusLabels.classesOf(train.get(i).corpus()));
        }
        io.emotrace.emotion.embedded.VoiceHead head = new io.emotrace.emotion.embedded.VoiceHead(
                io.emotrace.emotion.embedded.VoiceHead.fit(x, y, allowed, group, "tuned", "fold"));
        float[] none = new float[x[0].length];
        float[][] hl = new float[test.size()][];
        for (int i = 0; i < test.size(); i++) {
            hl[i] = head.logProbs(norm.get(test.get(i)), none);
        }
        return hl;
    }

    private static void write(Path file, int corpus, List<Sample> test, float[][] l) throws java.io.IOException {
        int cols = 2 + l[0].length;
        float[] rows = new float[test.size() * cols];
        for (int i = 0; i < test.size(); i++) {
            rows[i * cols] = corpus;
            rows[i * cols + 1] = test.get(i).label().ordinal();
            System.arraycopy(l[i], 0, rows, i * cols + 2, l[i].length);
        }
        io.emotrace.output.NpyWriter.write(file, rows, test.size(), cols);
    }
}
