package io.emotrace.vad;

/**
 * Utterances from a stream of 32 ms speech probabilities, online: Silero's hysteresis (speech starts at
 * p >= threshold, ends after {@code minSilence} below negThreshold), an utterance shorter than {@code minSpeech} is
 * dropped, one longer than {@code maxUtterance} is cut there (so a monologue still yields segments while it goes
 * on). Positions are 16 kHz sample indices from the start of the stream. Live streams and the offline diarizer's
 * utterance evidence cut speech the same way.
 */
public final class UtteranceSegmenter {
    public interface Listener {
        void started(long start);

        /** An utterance ended ({@code dropped}: too short to analyse). */
        void ended(long start, long end, boolean dropped);
    }

    /** A live stream's longest utterance, s: a monologue is cut here so it still yields segments while it goes on. */
    public static final double LIVE_MAX_UTTERANCE = 15;

    private final float threshold = 0.5f;
    private final float negThreshold = 0.35f;
    private final long minSilence;
    private final long minSpeech;
    private final long maxUtterance;
    private final long pad;
    private final int chunk;
    private final Listener listener;
    private boolean triggered;
    private long start;
    private long tempEnd = -1;

    public UtteranceSegmenter(int chunk, double minSilenceSeconds, double minSpeechSeconds, double maxUtteranceSeconds,
                       double padSeconds, Listener listener) {
        this.chunk = chunk;
        this.minSilence = (long) (minSilenceSeconds * 16000);
        this.minSpeech = (long) (minSpeechSeconds * 16000);
        this.maxUtterance = (long) (maxUtteranceSeconds * 16000);
        this.pad = (long) (padSeconds * 16000);
        this.listener = listener;
    }

    /** Silence that ends a live utterance, s (an utterance holds one speaker the better the shorter this is). */
    public static final double LIVE_MIN_SILENCE = 0.15;

    /** Whether {@code seconds} can end an utterance: at least one 32 ms VAD chunk, at most 2 s. */
    public static boolean isMinSilence(double seconds) {
        return seconds >= 0.032 && seconds <= 2;
    }

    /** The segmenter of a live stream ({@link #LIVE_MIN_SILENCE} ends an utterance, under 0.25 s is dropped, 50 ms pads). */
    public static UtteranceSegmenter live(int chunk, Listener listener) {
        return live(chunk, LIVE_MIN_SILENCE, listener);
    }

    /** A live stream's segmenter ending utterances after {@code minSilence} s instead (the replay's sweep). */
    public static UtteranceSegmenter live(int chunk, double minSilence, Listener listener) {
        return new UtteranceSegmenter(chunk, minSilence, 0.25, LIVE_MAX_UTTERANCE, 0.05, listener);
    }

    public boolean inSpeech() {
        return triggered;
    }

    public long utteranceStart() {
        return start;
    }

    public void accept(long chunkIndex, float p) {
        long pos = chunkIndex * chunk;
        long chunkEnd = pos + chunk;
        if (p >= threshold) {
            tempEnd = -1;
            if (!triggered) {
                triggered = true;
                start = Math.max(0, pos - pad);
                listener.started(start);
            } else if (chunkEnd - start >= maxUtterance) {
                listener.ended(start, chunkEnd, false);
                start = chunkEnd;
                listener.started(start);
            }
            return;
        }
        if (triggered && p < negThreshold) {
            if (tempEnd < 0) {
                tempEnd = pos;
            }
            if (chunkEnd - tempEnd >= minSilence) {
                end(Math.min(chunkEnd, tempEnd + pad));
            }
        }
    }

    /** The stream ended at {@code length} samples: an utterance still open ends there. */
    public void finish(long length) {
        if (triggered) {
            end(tempEnd >= 0 ? Math.min(length, tempEnd + pad) : length);
        }
    }

    private void end(long end) {
        triggered = false;
        tempEnd = -1;
        listener.ended(start, end, end - start < minSpeech);
    }
}
