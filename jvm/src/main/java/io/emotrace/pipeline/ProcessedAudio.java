package io.emotrace.pipeline;

import io.emotrace.EmotraceException;
import io.emotrace.audio.AudioDecoder;
import io.emotrace.audio.AudioInfo;
import io.emotrace.audio.AudioStream;
import io.emotrace.audio.UnsupportedAudioException;
import io.emotrace.audio.WavWriter;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Streams any input through the decoder into a 16 kHz mono PCM16 WAV, which later stages read memory-mapped;
 * shared by {@code analyze} and {@code transcribe} so both see the same samples.
 */
public final class ProcessedAudio {
    private static final int CHUNK = AudioStream.SAMPLE_RATE; // one second per read

    private ProcessedAudio() {
    }

    public static AudioInfo decodeTo(AudioDecoder decoder, Path input, Path wav, ProgressListener progress)
            throws EmotraceException, IOException {
        progress.report(AnalysisPipeline.DECODE, 0, "decoding " + input.getFileName());
        WavWriter out = WavWriter.pcm16(wav);
        try (AudioStream in = decoder.open(input)) {
            AudioInfo info = in.info();
            double expected = info.durationSeconds() * AudioStream.SAMPLE_RATE;
            float[] buf = new float[CHUNK];
            for (int r; (r = in.read(buf, 0, buf.length)) >= 0; ) {
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
            return info;
        } finally {
            out.abort(); // no-op after a successful close
        }
    }
}
