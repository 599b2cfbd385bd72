package io.emotrace.diarization.pipeline;

import io.emotrace.diarization.clustering.SpeakerClusterer;
import io.emotrace.diarization.clustering.SpeakerCount;
import io.emotrace.diarization.embedding.Plda;
import io.emotrace.domain.SpeakerTurn;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Utterances decide the voices, segmentation windows add what utterances cannot show. The utterances are clustered
 * as usual; each local speaker track of the companion segmentation evidence is given the utterance voice it is
 * closest to (the tracks of one window to different voices), and the windows' timeline is built from those labels.
 * Inside an utterance its own voice holds the frame, joined by the windows' other voices where the windows count
 * more than one speaker (overlap); outside every utterance (speech the VAD missed, e.g. far-field talkers) the windows'
 * timeline stands.
 */
final class OverlapFromSegmentation {
    /** Most local speakers the segmentation model gives one frame. */
    private static final int MAX_LOCAL = 3;

    private OverlapFromSegmentation() {
    }

    static EvidenceResolver.Resolved resolve(Evidence utterances, DiarizationSettings settings, SpeakerCount count,
            Plda plda) {
        Evidence seg = utterances.companion();
        SpeakerClusterer.Result cl = EvidenceResolver.cluster(utterances, settings, count, plda);
        int k = cl.speakers();
        if (k == 0) { // no utterance: the windows alone, with their own clustering
            return EvidenceResolver.resolveAlone(seg, settings.windowsAlone(), count, plda);
        }
        float[][] centroids = cl.centroids();
        int[] segLabels = labelTracks(seg, centroids);
        TimelineBuilder tb = new TimelineBuilder(k, settings.forRecording(seg.narrowband()).uniformWeights());
        for (Piece p : seg.pieces()) {
            int[] labels = new int[p.items().length];
            for (int s = 0; s < labels.length; s++) {
                labels[s] = p.items()[s] >= 0 ? segLabels[p.items()[s]] : -1;
            }
            tb.add(p, labels);
        }
        long totalFrames = Math.max(utterances.totalFrames(), seg.totalFrames());
        tb.finish(seg.totalFrames());
        String[] names = new String[k];
        for (int c = 0; c < k; c++) {
            names[c] = Integer.toString(c);
        }
        int n = (int) totalFrames;
        int[] segOver = new int[n * MAX_LOCAL];
        Arrays.fill(segOver, -1);
        for (SpeakerTurn t : tb.overlapping(names, 0)) {
            int c = Integer.parseInt(t.speaker());
            int end = (int) Math.min(n, FrameGrid.nearestFrame(t.end()));
            for (int f = (int) FrameGrid.nearestFrame(t.start()); f < end; f++) {
                for (int j = 0; j < MAX_LOCAL; j++) {
                    if (segOver[f * MAX_LOCAL + j] < 0) {
                        segOver[f * MAX_LOCAL + j] = c;
                        break;
                    }
                }
            }
        }
        int[] segExcl = new int[n];
        Arrays.fill(segExcl, -1);
        for (SpeakerTurn t : tb.exclusive(names, 0)) {
            Arrays.fill(segExcl, (int) Math.min(n, FrameGrid.nearestFrame(t.start())),
                    (int) Math.min(n, FrameGrid.nearestFrame(t.end())), Integer.parseInt(t.speaker()));
        }
        int[] utt = new int[n];
        Arrays.fill(utt, -1);
        for (Piece p : utterances.pieces()) {
            int item = p.items()[0];
            if (item >= 0) {
                Arrays.fill(utt, (int) Math.min(n, p.startFrame()), (int) Math.min(n, p.endFrame()), cl.labels()[item]);
            }
        }
        trimEdges(utterances, segOver, utt, settings.edgeTrimSeconds());
        dropShortOutside(segOver, utt, settings.outsideMinSeconds());
        switchInside(segOver, utt, settings.switchMinSeconds());
        boolean[][] over = new boolean[k][n];
        int[] excl = new int[n];
        for (int f = 0; f < n; f++) {
            int u = utt[f];
            int segCount = 0;
            for (int j = 0; j < MAX_LOCAL; j++) {
                segCount += segOver[f * MAX_LOCAL + j] >= 0 ? 1 : 0;
            }
            if (u < 0) {
                for (int j = 0; j < segCount; j++) {
                    over[segOver[f * MAX_LOCAL + j]][f] = true;
                }
                excl[f] = segCount > 0 ? segExcl[f] : -1;
                continue;
            }
            over[u][f] = true;
            excl[f] = u;
            int others = segCount - 1; // the windows hear this many besides the utterance's voice
            for (int j = 0; j < segCount && others > 0; j++) {
                int c = segOver[f * MAX_LOCAL + j];
                if (c != u) {
                    over[c][f] = true;
                    others--;
                }
            }
        }
        return named(over, excl, centroids, cl, settings.minGapSeconds());
    }

    /**
     * Silences an utterance's first and last frames where the windows hear no one, up to {@code seconds} at each end:
     * the VAD cut (32 ms chunks, padded, with Silero's hangover) runs past the speech the windows' 17 ms frames hear.
     */
    static void trimEdges(Evidence utterances, int[] segOver, int[] utt, double seconds) {
        int most = (int) FrameGrid.nearestFrame(seconds);
        if (most <= 0) {
            return;
        }
        int n = utt.length;
        for (Piece p : utterances.pieces()) {
            int start = (int) Math.min(n, p.startFrame());
            int end = (int) Math.min(n, p.endFrame());
            for (int f = start; f < end && f - start < most && segOver[f * MAX_LOCAL] < 0; f++) {
                utt[f] = -1;
            }
            for (int f = end - 1; f >= start && end - 1 - f < most && segOver[f * MAX_LOCAL] < 0; f--) {
                utt[f] = -1;
            }
        }
    }

    /**
     * Clears the windows' speakers in stretches outside every utterance shorter than {@code minSeconds} (a stretch is
     * the frames where the windows hear someone and no utterance runs).
     */
    static void dropShortOutside(int[] segOver, int[] utt, double minSeconds) {
        if (minSeconds <= 0) {
            return;
        }
        int n = utt.length;
        for (int f = 0; f < n;) {
            if (utt[f] >= 0 || segOver[f * MAX_LOCAL] < 0) {
                f++;
                continue;
            }
            int g = f;
            while (g < n && utt[g] < 0 && segOver[g * MAX_LOCAL] >= 0) {
                g++;
            }
            if (FrameGrid.seconds(g - f) < minSeconds) {
                java.util.Arrays.fill(segOver, f * MAX_LOCAL, g * MAX_LOCAL, -1);
            }
            f = g;
        }
    }

    /**
     * Inside an utterance, a stretch of at least {@code minSeconds} where the windows hear exactly one voice and not
     * the utterance's is given to that voice ({@code utt} changed there): the utterance held two people.
     */
    static void switchInside(int[] segOver, int[] utt, double minSeconds) {
        if (Double.isInfinite(minSeconds)) {
            return;
        }
        int n = utt.length;
        for (int f = 0; f < n;) {
            int v = other(segOver, utt, f);
            if (v < 0) {
                f++;
                continue;
            }
            int g = f;
            while (g < n && utt[g] == utt[f] && other(segOver, utt, g) == v) {
                g++;
            }
            if (FrameGrid.seconds(g - f) >= minSeconds) {
                java.util.Arrays.fill(utt, f, g, v);
            }
            f = g;
        }
    }

    /** The windows' one voice at frame {@code f} inside an utterance when it is not the utterance's, else -1. */
    private static int other(int[] segOver, int[] utt, int f) {
        int v = segOver[f * MAX_LOCAL];
        boolean one = v >= 0 && segOver[f * MAX_LOCAL + 1] < 0;
        return utt[f] >= 0 && one && v != utt[f] ? v : -1;
    }

    /** Each track of the windows given its closest utterance voice; the tracks of one window different voices. */
    static int[] labelTracks(Evidence seg, float[][] centroids) {
        int[] labels = new int[seg.items().size()];
        double[][] sim = new double[labels.length][];
        for (int i = 0; i < labels.length; i++) {
            float[] e = seg.items().get(i).embedding();
            sim[i] = new double[centroids.length];
            for (int c = 0; c < centroids.length; c++) {
                double d = 0;
                for (int x = 0; x < e.length; x++) {
                    d += e[x] * (double) centroids[c][x];
                }
                sim[i][c] = d;
            }
            labels[i] = argmax(sim[i]);
        }
        for (Piece p : seg.pieces()) {
            int[] ids = Arrays.stream(p.items()).filter(x -> x >= 0).toArray();
            if (ids.length < 2 || ids.length > centroids.length) {
                continue;
            }
            double[][] rows = new double[ids.length][];
            for (int j = 0; j < ids.length; j++) {
                rows[j] = sim[ids[j]];
            }
            int[] best = SpeakerClusterer.bestDistinct(rows, centroids.length);
            for (int j = 0; j < ids.length; j++) {
                labels[ids[j]] = best[j];
            }
        }
        return labels;
    }

    private static int argmax(double[] v) {
        int b = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[b]) {
                b = i;
            }
        }
        return b;
    }

    /**
     * Turns of the frame tracks, ids S1, S2, ... by first appearance. Same-voice gaps of at most {@code minGap} are
     * filled as {@link TimelineBuilder} fills them (whole frames, floor); in the exclusive track only silent gaps.
     */
    private static EvidenceResolver.Resolved named(boolean[][] over, int[] excl, float[][] centroids,
            SpeakerClusterer.Result cl, double minGap) {
        int gap = (int) Math.floor(minGap / FrameGrid.seconds(1));
        List<SpeakerTurn> o = new ArrayList<>();
        for (int c = 0; c < over.length; c++) {
            int[] mine = new int[excl.length];
            for (int f = 0; f < mine.length; f++) {
                mine[f] = over[c][f] ? c : -1;
            }
            o.addAll(runs(mine, gap));
        }
        return EvidenceResolver.canonical(o, runs(excl, gap), centroids, cl);
    }

    /** Runs of equal labels (-1: nobody), a label's run continued over at most {@code gap} frames of nobody. */
    private static List<SpeakerTurn> runs(int[] label, int gap) {
        List<SpeakerTurn> out = new ArrayList<>();
        int n = label.length;
        int cur = -1;
        int start = 0;
        int end = 0;
        for (int f = 0; f < n;) {
            if (label[f] < 0) {
                f++;
                continue;
            }
            int g = f;
            while (g < n && label[g] == label[f]) {
                g++;
            }
            if (label[f] == cur && f - end <= gap && silent(label, end, f)) {
                end = g;
            } else {
                if (cur >= 0) {
                    out.add(new SpeakerTurn(Integer.toString(cur), FrameGrid.seconds(start), FrameGrid.seconds(end)));
                }
                cur = label[f];
                start = f;
                end = g;
            }
            f = g;
        }
        if (cur >= 0) {
            out.add(new SpeakerTurn(Integer.toString(cur), FrameGrid.seconds(start), FrameGrid.seconds(end)));
        }
        return out;
    }

    private static boolean silent(int[] label, int from, int to) {
        for (int f = from; f < to; f++) {
            if (label[f] >= 0) {
                return false;
            }
        }
        return true;
    }
}
