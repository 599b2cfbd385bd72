package io.emotrace.asr;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import org.vosk.Model;
import org.vosk.Recognizer;

/**
 * Idle Vosk recognizers of one model, reused from one segment to the next. A new recognizer starts with an empty
 * cache of the decoding graph (the small models compose their graph on the fly), and filling it costs about
 * 0.4 CPU-seconds: more than decoding a 1.5 s turn itself (measured: 0.40 CPU-s per second of audio with a new
 * recognizer per 1.5 s piece, 0.12 when reused). A recognizer goes back only after its final result, which makes
 * Vosk begin the next input afresh (new features and adaptation, only the graph cache kept); Vosk then counts
 * word times from the first sample it ever received, so each lease knows how many samples came before it. A recognizer is retired after {@link #RETIRE_SAMPLES} (its word times are floats, and its graph cache
 * is not meant to live for days).
 */
final class RecognizerPool implements AutoCloseable {
    /** Half an hour of 16 kHz audio. */
    static final long RETIRE_SAMPLES = 1800L * 16_000;

    private final Model model;
    private final Deque<Lease> idle = new ArrayDeque<>();
    private boolean closed;

    RecognizerPool(Model model) {
        this.model = model;
    }

    /** A recognizer for {@code sampleRate} with word times on: an idle one of that rate, or a new one. */
    synchronized Lease take(float sampleRate) throws IOException {
        for (var it = idle.iterator(); it.hasNext(); ) {
            Lease l = it.next();
            if (l.sampleRate == sampleRate) {
                it.remove();
                return l;
            }
        }
        Recognizer rec = new Recognizer(model, sampleRate);
        rec.setWords(true);
        return new Lease(rec, sampleRate);
    }

    /** Back to the pool after a use that ended with its final result; a failed or old one is closed instead. */
    synchronized void giveBack(Lease l, boolean healthy) {
        if (!healthy || closed || l.samplesBefore >= RETIRE_SAMPLES) {
            l.rec.close();
            return;
        }
        // no reset(): after getFinalResult Vosk starts the next input with a new feature pipeline (fresh i-vector
        // adaptation), as a new recognizer would; reset() would keep the old one and carry one speaker's
        // adaptation into the next segment
        idle.push(l);
    }

    synchronized int idleCount() {
        return idle.size();
    }

    @Override
    public synchronized void close() {
        closed = true;
        for (Lease l : idle) {
            l.rec.close();
        }
        idle.clear();
    }

    /** One recognizer while a caller holds it; {@link #fed} must count every sample given to it. */
    static final class Lease {
        final Recognizer rec;
        final float sampleRate;
        /** Samples this recognizer received before the current use: Vosk's word times start there. */
        long samplesBefore;
        private long fedNow;

        private Lease(Recognizer rec, float sampleRate) {
            this.rec = rec;
            this.sampleRate = sampleRate;
        }

        void fed(int samples) {
            fedNow += samples;
        }

        /** Seconds to subtract from Vosk's word times of the current use. */
        double timeOrigin() {
            return samplesBefore / (double) sampleRate;
        }

        /** Ends the current use: later uses start after its samples. */
        void endUse() {
            samplesBefore += fedNow;
            fedNow = 0;
        }
    }
}
