package io.emotrace.emotion.train;

import io.emotrace.EmotraceException;
import io.emotrace.SharedData;
import io.emotrace.cli.CliCommand;
import io.emotrace.emotion.embedded.FeatureNorm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./emotrace train emotion-encoder}: self-supervised pretraining of the embedded emotion network's encoder on
 * speech without emotion labels ({@link MaskedPretrainer}); {@code bench emotion --loco --encoder FILE} starts every
 * fold from it.
 */
@Command(name = "emotion-encoder", mixinStandardHelpOptions = true,
        description = "Pretrain the emotion network's encoder by masked-feature prediction on unlabelled speech "
                + "(no emotional corpus by default, so leave-one-corpus-out figures stay fair); writes OUT/encoder.pt "
                + "and OUT/encoder.json, checkpoints in OUT/checkpoint (a rerun with a larger --minutes resumes).")
public final class PretrainEmotionEncoderCommand implements CliCommand, Callable<Integer> {
    /** Speech of many voices and languages without emotion labels (none of the LOCO corpora). */
    static final List<String> SPEECH_CORPORA = List.of("librispeech", "accents", "speechocean762", "librispeech-mini",
            "korean-speakers", "phone-alphanumeric", "commonvoice-fa", "commonvoice-tw", "lithuanian-commands",
            "arabic-commands");

    @Option(names = "--out", description = "output folder (default ${DEFAULT-VALUE})")
    Path out = Path.of("models/checkpoints/emotion-encoder");

    @Option(names = "--minutes", description = "training time budget; the schedule follows it (default ${DEFAULT-VALUE})")
    double minutes = 10;

    @Option(names = "--corpora", split = ",", description = "speech corpora (default: the non-emotional ones)")
    List<String> corpora = new ArrayList<>(SPEECH_CORPORA);

    @Option(names = "--mask-share", description = "share of each crop's frames hidden (default ${DEFAULT-VALUE})")
    double maskShare = 0.4;

    @Option(names = "--span-frames", description = "frames per hidden span (default ${DEFAULT-VALUE})")
    int spanFrames = 10;

    @Option(names = "--lr", description = "peak learning rate (default ${DEFAULT-VALUE})")
    double lr = 2e-3;

    @Option(names = "--seed", description = "seed (default ${DEFAULT-VALUE})")
    long seed = 7;

    @Option(names = "--threads", description = "LibTorch threads (default ${DEFAULT-VALUE})")
    int threads = 1;

    @Option(names = "--data", description = "folder with the corpora (default: $EMOTRACE_SHARED/data)")
    Path data;

    @Override
    public String parent() {
        return "train";
    }

    @Override
    public Integer call() {
        if (!(minutes > 0) || !(maskShare > 0 && maskShare < 1) || spanFrames < 1 || threads < 1 || !(lr > 0)) {
            System.err.println("train emotion-encoder: --minutes > 0, --mask-share in (0, 1), --span-frames >= 1, "
                    + "--threads >= 1, --lr > 0");
            return 2;
        }
        TrainConfig d = TrainConfig.defaults();
        Path root = data != null ? data : SharedData.root().resolve("data");
        try {
            long t0 = System.nanoTime();
            // the LOCO recipe's input: fbank with the pitch rows, each speaker's mean removed
            List<Sample> speech = LabelledClips.loadSpeech(new LabelledClips.Request(root, corpora,
                    FeatureCache.defaultDir(), 1, 0, FeatureNorm.SPEAKER_BINS, false, true), src -> { });
            double hours = speech.stream().mapToDouble(Sample::frames).sum() / 100 / 3600;
            System.out.printf(Locale.ROOT, "train emotion-encoder: %d clips, %.1f h of speech of %d speakers, loaded in %.0f s%n",
                    speech.size(), hours, speech.stream().map(Sample::speaker).distinct().count(),
                    (System.nanoTime() - t0) / 1e9);
            if (speech.isEmpty()) {
                System.err.println("train emotion-encoder: no speech in " + corpora);
                return 1;
            }
            var settings = new MaskedPretrainer.Settings(LabelledClips.width(true), d.channels(), d.embDim(), d.blocks(),
                    d.batch(), d.cropFrames(), lr, maskShare, spanFrames, minutes, seed, threads);
            Files.createDirectories(out);
            MaskedPretrainer.Result r = new MaskedPretrainer(settings, System.out)
                    .train(speech, out.resolve("checkpoint"), out.resolve(ENCODER));
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("format", "emotrace-emotion-encoder/1");
            meta.put("settings", settings.toString());
            meta.put("corpora", corpora);
            meta.put("clips", speech.size());
            meta.put("speechHours", Math.round(hours * 100) / 100.0);
            meta.put("steps", r.steps());
            meta.put("minutes", Math.round(r.seconds() / 6) / 10.0);
            meta.put("maskedFrameLossEma", r.finalLoss());
            meta.put("featureNorm", FeatureNorm.SPEAKER_BINS.name());
            meta.put("prosodyKey", LabelledClips.PROSODY_KEY);
            Files.writeString(out.resolve("encoder.json"), new com.fasterxml.jackson.databind.ObjectMapper()
                    .writerWithDefaultPrettyPrinter().writeValueAsString(meta), StandardCharsets.UTF_8);
            System.out.printf(Locale.ROOT, "train emotion-encoder: %d steps in %.1f min, masked-frame loss %.4f; wrote %s%n",
                    r.steps(), r.seconds() / 60, r.finalLoss(), out.resolve(ENCODER));
            return 0;
        } catch (EmotraceException e) {
            System.err.println("train emotion-encoder: " + e.describe());
            return 1;
        } catch (IOException e) {
            System.err.println("train emotion-encoder: " + e.getMessage());
            return 1;
        }
    }

    static final String ENCODER = "encoder.pt";
}
