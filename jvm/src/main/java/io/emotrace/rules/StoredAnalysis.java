package io.emotrace.rules;

import io.emotrace.domain.AnalyzedSegment;
import io.emotrace.domain.EmotionEstimate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * An analysis as the rules engine reads it: the segments in time order and the speakers. Built from a run
 * directory by {@link ResultJsonAdapter} (no model runs) or from the pipeline's segments by {@link #of}.
 * {@code language} is the run's language when the ASR stage recorded one, else null.
 */
public record StoredAnalysis(List<SegmentView> segments, List<String> speakers, String language, double duration) {
    public StoredAnalysis {
        segments = List.copyOf(segments);
        speakers = List.copyOf(speakers);
    }

    /** The pipeline's in-memory segments (the analysis being built); each carries the language its ASR decoded. */
    public static StoredAnalysis of(List<AnalyzedSegment> segments) {
        List<SegmentView> views = new ArrayList<>();
        Set<String> speakers = new LinkedHashSet<>();
        double end = 0;
        for (int i = 0; i < segments.size(); i++) {
            AnalyzedSegment s = segments.get(i);
            EmotionEstimate e = s.emotion();
            views.add(new SegmentView(i, s.speaker(), s.start(), s.end(), e == null ? null : e.emotion(),
                    e == null ? 0 : e.confidence(), e == null ? null : e.scores(), s.text(), s.words(), s.language(),
                    null));
            if (s.speaker() != null) {
                speakers.add(s.speaker());
            }
            end = Math.max(end, s.end());
        }
        return new StoredAnalysis(views, new ArrayList<>(speakers), null, end);
    }
}
