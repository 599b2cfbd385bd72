package io.emotrace.diarization.pipeline;

import io.emotrace.EmotraceException;
import io.emotrace.audio.AudioSource;
import io.emotrace.diarization.embedding.SpeakerEmbedder;
import io.emotrace.domain.SpeechRegion;
import io.emotrace.pipeline.ProgressListener;
import java.util.ArrayList;
import java.util.List;

/**
 * The path without a segmentation model: fixed sub-segments of VAD speech (half-overlapping), one embedding each,
 * one speaker at a time. Overlapped speech cannot be found this way; results say so.
 */
final class VadEvidence {
    private VadEvidence() {
    }

    static Evidence collect(AudioSource audio, List<SpeechRegion> speech, SpeakerEmbedder embedder,
                            DiarizationSettings s, ProgressListener progress, String stage) throws EmotraceException {
        long t0 = System.nanoTime();
        EmbeddingQueue queue = new EmbeddingQueue(embedder, s.embedBatch());
        List<Piece> pieces = new ArrayList<>();
        long pieceFrames = Math.max(2, FrameGrid.frameAt(s.vadPieceSeconds()));
        long hop = Math.max(1, pieceFrames / 2);
        long minFrames = Math.max(1, FrameGrid.frameAt(s.minEmbedSeconds()));
        long totalFrames = (audio.length() + FrameGrid.STEP - 1) / FrameGrid.STEP;
        for (int ri = 0; ri < speech.size(); ri++) {
            SpeechRegion r = speech.get(ri);
            long a = FrameGrid.frameAt(r.start());
            long b = Math.min(totalFrames, FrameGrid.frameAt(r.end()));
            if (b - a < minFrames) {
                continue;
            }
            for (long st = a; st < b; st += hop) {
                long en = Math.min(b, st + pieceFrames);
                if (en - st < minFrames || (st > a && en - st < hop)) {
                    break; // the tail is already covered by the previous piece's second half
                }
                byte[] bits = new byte[(int) (en - st)];
                java.util.Arrays.fill(bits, (byte) 1);
                int len = (int) ((en - st) * FrameGrid.STEP);
                float[] clip = audio.read(FrameGrid.sample(st), len);
                double sec = len / (double) FrameGrid.SAMPLE_RATE;
                int item = queue.add(clip, sec, sec >= s.reliableSeconds(), pieces.size());
                pieces.add(new Piece(st, bits, new int[] {item}));
                if (en == b) {
                    break;
                }
            }
            progress.checkCancelled();
            progress.report(stage, 0.9 * (ri + 1) / speech.size(), "embeddings: speech region " + (ri + 1) + "/"
                    + speech.size());
        }
        queue.flush();
        double total = (System.nanoTime() - t0) / 1e9;
        return new Evidence(pieces, List.copyOf(queue.items()), totalFrames, false, pieces.size(),
                0, total, queue.embeddedAudioSeconds());
    }
}
