package io.emotrace.web;

import io.emotrace.web.db.SegmentRow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Computes {@link SpeakerSummary} values from stored segments (definitions on the record). */
public final class SpeakerSummaries {
    private SpeakerSummaries() {
    }

    /** One summary per speaker in order of first appearance; segments without a speaker count as "unknown". */
    public static List<SpeakerSummary> of(List<SegmentRow> segments) {
        Map<String, List<SegmentRow>> bySpeaker = new LinkedHashMap<>();
        segments.stream().sorted((a, b) -> Double.compare(a.start(), b.start()))
                .forEach(s -> bySpeaker.computeIfAbsent(s.speaker() == null ? "unknown" : s.speaker(),
                        k -> new ArrayList<>()).add(s));
        List<SpeakerSummary> out = new ArrayList<>();
        bySpeaker.forEach((speaker, list) -> out.add(one(speaker, list)));
        return out;
    }

    static SpeakerSummary one(String speaker, List<SegmentRow> turns) {
        double talk = 0;
        Map<String, Double> byEmotion = new TreeMap<>();
        double withEmotion = 0;
        int changes = 0;
        String previous = null;
        io.emotrace.domain.TurnTally sure = new io.emotrace.domain.TurnTally();
        for (SegmentRow s : turns) {
            double d = Math.max(0, s.end() - s.start());
            talk += d;
            sure.add(d, s.speakerConfidence());
            if (s.emotion() != null) {
                byEmotion.merge(s.emotion(), d, Double::sum);
                withEmotion += d;
                if (previous != null && !previous.equals(s.emotion())) {
                    changes++;
                }
                previous = s.emotion();
            }
        }
        String dominant = null;
        double best = -1;
        Map<String, Double> distribution = new TreeMap<>();
        for (Map.Entry<String, Double> e : byEmotion.entrySet()) {
            distribution.put(e.getKey(), withEmotion > 0 ? e.getValue() / withEmotion : 0.0);
            if (e.getValue() > best) {
                best = e.getValue();
                dominant = e.getKey();
            }
        }
        double volatility = talk > 0 ? changes / (talk / 60.0) : 0.0;
        return new SpeakerSummary(speaker, talk, turns.size(), dominant, distribution, volatility,
                sure.meanConfidence());
    }
}
