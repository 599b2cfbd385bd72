package io.emotrace.diarization.embedding.train;

import io.emotrace.EmotraceException;
import io.emotrace.SharedData;
import io.emotrace.audio.FfmpegAudioDecoder;
import io.emotrace.cli.CliCommand;
import io.emotrace.diarization.embedding.ProjectSpeakerEmbedder;
import io.emotrace.diarization.embedding.SpeakerEmbedder;
import io.emotrace.diarization.embedding.SpeakerFbank;
import io.emotrace.diarization.embedding.OnnxSpeakerEmbedder;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./emotrace bench speaker}: held-out speaker-verification EER / minDCF of a speaker embedder. */
@Command(name = "speaker", mixinStandardHelpOptions = true,
        description = {"Speaker-verification EER and minDCF on the held-out speakers (all pairs, cross-emotion,",
                "same-emotion; whole utterances and 1.5 s crops) for the project model or an ONNX drop-in."})
public final class BenchSpeakerCommand implements CliCommand, Callable<Integer> {
    @Option(names = "--model", description = "Training output folder (default: the committed model on the classpath).")
    Path model;

    @Option(names = "--onnx", description = "A CAM++ / WeSpeaker ONNX model instead of the project model.")
    Path onnx;

    @Option(names = "--data", description = "Folder with the corpora (default: $EMOTRACE_SHARED/data).")
    Path data;

    @Option(names = "--limit-per-speaker", defaultValue = "0", description = "At most N clips per speaker (smoke runs).")
    int limitPerSpeaker;

    @Option(names = "--speed-only", description = "Only measure the CPU cost of a 1.5 s embedding (1 LibTorch thread).")
    boolean speedOnly;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public String parent() {
        return "bench";
    }

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        Path dataRoot = data != null ? data : SharedData.root().resolve("data");
        try (SpeakerFbank fbank = new SpeakerFbank(1);
                SpeakerEmbedder emb = onnx != null ? OnnxSpeakerEmbedder.load(onnx)
                        : model != null ? ProjectSpeakerEmbedder.fromDirectory(model) : ProjectSpeakerEmbedder.fromClasspath()) {
            stdout.println("embedder: " + emb.describe());
            if (onnx == null) { // ORT runs on its own threads, which the calling thread's CPU time would miss
                stdout.printf(java.util.Locale.ROOT, "cost per 1.5 s crop, thread CPU with 1 LibTorch thread: %.2f ms alone, "
                        + "%.2f ms in batches of 32%n", EmbeddingCost.cpuMsPerClip(emb, 1.5, 1, 20),
                        EmbeddingCost.cpuMsPerClip(emb, 1.5, 32, 5));
            }
            if (speedOnly) {
                return 0;
            }
            org.bytedeco.pytorch.global.torch.set_num_threads(Runtime.getRuntime().availableProcessors());
            SpeakerCorpus corpus = SpeakerCorpus.load(dataRoot, new FfmpegAudioDecoder(), fbank, limitPerSpeaker, false,
                    m -> stderr.println("[bench speaker] " + m));
            stdout.print(SpeakerEvaluation.format(SpeakerEvaluation.run(emb, corpus.eval())));
            return 0;
        } catch (EmotraceException e) {
            stderr.println("emotrace bench speaker: error " + e.describe());
            return 1;
        }
    }
}
