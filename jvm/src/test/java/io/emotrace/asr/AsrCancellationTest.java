package io.emotrace.asr;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emotrace.SharedTestData;
import io.emotrace.audio.FfmpegAudioDecoder;
import io.emotrace.audio.DecodedAudio;
import io.emotrace.domain.Segment;
import io.emotrace.pipeline.AnalysisCancelledException;
import io.emotrace.pipeline.Cancellation;
import io.emotrace.pipeline.ProgressListener;
import io.emotrace.pipeline.Transcriber;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** A cancelled run does not wait for Vosk to finish a long segment: it stops within a fraction of a second. */
class AsrCancellationTest {
    @Test
    void cancellingStopsVoskInsideALongSegment() throws Exception {
        Path input = SharedTestData.require("data/ami-dev/dev00.flac");
        try (DecodedAudio audio = DecodedAudio.decodeTemporary(new FfmpegAudioDecoder(), input, ProgressListener.NONE);
             Transcriber asr = new VoskTranscriberFactory().create()) {
            double end = Math.min(120, audio.source().durationSeconds());
            assertTrue(end >= 20, "a long segment: " + end + " s");
            Cancellation cancel = new Cancellation();
            ProgressListener progress = ProgressListener.cancellable(ProgressListener.NONE, cancel);
            CompletableFuture<Object> run = CompletableFuture.supplyAsync(() -> {
                try {
                    return asr.transcribe(audio.source(), List.of(new Segment("S1", 0, end)), progress);
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            });
            Thread.sleep(800);
            assertTrue(!run.isDone(), "still transcribing the long segment");
            long t0 = System.nanoTime();
            cancel.cancel("test");
            Throwable e = assertThrows(ExecutionException.class, run::get).getCause();
            double after = (System.nanoTime() - t0) / 1e9;
            assertInstanceOf(AnalysisCancelledException.class, e);
            assertTrue(after < 1.0, "stopped " + after + " s after the cancel");
        }
    }
}
