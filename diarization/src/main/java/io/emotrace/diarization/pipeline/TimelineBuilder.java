package io.emotrace.diarization.pipeline;

import io.emotrace.domain.SpeakerTurn;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Turns clustered pieces into a frame-level speaker timeline, streaming: pieces arrive in start order and are
 * accumulated into a ring of frames; a frame is final once no later piece can reach it. Per frame, each
 * speaker's score is the Hamming-weighted share of covering pieces in which it is active, and the number of
 * simultaneous speakers is the weighted mean local count, rounded; the top-scoring speakers fill that count
 * (this keeps overlap). The exclusive track keeps the single best speaker of every speech frame.
 */
final class TimelineBuilder {
    private static final int RING = 2048; // > the longest piece (589 frames)

    private final int speakers;
    private final float[] score;
    private final float[] countSum = new float[RING];
    private final float[] weightSum = new float[RING];
    private final long[] openOverlap;
    private long openExclusiveStart = -1;
    private int openExclusiveSpeaker = -1;
    private long next; // first frame not yet final
    private final List<long[]> overlapping = new ArrayList<>(); // speaker, start frame, end frame
    private final List<long[]> exclusive = new ArrayList<>();

    private final boolean uniform;

    TimelineBuilder(int speakers) {
        this(speakers, false);
    }

    /** {@code uniform}: every frame of a piece weighs the same instead of the Hamming window's weights. */
    TimelineBuilder(int speakers, boolean uniform) {
        this.speakers = speakers;
        this.uniform = uniform;
        this.score = new float[RING * Math.max(1, speakers)];
        this.openOverlap = new long[Math.max(1, speakers)];
        java.util.Arrays.fill(openOverlap, -1);
    }

    /** {@code labels[s]} is the global speaker of local speaker s (-1: none). */
    void add(Piece p, int[] labels) {
        if (p.startFrame() < next) {
            throw new IllegalStateException("pieces must arrive in start order");
        }
        finalizeBefore(p.startFrame());
        int n = p.frames();
        for (int i = 0; i < n; i++) {
            long g = p.startFrame() + i;
            int slot = (int) (g % RING);
            float w = uniform ? 1f : (float) (0.54 - 0.46 * Math.cos(2 * Math.PI * (i + 0.5) / n)); // trust centres
            weightSum[slot] += w;
            int count = 0;
            for (int s = 0; s < labels.length; s++) {
                if (labels[s] >= 0 && p.active(i, s)) {
                    count++;
                    score[slot * speakers + labels[s]] += w;
                }
            }
            countSum[slot] += w * count;
        }
    }

    /** Finalises every frame up to {@code end} (exclusive) and closes open turns. */
    void finish(long end) {
        finalizeBefore(end); // frames past the end (zero padding of the last window) are dropped
        closeAll(next);
    }

    private void finalizeBefore(long frame) {
        while (next < frame) {
            int slot = (int) (next % RING);
            decide(next, slot);
            weightSum[slot] = 0;
            countSum[slot] = 0;
            java.util.Arrays.fill(score, slot * speakers, slot * speakers + speakers, 0f);
            next++;
        }
    }

    private void decide(long g, int slot) {
        int count = weightSum[slot] > 0 ? Math.round(countSum[slot] / weightSum[slot]) : 0;
        int base = slot * speakers;
        boolean[] on = new boolean[speakers];
        int best = -1;
        for (int c = 0; c < count; c++) {
            int top = -1;
            for (int s = 0; s < speakers; s++) {
                if (!on[s] && score[base + s] > 0 && (top < 0 || score[base + s] > score[base + top])) {
                    top = s;
                }
            }
            if (top < 0) {
                break;
            }
            on[top] = true;
            if (best < 0) {
                best = top;
            }
        }
        for (int s = 0; s < speakers; s++) {
            if (on[s] && openOverlap[s] < 0) {
                openOverlap[s] = g;
            } else if (!on[s] && openOverlap[s] >= 0) {
                overlapping.add(new long[] {s, openOverlap[s], g});
                openOverlap[s] = -1;
            }
        }
        if (best != openExclusiveSpeaker) {
            if (openExclusiveSpeaker >= 0) {
                exclusive.add(new long[] {openExclusiveSpeaker, openExclusiveStart, g});
            }
            openExclusiveSpeaker = best;
            openExclusiveStart = g;
        }
    }

    private void closeAll(long g) {
        for (int s = 0; s < speakers; s++) {
            if (openOverlap[s] >= 0) {
                overlapping.add(new long[] {s, openOverlap[s], g});
                openOverlap[s] = -1;
            }
        }
        if (openExclusiveSpeaker >= 0) {
            exclusive.add(new long[] {openExclusiveSpeaker, openExclusiveStart, g});
            openExclusiveSpeaker = -1;
        }
    }

    List<SpeakerTurn> overlapping(String[] names, double minGapSeconds) {
        return turns(overlapping, names, minGapSeconds, false);
    }

    List<SpeakerTurn> exclusive(String[] names, double minGapSeconds) {
        return turns(exclusive, names, minGapSeconds, true);
    }

    /**
     * Same-speaker turns separated by less than {@code minGap} are joined. In the exclusive track a gap filled that
     * way must not hide another speaker, so only silent gaps are filled there.
     */
    private static List<SpeakerTurn> turns(List<long[]> raw, String[] names, double minGap, boolean exclusiveTrack) {
        List<long[]> sorted = new ArrayList<>(raw);
        sorted.sort(Comparator.<long[]>comparingLong(t -> t[1]).thenComparingLong(t -> t[0]));
        long gapFrames = (long) Math.floor(minGap / FrameGrid.seconds(1));
        List<long[]> merged = new ArrayList<>();
        long[] lastOf = new long[names.length];
        java.util.Arrays.fill(lastOf, -1);
        for (long[] t : sorted) {
            int s = (int) t[0];
            if (exclusiveTrack) {
                long[] prev = merged.isEmpty() ? null : merged.get(merged.size() - 1);
                if (prev != null && prev[0] == s && t[1] - prev[2] <= gapFrames) {
                    prev[2] = t[2];
                    continue;
                }
            } else if (lastOf[s] >= 0) {
                long[] prev = merged.get((int) lastOf[s]);
                if (t[1] - prev[2] <= gapFrames) {
                    prev[2] = Math.max(prev[2], t[2]);
                    continue;
                }
            }
            long[] copy = t.clone();
            lastOf[s] = merged.size();
            merged.add(copy);
        }
        List<SpeakerTurn> out = new ArrayList<>(merged.size());
        for (long[] t : merged) {
            out.add(new SpeakerTurn(names[(int) t[0]], FrameGrid.seconds(t[1]), FrameGrid.seconds(t[2])));
        }
        return out;
    }
}
