package io.emotrace.bench;

import io.emotrace.cli.CliCommand;
import io.emotrace.features.MelConfig;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./emotrace bench features}: log-mel throughput of native, Java and LibTorch backends. */
@Command(name = "features", mixinStandardHelpOptions = true,
        description = "Hours of audio per second for the log-mel backends (native CPU/CUDA, plain Java, LibTorch) "
                + "on the same real speech, with ratios and targets.")
public final class FeatureBenchCommand implements CliCommand, Callable<Integer> {
    public enum Preset { kaldi, whisper }

    @Option(names = "--seconds", description = "seconds of real speech to process (default ${DEFAULT-VALUE} = 1 hour)")
    long seconds = 3600;

    @Option(names = "--preset", description = "kaldi | whisper (default ${DEFAULT-VALUE})")
    Preset preset = Preset.kaldi;

    @Option(names = "--threads", description = "threads for the multi-threaded rows (default: all cores)")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--reps", description = "timed passes per backend after warm-up (default ${DEFAULT-VALUE})")
    int reps = 3;

    @Option(names = "--native-reps", description = "timed passes of the native rows (default ${DEFAULT-VALUE}; "
            + "a pass is short, and on a busy machine more passes give more chances of an undisturbed one)")
    int nativeReps = 10;

    @Option(names = "--chunk-seconds", description = "each backend gets the audio in chunks of this length (default ${DEFAULT-VALUE})")
    int chunkSeconds = 60;

    @Option(names = "--per-clone", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "also time the native kernel on 1 thread with every CPU clone (avx512/avx2/sse2) this "
                    + "machine runs (default ${DEFAULT-VALUE}; EMOTRACE_MEL_ISA or -Demotrace.mel.isa picks the clone "
                    + "of the other rows)")
    boolean perClone = true;

    @Override
    public String parent() {
        return "bench";
    }

    @Override
    public Integer call() {
        if (seconds < 1 || seconds > 4 * 3600 || threads < 1 || reps < 1 || nativeReps < 1
                || chunkSeconds < 1) {
            System.err.println("bench features: --seconds must be 1..14400, --threads, --reps, --native-reps and "
                    + "--chunk-seconds >= 1");
            return 2;
        }
        MelConfig config = preset == Preset.kaldi ? MelConfig.kaldiFbank80() : MelConfig.whisper80();
        float[] audio;
        try {
            audio = RealSpeech.tiled(seconds);
        } catch (IOException e) {
            System.err.println("bench features: cannot load real speech: " + e.getMessage());
            return 1;
        }
        new FeatureBench(config, preset.name(), audio, threads, reps, chunkSeconds, perClone, nativeReps,
                System.out).run();
        return 0;
    }
}
