package io.emotrace.vad;

import io.emotrace.EmotraceException;
import io.emotrace.audio.AudioSource;
import io.emotrace.pipeline.ProgressListener;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a live stream cuts its utterances, for any audio: the VAD fed in 0.1 s blocks, {@link UtteranceSegmenter#live}
 * with the given silence, cuts under 0.1 s and dropped ones left out. The live path, its offline replay and the
 * diarizer's utterance evidence all cut speech here (the diarizer on its level-normalised audio, live streams on the
 * audio as it arrives).
 */
public final class UtteranceCuts {
    /** Samples fed to the VAD at a time: the 0.1 s blocks a live client sends. */
    static final int BLOCK = 1600;

    private UtteranceCuts() {
    }

    /** {start, end} sample indices of the utterances of {@code audio} (16 kHz), ended by {@code minSilence} s. */
    public static List<long[]> of(VoiceActivityDetector vad, AudioSource audio, double minSilence,
            ProgressListener progress) throws EmotraceException {
        if (audio.sampleRate() != SileroVad.SAMPLE_RATE) {
            throw new EmotraceException("vad.sample_rate", "utterance cuts need 16 kHz audio, got " + audio.sampleRate()
                    + " Hz");
        }
        List<long[]> cuts = new ArrayList<>();
        long length = audio.length();
        try (VadStream stream = vad.openStream()) {
            UtteranceSegmenter segmenter = UtteranceSegmenter.live(stream.chunkSamples(), minSilence,
                    new UtteranceSegmenter.Listener() {
                        @Override
                        public void started(long start) {
                        }

                        @Override
                        public void ended(long start, long end, boolean dropped) {
                            if (!dropped && end - start >= SileroVad.SAMPLE_RATE / 10) {
                                cuts.add(new long[] {start, Math.min(length, end)});
                            }
                        }
                    });
            float[] block = new float[BLOCK];
            for (long off = 0; off < length; off += BLOCK) {
                int n = (int) Math.min(BLOCK, length - off);
                audio.read(off, block, 0, n);
                try {
                    stream.accept(block, 0, n, segmenter::accept);
                } catch (VadStream.Failure f) {
                    throw f.error(); // e.g. engine.closed at shutdown: the run fails with the engine's own error
                }
                if (off % (BLOCK * 600L) == 0) {
                    progress.checkCancelled();
                }
            }
            segmenter.finish(length);
        }
        return cuts;
    }
}
