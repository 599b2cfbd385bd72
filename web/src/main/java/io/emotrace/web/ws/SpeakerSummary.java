package io.emotrace.web.ws;

import io.emotrace.pipeline.AnalyzedSegment;
import io.emotrace.pipeline.Emotion;
import io.emotrace.pipeline.EmotionEstimate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One speaker's emotion over a time range.
 *
 * @param speaker      the speaker id, null for speech that no diarization attributed
 * @param talkSeconds  speech time inside the range
 * @param segments     segments overlapping the range
 * @param dominant     the emotion with the most talk time, null when no segment has an estimate
 * @param distribution share of the emotion-rated talk time per top emotion (sums to 1; empty without estimates)
 * @param volatility   mean total-variation distance between the score vectors of consecutive segments:
 *                     0 = the same mix throughout, 1 = a complete switch at every turn
 */
public record SpeakerSummary(String speaker, double talkSeconds, int segments, Emotion dominant,
                             Map<Emotion, Double> distribution, double volatility) {

    /** Summaries of every speaker (or only {@code speaker} when not null) over [from, to], in order of appearance. */
    public static List<SpeakerSummary> of(List<AnalyzedSegment> all, String speaker, double from, double to) {
        Map<String, List<AnalyzedSegment>> bySpeaker = new LinkedHashMap<>();
        all.stream().filter(s -> overlap(s, from, to) > 0 || (s.start() >= from && s.end() <= to))
                .filter(s -> speaker == null || speaker.equals(s.speaker()))
                .sorted(Comparator.comparingDouble(AnalyzedSegment::start))
                .forEach(s -> bySpeaker.computeIfAbsent(Objects.requireNonNullElse(s.speaker(), "\0"),
                        k -> new ArrayList<>()).add(s));
        List<SpeakerSummary> out = new ArrayList<>();
        bySpeaker.forEach((id, segs) -> out.add(summarize("\0".equals(id) ? null : id, segs, from, to)));
        return out;
    }

    private static SpeakerSummary summarize(String speaker, List<AnalyzedSegment> segs, double from, double to) {
        double talk = 0;
        double rated = 0;
        Map<Emotion, Double> time = new EnumMap<>(Emotion.class);
        double changes = 0;
        int pairs = 0;
        EmotionEstimate previous = null;
        for (AnalyzedSegment s : segs) {
            double d = overlap(s, from, to);
            talk += d;
            EmotionEstimate e = s.emotion();
            if (e == null) {
                continue;
            }
            time.merge(e.emotion(), d, Double::sum);
            rated += d;
            if (previous != null) {
                changes += totalVariation(previous, e);
                pairs++;
            }
            previous = e;
        }
        Map<Emotion, Double> distribution = new EnumMap<>(Emotion.class);
        Emotion dominant = null;
        for (Map.Entry<Emotion, Double> t : time.entrySet()) {
            distribution.put(t.getKey(), rated > 0 ? t.getValue() / rated : 0.0);
            if (dominant == null || t.getValue() > time.get(dominant)) {
                dominant = t.getKey();
            }
        }
        return new SpeakerSummary(speaker, talk, segs.size(), dominant, distribution,
                pairs == 0 ? 0.0 : changes / pairs);
    }

    private static double totalVariation(EmotionEstimate a, EmotionEstimate b) {
        double sum = 0;
        for (Emotion e : Emotion.values()) {
            sum += Math.abs(a.scores().get(e) - b.scores().get(e));
        }
        return sum / 2;
    }

    static double overlap(AnalyzedSegment s, double from, double to) {
        return Math.max(0, Math.min(s.end(), to) - Math.max(s.start(), from));
    }
}
