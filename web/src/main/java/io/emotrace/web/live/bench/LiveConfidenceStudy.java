package io.emotrace.web.live.bench;

import io.emotrace.diarization.bench.ConfidenceStudy;
import io.emotrace.diarization.embedding.AttributionCalibration;
import io.emotrace.rttm.RttmTurn;
import io.emotrace.scoring.OptimalAssignment;
import io.emotrace.web.live.LiveAttributionReplay;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The live labels as first sent, judged against a reference: each label is mapped one-to-one to the reference speaker
 * it shares the most speech with (over the whole stream), and an utterance is right in the share of its reference
 * speech where that speaker talks. Only reference speech counts (as for the offline turn confidence).
 */
final class LiveConfidenceStudy {
    /** Resolution of the reference grid inside an utterance, s. */
    private static final double STEP = 0.01;

    private LiveConfidenceStudy() {
    }

    /** Each utterance's features with how right its first label was. */
    static List<ConfidenceStudy.Sample> samples(List<LiveAttributionReplay.Utterance> utterances,
            List<LiveAttributionReplay.Emitted> emitted, List<RttmTurn> reference) {
        Map<String, Integer> refIds = new LinkedHashMap<>();
        for (RttmTurn t : reference) {
            refIds.putIfAbsent(t.speaker(), refIds.size());
        }
        Map<String, Integer> labelIds = new LinkedHashMap<>();
        for (LiveAttributionReplay.Emitted e : emitted) {
            labelIds.putIfAbsent(e.label(), labelIds.size());
        }
        int nRef = refIds.size();
        if (nRef > 64) {
            throw new IllegalArgumentException("more than 64 reference speakers in one recording");
        }
        // per utterance and step: which reference speakers talk (bits), and the label x reference overlap
        List<long[]> grids = new ArrayList<>();
        double[][] overlap = new double[labelIds.size()][Math.max(1, nRef)];
        for (int i = 0; i < utterances.size(); i++) {
            LiveAttributionReplay.Utterance u = utterances.get(i);
            int steps = (int) Math.max(0, Math.round((u.end() - u.start()) / STEP));
            long[] bits = new long[steps];
            for (RttmTurn t : reference) {
                if (t.end() <= u.start() || t.start() >= u.end()) {
                    continue;
                }
                int r = refIds.get(t.speaker());
                for (int k = 0; k < steps; k++) {
                    double time = u.start() + (k + 0.5) * STEP;
                    if (time >= t.start() && time < t.end()) {
                        bits[k] |= 1L << r;
                    }
                }
            }
            grids.add(bits);
            int l = labelIds.get(emitted.get(i).label());
            for (long b : bits) {
                for (int r = 0; r < nRef; r++) {
                    overlap[l][r] += (b >> r & 1) * STEP;
                }
            }
        }
        int[] refOf = nRef == 0 ? new int[labelIds.size()] : OptimalAssignment.maximize(overlap);
        List<ConfidenceStudy.Sample> out = new ArrayList<>();
        for (int i = 0; i < utterances.size(); i++) {
            int ref = nRef == 0 ? -1 : refOf[labelIds.get(emitted.get(i).label())];
            int speech = 0;
            int right = 0;
            for (long b : grids.get(i)) {
                if (b != 0) {
                    speech++;
                    right += ref >= 0 && (b >> ref & 1) != 0 ? 1 : 0;
                }
            }
            if (speech > 0) {
                out.add(new ConfidenceStudy.Sample(emitted.get(i).features(), right / (double) speech, speech * STEP));
            }
        }
        return out;
    }

    /** The samples as judged by {@code cal}: its probability against how right each was. */
    static List<ConfidenceStudy.TurnSample> judged(List<ConfidenceStudy.Sample> samples, AttributionCalibration cal) {
        List<ConfidenceStudy.TurnSample> out = new ArrayList<>();
        for (ConfidenceStudy.Sample s : samples) {
            out.add(new ConfidenceStudy.TurnSample(cal.probability(s.x()), s.right(), s.seconds()));
        }
        return out;
    }
}
