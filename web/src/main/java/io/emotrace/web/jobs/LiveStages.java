package io.emotrace.web.jobs;

import io.emotrace.EmotraceException;
import io.emotrace.audio.AudioSource;
import io.emotrace.pipeline.Availability;
import io.emotrace.pipeline.EmotionEstimate;
import io.emotrace.pipeline.EmotionRecognizer;
import io.emotrace.pipeline.EmotionTracks;
import io.emotrace.pipeline.EmotionRecognizerFactory;
import io.emotrace.pipeline.ProgressListener;
import io.emotrace.pipeline.Segment;
import io.emotrace.pipeline.StageCatalog;
import io.emotrace.pipeline.Transcriber;
import io.emotrace.pipeline.TranscriberFactory;
import io.emotrace.pipeline.Transcript;
import io.emotrace.web.AnalysisEvents;
import io.emotrace.web.SegmentEvent;
import io.emotrace.web.ServiceComponents;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A job's StageCatalog: the classpath's providers, with the emotion and ASR engines wrapped so their segments
 * are published the moment their stage returns them, long before the outputs are written.
 */
final class LiveStages {
    private LiveStages() {
    }

    static StageCatalog catalog(ServiceComponents.Stages s, String recordingId, AnalysisEvents events) {
        return StageCatalog.of(s.decoders(), s.vad(), s.diarizers(),
                s.emotion().stream().<EmotionRecognizerFactory>map(f -> new Emotion(f, recordingId, events)).toList(),
                s.asr().stream().<TranscriberFactory>map(f -> new Asr(f, recordingId, events)).toList(),
                s.rules());
    }

    static SegmentEvent emotionEvent(int index, String stage, Segment seg, EmotionEstimate e, String text) {
        Map<String, Double> scores = new LinkedHashMap<>();
        if (e != null) {
            e.scores().forEach((k, v) -> scores.put(k.english(), v));
        }
        return new SegmentEvent(index, stage, seg.speaker(), seg.start(), seg.end(),
                e == null ? null : e.emotion().english(), e == null ? null : e.confidence(), scores, text);
    }

    private record Emotion(EmotionRecognizerFactory base, String id, AnalysisEvents events)
            implements EmotionRecognizerFactory {
        @Override
        public String name() {
            return base.name();
        }

        @Override
        public Availability availability() {
            return base.availability();
        }

        @Override
        public EmotionRecognizer create() throws EmotraceException {
            EmotionRecognizer inner = base.create();
            return new EmotionRecognizer() {
                @Override
                public List<EmotionEstimate> recognize(AudioSource audio, List<Segment> segments,
                                                       ProgressListener progress) throws EmotraceException {
                    List<EmotionEstimate> out = inner.recognize(audio, segments, progress);
                    if (out != null && out.size() == segments.size()) {
                        for (int i = 0; i < out.size(); i++) {
                            events.segment(id, emotionEvent(i, "emotion", segments.get(i), out.get(i), null));
                        }
                    }
                    return out;
                }

                // the per-speaker timelines need the inner engine's curve; the interface default has none
                @Override
                public EmotionTracks track(AudioSource audio, List<Segment> segments, ProgressListener progress)
                        throws EmotraceException {
                    return inner.track(audio, segments, progress);
                }

                @Override
                public String describe() {
                    return inner.describe();
                }

                @Override
                public void close() {
                    inner.close();
                }
            };
        }
    }

    private record Asr(TranscriberFactory base, String id, AnalysisEvents events) implements TranscriberFactory {
        @Override
        public String name() {
            return base.name();
        }

        @Override
        public Availability availability() {
            return base.availability();
        }

        @Override
        public Transcriber create() throws EmotraceException {
            Transcriber inner = base.create();
            return new Transcriber() {
                @Override
                public List<Transcript> transcribe(AudioSource audio, List<Segment> segments,
                                                   ProgressListener progress) throws EmotraceException {
                    List<Transcript> out = inner.transcribe(audio, segments, progress);
                    if (out != null && out.size() == segments.size()) {
                        for (int i = 0; i < out.size(); i++) {
                            events.segment(id, emotionEvent(i, "asr", segments.get(i), null, out.get(i).text()));
                        }
                    }
                    return out;
                }

                @Override
                public String describe() {
                    return inner.describe();
                }

                @Override
                public void close() {
                    inner.close();
                }
            };
        }
    }
}
