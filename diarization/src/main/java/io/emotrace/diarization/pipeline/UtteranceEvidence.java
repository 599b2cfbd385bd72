package io.emotrace.diarization.pipeline;

import io.emotrace.EmotraceException;
import io.emotrace.audio.AudioSource;
import io.emotrace.diarization.embedding.SpeakerEmbedder;
import io.emotrace.pipeline.ProgressListener;
import io.emotrace.vad.UtteranceCuts;
import io.emotrace.vad.VoiceActivityDetector;
import java.util.ArrayList;
import java.util.List;

/**
 * Utterance evidence: the speech cut where a live stream cuts it ({@link UtteranceCuts}: Silero VAD, an utterance
 * ended by a short silence or at 15 s), each utterance embedded whole and given to one speaker. A whole turn gives
 * the embedding all of one voice in one emotion, where a segmentation window's local speaker track is a 10 s view
 * that can mix two people; the price is overlap, which this evidence cannot show (docs/diarization.md, "Utterance
 * evidence").
 */
final class UtteranceEvidence {
    private UtteranceEvidence() {
    }

    /** Where the speech of {@code audio} is cut into utterances ({@link UtteranceCuts}). */
    static List<long[]> cuts(AudioSource audio, VoiceActivityDetector vad, DiarizationSettings s,
            ProgressListener progress) throws EmotraceException {
        progress.report(SpeakerDiarizer.STAGE, 0, "voice activity detection: utterances");
        return UtteranceCuts.of(vad, audio, s.utteranceSilence(), progress);
    }

    /**
     * One piece and one embedding per cut; {@code cutSeconds}, the time the VAD took to cut them, is reported as the
     * evidence's segmentation time (what stands in for segmentation here).
     */
    static Evidence collect(AudioSource audio, List<long[]> cuts, double cutSeconds, SpeakerEmbedder embedder,
            DiarizationSettings s, ProgressListener progress, String stage) throws EmotraceException {
        long t0 = System.nanoTime();
        long totalFrames = (audio.length() + FrameGrid.STEP - 1) / FrameGrid.STEP;
        EmbeddingQueue queue = new EmbeddingQueue(embedder, s.embedBatch());
        List<Piece> pieces = new ArrayList<>();
        for (int i = 0; i < cuts.size(); i++) {
            long[] c = cuts.get(i);
            long a = c[0] / FrameGrid.STEP;
            long b = Math.min(totalFrames, (c[1] + FrameGrid.STEP - 1) / FrameGrid.STEP);
            if (b <= a) {
                continue;
            }
            int len = (int) (c[1] - c[0]);
            double sec = len / (double) FrameGrid.SAMPLE_RATE;
            int item = queue.add(audio.read(c[0], len), sec, sec >= s.clustering().shapeSeconds(), pieces.size());
            byte[] bits = new byte[(int) (b - a)];
            java.util.Arrays.fill(bits, (byte) 1);
            pieces.add(new Piece(a, bits, new int[] {item}));
            if (i % 32 == 31) {
                progress.checkCancelled();
                progress.report(stage, 0.1 + 0.8 * (i + 1) / cuts.size(), "embeddings: utterance " + (i + 1) + "/"
                        + cuts.size());
            }
        }
        queue.flush();
        return new Evidence(pieces, List.copyOf(queue.items()), totalFrames, false, pieces.size(), cutSeconds,
                (System.nanoTime() - t0) / 1e9, queue.embeddedAudioSeconds(), false);
    }
}
