package io.emotrace.diarization.embedding.train;

import io.emotrace.runtime.HostInfo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.emotrace.diarization.embedding.HeldOutSpeakers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes the files that document a trained speaker model beside its weights: metrics.json (held-out EER and
 * minDCF, training summary), data-manifest.json (every clip used, per speaker, and the held-out list) and
 * TRAINING.md (the exact command, duration, machine). Metrics of an earlier run are kept when only evaluating.
 */
final class TrainingReport {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path out;
    private final String args;
    private Map<String, Object> training;
    private Map<String, Object> manifest;
    private Map<String, Object> evaluation;
    private final Map<String, Object> corpusEvaluations = new LinkedHashMap<>();
    private SpeakerCorpus.Selection selection;

    TrainingReport(Path out, String args) {
        this.out = out;
        this.args = args;
    }

    void training(SpeakerTrainer.Options o, SpeakerTrainer.Recipe recipe, SpeakerTrainer.Result r, SpeakerCorpus c,
            SpeakerCorpus.Selection sel) {
        this.selection = sel;
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("command", "./emotrace " + args); // picocli gives the whole command line
        t.put("finishedAt", Instant.now().toString());
        t.put("minutes", Math.round(r.seconds() / 6) / 10.0);
        t.put("steps", r.steps());
        t.put("resumed", r.resumed());
        t.put("seed", o.seed());
        t.put("plannedEpochs", o.epochs());
        t.put("minutesBudget", o.minutes());
        t.put("speakersPerBatch", o.speakersPerBatch());
        t.put("cropsPerBatch", 2 * o.speakersPerBatch());
        t.put("cropFrames", recipe.cropFrames().toString());
        t.put("peakLearningRate", o.learningRate());
        t.put("augmentedShare", o.augmentProb());
        t.put("specAugmentShare", o.specAugment());
        t.put("tiltShare", o.tilt());
        t.put("pitchShiftShare", o.pitchShift());
        t.put("pitchShiftRange", o.pitchRange());
        t.put("emotionConfusionWeight", o.emotionConfusion());
        t.put("loss", String.format(java.util.Locale.ROOT, "AM-softmax (m %s, s 30) + angular prototypical pair loss "
                + "(weight 1)", recipe.margin()));
        if (recipe.initFrom() != null) {
            t.put("fineTunedFrom", recipe.initFrom().toString());
        }
        t.put("finalLossEma", round(r.finalLoss()));
        t.put("finalAmSoftmaxLossEma", round(r.finalAmLoss()));
        t.put("finalPairLossEma", round(r.finalPairLoss()));
        t.put("trainingSpeakers", c.trainSpeakers().size());
        t.put("trainingClips", c.train().size());
        t.put("trainingSpeechHours", round(c.train().stream().mapToDouble(SpeakerClip::seconds).sum() / 3600));
        t.put("corpora", sel.corpora());
        t.put("heldOutCorpora", new java.util.TreeSet<>(sel.heldOutCorpora()));
        t.put("maxSecondsPerSpeaker", sel.maxSecondsPerSpeaker());
        t.put("corpusBalancedDraws", o.balanceCorpora());
        t.put("telephoneAugmentation", o.phoneChannel());
        t.put("machine", machine(o.threads()));
        training = t;
    }

    void manifest(SpeakerCorpus c, Path dataRoot) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dataRoot", "$EMOTRACE_SHARED/data (" + dataRoot.getFileName() + ")");
        m.put("heldOutSpeakers", HeldOutSpeakers.IDS);
        m.put("train", bySpeaker(c.train()));
        m.put("eval", bySpeaker(c.eval()));
        manifest = m;
    }

    /** Evaluation-only runs leave the training manifest as it is. */
    void metrics(SpeakerEvaluation.Report ev) {
        evaluation = SpeakerEvaluation.toMap(ev);
    }

    /** Figures on one subset of the evaluation clips (a held-out corpus, or all of them pooled). */
    void corpusMetrics(String name, SpeakerEvaluation.Report ev) {
        corpusEvaluations.put(name, SpeakerEvaluation.toMap(ev));
    }

    /** Speaker-bootstrap intervals of one subset's crop EERs, beside its figures. */
    @SuppressWarnings("unchecked")
    void corpusIntervals(String name, TrialBootstrap.Figures f) {
        Object figures = corpusEvaluations.get(name);
        if (figures instanceof Map<?, ?> m) {
            ((Map<String, Object>) m).put("crop-1.5s-bootstrap", SpeakerEvaluation.toMap(f));
        }
    }

    private static Map<String, Object> bySpeaker(List<SpeakerClip> clips) {
        Map<String, Object> out = new TreeMap<>();
        Map<String, List<String>> files = new TreeMap<>();
        for (SpeakerClip c : clips) {
            files.computeIfAbsent(c.speaker(), k -> new ArrayList<>()).add(c.source());
        }
        files.forEach((k, v) -> out.put(k, v));
        return out;
    }

    void writeAll() throws IOException {
        Files.createDirectories(out);
        Path metricsFile = out.resolve("metrics.json");
        Map<String, Object> metrics = new LinkedHashMap<>();
        if (Files.isRegularFile(metricsFile)) {
            @SuppressWarnings("unchecked")
            Map<String, Object> old = JSON.readValue(metricsFile.toFile(), Map.class);
            metrics.putAll(old);
        }
        metrics.put("model", "emotrace speaker net (ECAPA-style), see model.json");
        metrics.put("evaluatedAt", Instant.now().toString());
        if (evaluation != null) {
            metrics.put("heldOutVerification", evaluation);
        }
        if (!corpusEvaluations.isEmpty()) {
            metrics.put("heldOutCorpusVerification", corpusEvaluations);
        }
        if (training != null) {
            metrics.put("training", training);
        }
        JSON.writeValue(metricsFile.toFile(), metrics);
        if (manifest != null) {
            JSON.writeValue(out.resolve("data-manifest.json").toFile(), manifest);
        }
        if (training != null) {
            Files.writeString(out.resolve("TRAINING.md"), trainingMd(), StandardCharsets.UTF_8);
        }
    }

    private String trainingMd() {
        StringBuilder sb = new StringBuilder();
        sb.append("# Speaker embedding: how it was trained\n\n");
        sb.append("Reproduce (from the project root, with the shared corpora at `$EMOTRACE_SHARED`, default `../shared`):\n\n");
        sb.append("```\n").append(training.get("command")).append("\n```\n\n");
        sb.append("Run on the shared development machine (threads and load: see `machine`). The run is time-boxed: the\n");
        sb.append("learning-rate schedule follows the larger of step progress and time progress, so the number of steps\n");
        sb.append("depends on the machine's speed (seeded data order and initialisation are fixed).\n\n");
        sb.append("| | |\n|---|---|\n");
        for (String k : List.of("finishedAt", "minutes", "steps", "resumed", "seed", "plannedEpochs", "minutesBudget",
                "cropsPerBatch", "cropFrames", "peakLearningRate", "augmentedShare", "loss", "trainingSpeakers",
                "trainingClips", "trainingSpeechHours", "corpora", "heldOutCorpora", "maxSecondsPerSpeaker",
                "corpusBalancedDraws", "telephoneAugmentation", "finalLossEma", "machine", "fineTunedFrom")) {
            if (training.containsKey(k)) { // fineTunedFrom: a fine-tune's only
                sb.append("| ").append(k).append(" | ").append(training.get(k)).append(" |\n");
            }
        }
        sb.append("\nData: every speaker of the corpora above");
        sb.append(selection != null && selection.corpora().contains("ravdess")
                ? " plus AMI trn00-trn09 single-speaker (non-overlapped) stretches" : "");
        sb.append(", except the held-out speakers listed in data-manifest.json\nand every speaker of the held-out corpora ");
        sb.append("(evaluation only). Speech per speaker is capped at maxSecondsPerSpeaker (utterances\ntaken in a seeded ");
        sb.append("random order). With corpusBalancedDraws a speaker is drawn with weight 1 / sqrt(speakers of its corpus).\n");
        sb.append("Augmentation: speed +-5 %, synthetic exponential-decay reverberation (RT60 0.15-0.6 s), white/pink noise\n");
        sb.append("at 5-20 dB SNR, gain -12..+6 dB; with telephoneAugmentation a third of the augmented crops also pass a\n");
        sb.append("telephone band (200-350 Hz to 3.4-4 kHz), half of those G.711 mu-law coded. Each batch holds two crops\n");
        sb.append("per speaker from different utterances and, where labelled, different emotions. Held-out figures are in\n");
        sb.append("metrics.json (`./emotrace train speaker --eval-only`).\n");
        return sb.toString();
    }

    static String machine(int threads) {
        String cpu = HostInfo.cpuModel();
        return String.format(Locale.ROOT, "%s, %d cores visible, %d LibTorch threads, %s %s, LibTorch CPU", cpu,
                Runtime.getRuntime().availableProcessors(), threads, System.getProperty("os.name"),
                System.getProperty("os.arch"));
    }

    private static double round(double v) {
        return Double.isFinite(v) ? Math.round(v * 1000) / 1000.0 : Double.NaN;
    }
}
