package io.emotrace.output;

import io.emotrace.domain.AnalyzedSegment;
import io.emotrace.domain.Emotion;
import io.emotrace.domain.EmotionEstimate;
import io.emotrace.domain.EmotionTrackPoint;
import io.emotrace.domain.EmotionTracks;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Groups a run's analysed segments (and their emotion curves) by speaker and summarises each speaker. */
public final class SpeakerTimelines {
    private SpeakerTimelines() {
    }

    /**
     * @param segments the run's segments in time order (exclusive turns, or VAD regions with speaker null)
     * @param tracks   the curve inside each segment, same order; null when no track was made
     */
    public static List<SpeakerTimeline> build(List<AnalyzedSegment> segments, EmotionTracks tracks) {
        if (tracks != null && tracks.perSegment().size() != segments.size()) {
            throw new IllegalArgumentException("tracks for " + tracks.perSegment().size() + " segments, expected "
                    + segments.size());
        }
        Map<String, List<Integer>> bySpeaker = new LinkedHashMap<>();
        double allTalk = 0;
        for (int i = 0; i < segments.size(); i++) {
            bySpeaker.computeIfAbsent(segments.get(i).speaker(), k -> new ArrayList<>()).add(i);
            allTalk += segments.get(i).end() - segments.get(i).start();
        }
        List<SpeakerTimeline> out = new ArrayList<>();
        for (Map.Entry<String, List<Integer>> e : bySpeaker.entrySet()) {
            List<SpeakerTimeline.Turn> turns = new ArrayList<>();
            List<EmotionTrackPoint> track = new ArrayList<>();
            for (int i : e.getValue()) {
                AnalyzedSegment s = segments.get(i);
                turns.add(new SpeakerTimeline.Turn(s.start(), s.end(), s.text(), s.language(), s.words(), s.emotion()));
                if (tracks != null) {
                    track.addAll(tracks.perSegment().get(i));
                }
            }
            out.add(new SpeakerTimeline(e.getKey(), turns, track, summarize(turns, track, allTalk)));
        }
        return out;
    }

    static SpeakerTimeline.Summary summarize(List<SpeakerTimeline.Turn> turns, List<EmotionTrackPoint> track,
                                             double allTalk) {
        double talk = 0;
        int words = 0;
        Map<Emotion, Double> time = new EnumMap<>(Emotion.class);
        double judged = 0;
        for (SpeakerTimeline.Turn t : turns) {
            double d = t.end() - t.start();
            talk += d;
            words += t.words().size();
            if (t.emotion() != null) {
                time.merge(t.emotion().emotion(), d, Double::sum);
                judged += d;
            }
        }
        Map<Emotion, Double> distribution = new EnumMap<>(Emotion.class);
        Emotion dominant = null;
        if (judged > 0) {
            for (Emotion c : Emotion.values()) {
                distribution.put(c, time.getOrDefault(c, 0.0) / judged);
            }
            dominant = time.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
        }
        return new SpeakerTimeline.Summary(talk, allTalk > 0 ? talk / allTalk : 0.0, turns.size(), words, dominant,
                distribution, volatility(turns, track, talk));
    }

    static SpeakerTimeline.Volatility volatility(List<SpeakerTimeline.Turn> turns, List<EmotionTrackPoint> track,
                                                 double talkSeconds) {
        List<EmotionEstimate> seq = track.stream().filter(EmotionTrackPoint::judged).map(EmotionTrackPoint::emotion)
                .filter(Objects::nonNull).toList();
        String basis = "track";
        if (seq.size() < 2) {
            seq = turns.stream().map(SpeakerTimeline.Turn::emotion).filter(Objects::nonNull)
                    .filter(e -> e.emotion() != Emotion.UNKNOWN || e.confidence() > 0).toList();
            basis = "turns";
        }
        if (seq.size() < 2) {
            return new SpeakerTimeline.Volatility("none", 0, null, null);
        }
        int changes = 0;
        double drift = 0;
        for (int i = 1; i < seq.size(); i++) {
            if (seq.get(i).emotion() != seq.get(i - 1).emotion()) {
                changes++;
            }
            drift += totalVariation(seq.get(i - 1), seq.get(i));
        }
        Double perMinute = talkSeconds > 0 ? changes / (talkSeconds / 60.0) : null;
        return new SpeakerTimeline.Volatility(basis, changes, perMinute, drift / (seq.size() - 1));
    }

    /** Half the L1 distance between two score vectors: 0 for equal, 1 for disjoint distributions. */
    static double totalVariation(EmotionEstimate a, EmotionEstimate b) {
        double sum = 0;
        for (Emotion e : Emotion.values()) {
            sum += Math.abs(a.scores().get(e) - b.scores().get(e));
        }
        return sum / 2;
    }
}
