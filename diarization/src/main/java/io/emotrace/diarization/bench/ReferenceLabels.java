package io.emotrace.diarization.bench;

import io.emotrace.diarization.clustering.SpeakerClusterer;
import io.emotrace.diarization.pipeline.Evidence;
import io.emotrace.diarization.pipeline.FrameGrid;
import io.emotrace.diarization.pipeline.Piece;
import io.emotrace.rttm.RttmTurn;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Labels every embedded local speaker of the evidence with the reference speaker active on most of its frames (the
 * tracks that overlap no reference speech share one extra label, which counts as a speaker in the diagnostic's count
 * column when it wins frames): the bench's "perfect clustering" of the segmentation's tracks.
 */
final class ReferenceLabels {
    private ReferenceLabels() {
    }

    static SpeakerClusterer.Result of(Evidence ev, List<RttmTurn> reference) {
        Map<String, Integer> ids = new LinkedHashMap<>();
        for (RttmTurn t : reference) {
            ids.putIfAbsent(t.speaker(), ids.size());
        }
        int nRef = ids.size();
        if (nRef > 63) {
            throw new IllegalArgumentException("more than 63 reference speakers in one recording");
        }
        long[] who = new long[(int) Math.max(ev.totalFrames(), 0)]; // bit r: reference speaker r talks in the frame
        for (RttmTurn t : reference) {
            int r = ids.get(t.speaker());
            long from = Math.max(0, FrameGrid.frameAt(t.turn().start()));
            long to = Math.min(who.length, FrameGrid.frameAt(t.turn().end()));
            for (long g = from; g < to; g++) {
                who[(int) g] |= 1L << r;
            }
        }
        int n = ev.items().size();
        long[][] votes = new long[n][nRef];
        for (Piece p : ev.pieces()) {
            for (int f = 0; f < p.frames(); f++) {
                long g = p.startFrame() + f;
                if (g < 0 || g >= who.length || who[(int) g] == 0) {
                    continue;
                }
                for (int s = 0; s < p.items().length; s++) {
                    int item = p.items()[s];
                    if (item >= 0 && p.active(f, s)) {
                        for (int r = 0; r < nRef; r++) {
                            if ((who[(int) g] >> r & 1) != 0) {
                                votes[item][r]++;
                            }
                        }
                    }
                }
            }
        }
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int best = nRef; // nobody: the shared extra label
            long most = 0;
            for (int r = 0; r < nRef; r++) {
                if (votes[i][r] > most) {
                    most = votes[i][r];
                    best = r;
                }
            }
            labels[i] = best;
        }
        int d = n > 0 ? ev.items().get(0).embedding().length : 0;
        float[][] centroids = new float[nRef + 1][d];
        return new SpeakerClusterer.Result(labels, centroids, nRef + 1, nRef + 1);
    }
}
