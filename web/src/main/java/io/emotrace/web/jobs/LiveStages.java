package io.emotrace.web.jobs;

import io.emotrace.audio.AudioSource;
import io.emotrace.domain.EmotionEstimate;
import io.emotrace.domain.Segment;
import io.emotrace.domain.Transcript;
import io.emotrace.pipeline.EmotionRecognizer;
import io.emotrace.pipeline.EmotionRecognizerFactory;
import io.emotrace.pipeline.ProgressListener;
import io.emotrace.pipeline.StageCatalog;
import io.emotrace.pipeline.Transcriber;
import io.emotrace.pipeline.TranscriberFactory;
import io.emotrace.web.AnalysisEvents;
import io.emotrace.web.SegmentEvent;
import io.emotrace.web.ServiceComponents;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A job's StageCatalog: the classpath's providers, with the emotion and ASR engines wrapped so their segments
 * are published the moment their stage returns them, long before the outputs are written.
 */
final class LiveStages {
    private static final Method RECOGNIZE = SegmentPublishing.method(EmotionRecognizer.class, "recognize",
            AudioSource.class, List.class, ProgressListener.class);
    private static final Method TRANSCRIBE = SegmentPublishing.method(Transcriber.class, "transcribe",
            AudioSource.class, List.class, ProgressListener.class);

    private LiveStages() {
    }

    static StageCatalog catalog(ServiceComponents.Stages s, String recordingId, AnalysisEvents events) {
        return StageCatalog.of(s.decoders(), s.vad(), s.diarizers(),
                s.emotion().stream().map(f -> liveEmotion(f, recordingId, events)).toList(),
                s.asr().stream().map(f -> liveAsr(f, recordingId, events)).toList(),
                s.rules());
    }

    /** Publishes each segment's emotion as soon as the emotion stage returns. */
    static EmotionRecognizerFactory liveEmotion(EmotionRecognizerFactory f, String recordingId, AnalysisEvents events) {
        return SegmentPublishing.wrap(EmotionRecognizerFactory.class, EmotionRecognizer.class, RECOGNIZE, f,
                (int i, Segment seg, EmotionEstimate e) -> events.segment(recordingId,
                        emotionEvent(i, "emotion", seg, e, null)));
    }

    /** Publishes each segment's text as soon as the ASR stage returns. */
    static TranscriberFactory liveAsr(TranscriberFactory f, String recordingId, AnalysisEvents events) {
        return SegmentPublishing.wrap(TranscriberFactory.class, Transcriber.class, TRANSCRIBE, f,
                (int i, Segment seg, Transcript t) -> events.segment(recordingId,
                        emotionEvent(i, "asr", seg, null, t.text())));
    }

    static SegmentEvent emotionEvent(int index, String stage, Segment seg, EmotionEstimate e, String text) {
        Map<String, Double> scores = new LinkedHashMap<>();
        if (e != null) {
            e.scores().forEach((k, v) -> scores.put(k.english(), v));
        }
        return new SegmentEvent(index, stage, seg.speaker(), seg.start(), seg.end(),
                e == null ? null : e.emotion().english(), e == null ? null : e.confidence(), scores, text);
    }
}
