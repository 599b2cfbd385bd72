package io.emotrace.asr;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.emotrace.EmotraceException;
import io.emotrace.audio.AudioDecoder;
import io.emotrace.audio.DecodedAudio;
import io.emotrace.audio.WavFileSource;
import io.emotrace.cli.CliCommand;
import io.emotrace.domain.Segment;
import io.emotrace.domain.SpeechRegion;
import io.emotrace.domain.Transcript;
import io.emotrace.domain.Word;
import io.emotrace.output.FileTrees;
import io.emotrace.output.ResultJson;
import io.emotrace.domain.DiarizationResult;
import io.emotrace.pipeline.Diarizer;
import io.emotrace.pipeline.ProgressListener;
import io.emotrace.pipeline.SegmentSelection;
import io.emotrace.pipeline.StageCatalog;
import io.emotrace.vad.VoiceActivityDetector;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./emotrace transcribe FILE [--json] [--asr-model DIR]}: words per speaker turn when diarization is
 * available, else per VAD speech region, else over the whole file (the output says which).
 */
@Command(name = "transcribe", mixinStandardHelpOptions = true,
        description = {"Speech to text with word times: per speaker turn (exclusive diarization) when diarization",
                "is available, else per VAD speech region, else the whole file. Default model: Vosk small US English."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:transcribed", "1:input or model error", "2:bad command line"})
public final class TranscribeCommand implements CliCommand, Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "audio or video file (any FFmpeg format)")
    Path file;

    @Option(names = "--json", description = "JSON on stdout (segments with speaker, times, text and timed words)")
    boolean json;

    @Mixin
    AsrModelOptions asrModel;

    @Option(names = "--whole", description = "one segment over the whole file (no VAD, no diarization)")
    boolean whole;

    @Option(names = "--threads", description = "recognizers running at once (default: ${DEFAULT-VALUE})")
    int threads = AsrTranscriber.defaultThreads();

    @Spec
    CommandSpec spec;

    private final Supplier<StageCatalog> catalogs;

    public TranscribeCommand() {
        this(StageCatalog::fromClasspath);
    }

    TranscribeCommand(Supplier<StageCatalog> catalogs) {
        this.catalogs = catalogs;
    }

    /** One transcribed segment of the output. */
    public record TranscribedSegment(String speaker, double start, double end, String text, List<Word> words) {
    }

    /** The JSON document of {@code --json}. */
    public record Report(String file, String model, String language, String segmentation, List<String> notes,
                         List<TranscribedSegment> segments) {
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (threads < 1) {
            err.println("emotrace transcribe: --threads must be >= 1");
            return 2;
        }
        try {
            DecodedAudio.checkInput(file);
            StageCatalog catalog = catalogs.get();
            AudioDecoder decoder = catalog.decoder();
            try (AsrTranscriber transcriber = new AsrTranscriber(asrModel.choice().open(), threads);
                 DecodedAudio decoded = DecodedAudio.decodeTemporary(decoder, file, ProgressListener.NONE)) {
                WavFileSource audio = decoded.source();
                List<String> notes = new ArrayList<>();
                decoded.warnings().forEach(w -> notes.add("warning: " + w));
                SegmentSelection units = whole ? SegmentSelection.wholeFile(audio.durationSeconds())
                        : units(catalog, audio, notes);
                List<Transcript> texts = transcriber.transcribe(audio, units.segments(), ProgressListener.NONE);
                List<TranscribedSegment> segs = new ArrayList<>();
                for (int i = 0; i < texts.size(); i++) {
                    Segment s = units.segments().get(i);
                    segs.add(new TranscribedSegment(s.speaker(), s.start(), s.end(), texts.get(i).text(),
                            texts.get(i).words()));
                }
                Report report = new Report(file.toString(), transcriber.describe(), transcriber.language(),
                        units.source().label(), notes, segs);
                print(out, err, report);
            }
            return 0;
        } catch (EmotraceException e) {
            err.println("emotrace transcribe: error " + e.describe());
            return 1;
        } catch (IOException e) {
            err.println("emotrace transcribe: error [io] " + e.getMessage());
            return 1;
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** VAD and diarization as far as they run, then the pipeline's {@link SegmentSelection}, else the whole file. */
    private static SegmentSelection units(StageCatalog catalog, WavFileSource audio, List<String> notes) {
        List<SpeechRegion> speech = null;
        StageCatalog.Choice<VoiceActivityDetector> vad = catalog.vad();
        if (vad.available()) {
            try (VoiceActivityDetector d = vad.factory().create()) {
                speech = d.detect(audio);
            } catch (EmotraceException | RuntimeException e) {
                notes.add("vad failed: " + e.getMessage());
            }
        } else {
            notes.add("vad unavailable: " + vad.reason());
        }
        DiarizationResult turns = null;
        StageCatalog.Choice<Diarizer> dia = catalog.diarizer();
        if (dia.available()) {
            try (Diarizer d = dia.factory().create()) {
                turns = d.diarize(audio, speech, ProgressListener.NONE).withCanonicalIds();
            } catch (EmotraceException | RuntimeException e) {
                turns = null; // also when only closing the diarizer failed, as in the pipeline
                notes.add("diarization failed: " + e.getMessage());
            }
        } else {
            notes.add("diarization unavailable: " + dia.reason());
        }
        return SegmentSelection.choose(turns, speech).orWholeFile(audio.durationSeconds());
    }

    private void print(PrintWriter out, PrintWriter err, Report r) throws IOException {
        if (json) {
            ObjectMapper m = ResultJson.mapper();
            out.println(m.writeValueAsString(r));
            return;
        }
        err.println("emotrace transcribe: " + r.model() + "; segments from " + r.segmentation());
        for (String n : r.notes()) {
            err.println("  note: " + n);
        }
        for (TranscribedSegment s : r.segments()) {
            if (s.text().isEmpty()) {
                continue;
            }
            out.printf(Locale.ROOT, "[%s - %s] %s%s%n", clock(s.start()), clock(s.end()),
                    s.speaker() == null ? "" : s.speaker() + ": ", s.text());
        }
    }

    static String clock(double seconds) {
        long ms = Math.round(seconds * 1000);
        return String.format(Locale.ROOT, "%02d:%02d:%02d.%03d", ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
    }
}
