package io.emotrace.asr;

import io.emotrace.EmotraceException;
import io.emotrace.audio.AudioSource;
import io.emotrace.domain.Segment;
import io.emotrace.domain.Transcript;
import io.emotrace.pipeline.AnalysisPipeline;
import io.emotrace.pipeline.ProgressListener;
import io.emotrace.pipeline.Transcriber;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
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
 *
 * <p>Each segment is decoded with up to {@link #CONTEXT_SECONDS} of audio either side, never past half-way to
 * the neighbouring segment: VAD and diarization boundaries often clip the first or last phone, and a clipped
 * word is lost or misheard. The padded windows of neighbours do not overlap, so no word lands in two segments.
 */
public final class AsrTranscriber implements Transcriber {
    public static final double CONTEXT_SECONDS = 0.3;

    private final Asr asr;
    private final int threads;

    public AsrTranscriber(Asr asr, int threads) {
        this.asr = asr;
        this.threads = Math.max(1, threads);
    }

    /** The decoding window of each segment, in input order: padded, clipped at the midpoints to neighbours. */
    static double[][] windows(List<Segment> segments, double duration) {
        Integer[] order = new Integer[segments.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> segments.get(i).start()));
        double[][] out = new double[segments.size()][];
        for (int k = 0; k < order.length; k++) {
            Segment s = segments.get(order[k]);
            double a = Math.max(0, s.start() - CONTEXT_SECONDS);
            double b = Math.min(duration, s.end() + CONTEXT_SECONDS);
            if (k > 0) {
                Segment prev = segments.get(order[k - 1]);
                a = Math.max(a, Math.min(s.start(), (prev.end() + s.start()) / 2));
            }
            if (k + 1 < order.length) {
                Segment next = segments.get(order[k + 1]);
                b = Math.min(b, Math.max(s.end(), (s.end() + next.start()) / 2));
            }
            out[order[k]] = new double[] {a, b};
        }
        return out;
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
        double[][] win = windows(segments, audio.durationSeconds());
        if (threads == 1 || n == 1) {
            List<Transcript> out = new ArrayList<>(n);
            for (double[] w : win) {
                progress.checkCancelled();
                out.add(asr.transcribe(audio, w[0], w[1], () -> cancelled(progress)));
                progress.checkCancelled(); // a cancelled segment stopped early: its words are not kept
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
            for (double[] w : win) {
                futures.add(pool.submit(() -> io.emotrace.pipeline.StageCpu.charged(() -> {
                    progress.checkCancelled();
                    Transcript t = asr.transcribe(audio, w[0], w[1], () -> cancelled(progress));
                    progress.checkCancelled();
                    report(progress, done.incrementAndGet(), n);
                    return t;
                })));
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
            awaitWorkers(pool); // a cancelled worker finishes its 0.25 s chunk: no ASR outlives the stage
        }
    }

    private static void awaitWorkers(ExecutorService pool) {
        try {
            if (!pool.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS)) {
                System.err.println("emotrace: ASR workers still busy 10 s after the stage ended");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Polled by the recogniser every 0.25 s of audio. */
    private static boolean cancelled(ProgressListener progress) {
        try {
            progress.checkCancelled();
            return false;
        } catch (io.emotrace.pipeline.AnalysisCancelledException e) {
            return true;
        }
    }

    private static void report(ProgressListener progress, int done, int total) {
        progress.report(AnalysisPipeline.ASR, done / (double) total,
                String.format(Locale.ROOT, "%d/%d segments transcribed", done, total));
    }

    @Override
    public io.emotrace.pipeline.TranscriberStream openStream() throws EmotraceException {
        return asr.openStream();
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
