package io.emotrace.audio;

import io.emotrace.EmotraceException;
import io.emotrace.output.FileTrees;
import io.emotrace.pipeline.AnalysisPipeline;
import io.emotrace.pipeline.ProgressEvent;
import io.emotrace.pipeline.ProgressListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one way any input becomes model-ready audio: the decoder streams it, one second at a time, into a 16 kHz
 * mono PCM16 WAV (the {@code processed_audio.wav} flavour), which stages then read by position, so hours of
 * audio never sit in the heap. {@code analyze}, {@code diarize}, {@code emotion} and {@code transcribe} all go
 * through here and so feed their models the same samples.
 *
 * <p>{@link #decode} writes a WAV the caller keeps (a run's {@code processed_audio.wav});
 * {@link #decodeTemporary} writes one into a temporary folder that {@link #close()} deletes. Decoder errors
 * ({@link UnsupportedAudioException}, including the {@link DecoderLimits} ones) propagate as they are; an input
 * that decodes to no samples is {@link UnsupportedAudioException.Reason#EMPTY}; IOExceptions are failures to
 * write the WAV.
 */
public final class DecodedAudio implements AutoCloseable {
    /** The file name of the processed audio, in a run directory and in the temporary folder alike. */
    public static final String FILE_NAME = "processed_audio.wav";
    private static final int CHUNK = AudioStream.SAMPLE_RATE; // one second per read

    private final AudioInfo info;
    private final WavFileSource source;
    private final Path tempDir;
    private final java.util.List<String> warnings;

    private DecodedAudio(Decoded d, WavFileSource source, Path tempDir) {
        this.info = d.info();
        this.warnings = d.warnings();
        this.source = source;
        this.tempDir = tempDir;
    }

    /** What the decoder said about the input, and what went wrong without stopping it. */
    private record Decoded(AudioInfo info, java.util.List<String> warnings) {
    }

    /**
     * Decodes {@code input} into {@code wav} (kept after {@link #close()}) and maps it. Progress goes to
     * {@code progress} under the {@code decode} stage.
     */
    public static DecodedAudio decode(AudioDecoder decoder, Path input, Path wav, ProgressListener progress)
            throws EmotraceException, IOException {
        checkInput(input);
        Decoded d = write(decoder, input, wav, progress);
        return new DecodedAudio(d, WavFileSource.open(wav), null);
    }

    /** Decodes {@code input} into a temporary WAV that {@link #close()} deletes, and maps it. */
    public static DecodedAudio decodeTemporary(AudioDecoder decoder, Path input, ProgressListener progress)
            throws EmotraceException, IOException {
        checkInput(input);
        Path dir = Files.createTempDirectory("emotrace-audio");
        try {
            Path wav = dir.resolve(FILE_NAME);
            Decoded d = write(decoder, input, wav, progress);
            return new DecodedAudio(d, WavFileSource.open(wav), dir);
        } catch (EmotraceException | IOException | RuntimeException e) {
            deleteQuietly(dir);
            throw e;
        }
    }

    /** Typed errors for an input that is missing, not a regular file, or not readable. */
    public static void checkInput(Path input) throws EmotraceException {
        if (!Files.exists(input)) {
            throw new EmotraceException("input.not_found", input + ": no such file");
        }
        if (!Files.isRegularFile(input)) {
            throw new EmotraceException("input.not_a_file", input + ": not a regular file");
        }
        if (!Files.isReadable(input)) {
            throw new EmotraceException("input.unreadable", input + ": permission denied");
        }
    }

    private static Decoded write(AudioDecoder decoder, Path input, Path wav, ProgressListener progress)
            throws EmotraceException, IOException {
        progress.report(AnalysisPipeline.DECODE, 0, "decoding " + input.getFileName());
        WavWriter out = WavWriter.pcm16(wav);
        try (AudioStream in = decoder.open(input)) {
            AudioInfo info = in.info();
            double expected = info.durationSeconds() * AudioStream.SAMPLE_RATE;
            float[] buf = new float[CHUNK];
            for (int r; (r = in.read(buf, 0, buf.length)) >= 0; ) {
                progress.checkCancelled(); // one second of audio per chunk
                out.write(buf, 0, r);
                double f = expected > 0 ? Math.min(0.999, out.samplesWritten() / expected) : ProgressEvent.UNKNOWN;
                progress.onProgress(new ProgressEvent(AnalysisPipeline.DECODE, f,
                        String.format("%.0f s decoded", out.samplesWritten() / (double) AudioStream.SAMPLE_RATE)));
            }
            if (out.samplesWritten() == 0) {
                throw new UnsupportedAudioException(UnsupportedAudioException.Reason.EMPTY,
                        input + ": no audio samples decoded");
            }
            out.close();
            progress.report(AnalysisPipeline.DECODE, 1, "decoded");
            java.util.List<String> warnings = new java.util.ArrayList<>();
            WavHeaderCheck.shortfall(input).ifPresent(warnings::add);
            warnings.addAll(in.warnings());
            return new Decoded(info, java.util.List.copyOf(warnings));
        } finally {
            out.abort(); // no-op after a successful close
        }
    }

    /** What the decoder found in the input (container, codec, original rate and channels, declared duration). */
    public AudioInfo info() {
        return info;
    }

    /**
     * What went wrong with the input without stopping the decoding (a file cut short, damaged packets skipped,
     * non-finite samples silenced): the audio before and around it was decoded; empty when nothing.
     */
    public java.util.List<String> warnings() {
        return warnings;
    }

    /** The processed audio, 16 kHz mono, read from its file by position. */
    public WavFileSource source() {
        return source;
    }

    /** The processed WAV on disk. */
    public Path file() {
        return source.file();
    }

    public double durationSeconds() {
        return source.durationSeconds();
    }

    /** Releases the mapping and, for {@link #decodeTemporary}, deletes the temporary WAV. */
    @Override
    public void close() {
        source.close();
        if (tempDir != null) {
            deleteQuietly(tempDir);
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            FileTrees.delete(dir);
        } catch (IOException e) {
            // a leftover temporary folder is harmless; the OS cleans /tmp
        }
    }
}
