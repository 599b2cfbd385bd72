package io.emotrace.asr;

import io.emotrace.EmotraceException;
import io.emotrace.audio.AudioSource;
import io.emotrace.pipeline.AnalysisPipeline;
import io.emotrace.pipeline.ProgressListener;
import io.emotrace.pipeline.Segment;
import io.emotrace.pipeline.Transcriber;
import io.emotrace.pipeline.Transcript;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The pipeline's ASR stage: one {@link Asr} call per segment (an exclusive speaker turn, or a VAD region), so
 * every segment carries its own words with absolute times. Segments run on a few threads, each with its own
 * recognizer over the one shared model. Owns the Asr and closes it.
 */
public final class AsrTranscriber implements Transcriber {
    private final Asr asr;
    private final int threads;

    public AsrTranscriber(Asr asr, int threads) {
        this.asr = asr;
        this.threads = Math.max(1, threads);
    }

    public static int defaultThreads() {
        return Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    }

    public String language() {
        return asr.language();
    }

    @Override
    public List<Transcript> transcribe(AudioSource audio, List<Segment> segments, ProgressListener progress)
            throws EmotraceException {
        if (segments.isEmpty()) {
            return List.of();
        }
        AtomicInteger done = new AtomicInteger();
        int n = segments.size();
        if (threads == 1 || n == 1) {
            List<Transcript> out = new ArrayList<>(n);
            for (Segment s : segments) {
                out.add(asr.transcribe(audio, s.start(), s.end()));
                report(progress, done.incrementAndGet(), n);
            }
            return out;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, n), r -> {
            Thread t = new Thread(r, "emotrace-asr");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Transcript>> futures = new ArrayList<>(n);
            for (Segment s : segments) {
                futures.add(pool.submit(() -> {
                    Transcript t = asr.transcribe(audio, s.start(), s.end());
                    report(progress, done.incrementAndGet(), n);
                    return t;
                }));
            }
            List<Transcript> out = new ArrayList<>(n);
            for (Future<Transcript> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof EmotraceException ee) {
                throw ee;
            }
            throw new AsrException("asr.failed", "ASR failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AsrException("asr.failed", "interrupted", e);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void report(ProgressListener progress, int done, int total) {
        progress.report(AnalysisPipeline.ASR, done / (double) total,
                String.format(Locale.ROOT, "%d/%d segments transcribed", done, total));
    }

    @Override
    public String describe() {
        return asr.describe() + ", " + threads + " thread(s), per segment";
    }

    @Override
    public void close() {
        asr.close();
    }
}
