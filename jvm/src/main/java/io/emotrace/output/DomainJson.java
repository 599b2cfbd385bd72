package io.emotrace.output;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.emotrace.domain.Emotion;
import io.emotrace.domain.EmotionTrackPoint;
import io.emotrace.domain.StageStatus;

/**
 * The JSON form of the domain value types, which know nothing of Jackson ({@code io.emotrace.domain} depends on
 * java.* only): emotions and stage statuses are written (and read) as their lower-case names, and a track point
 * leaves out its {@code reason} (timeline.json has never had it). Other records need nothing here; their
 * components are their fields. {@link ResultJson#mapper()} registers this module.
 */
public final class DomainJson extends SimpleModule {
    public DomainJson() {
        super("emotrace-domain");
        setMixInAnnotation(Emotion.class, EmotionForm.class);
        setMixInAnnotation(StageStatus.class, StageStatusForm.class);
        setMixInAnnotation(EmotionTrackPoint.class, TrackPointForm.class);
    }

    /** {@code "angry"}, ..., as value and as map key. */
    private abstract static class EmotionForm {
        @JsonValue
        abstract String english();
    }

    /** {@code "ok"}, {@code "unavailable"}, {@code "failed"}. */
    private abstract static class StageStatusForm {
        @JsonValue
        abstract String json();
    }

    /** {@code time, start, end, judged, emotion}. */
    @JsonIgnoreProperties("reason")
    private abstract static class TrackPointForm {
    }
}
