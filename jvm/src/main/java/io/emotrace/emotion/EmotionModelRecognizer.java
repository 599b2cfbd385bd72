package io.emotrace.emotion;

import io.emotrace.EmotraceException;
import io.emotrace.audio.AudioSource;
import io.emotrace.emotion.quality.InputQualityGate;
import io.emotrace.emotion.quality.QualityReport;
import io.emotrace.domain.PreparedClip;
import io.emotrace.domain.Emotion;
import io.emotrace.emotion.track.SlidingWindowTracker;
import io.emotrace.pipeline.AnalysisPipeline;
import io.emotrace.domain.EmotionEstimate;
import io.emotrace.pipeline.EmotionRecognizer;
import io.emotrace.domain.EmotionTrackPoint;
import io.emotrace.domain.EmotionTracks;
import io.emotrace.pipeline.ProgressListener;
import io.emotrace.domain.Segment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import io.emotrace.domain.SpeakerVoice;

/**
 * The pipeline's per-segment emotion stage over any {@link EmotionModel}, and the sliding-window curve inside each
 * segment ({@link SlidingWindowTracker}, default settings) for the per-speaker timelines; owns the model. The work
 * is the {@link SegmentEmotionRunner} the {@code emotion} command uses too: segments pass the
 * {@link InputQualityGate} first; rejected ones (silence, noise, too short) are {@code unknown} with confidence 0
 * without running the model, degraded ones (clipping, noisy, steady tone) keep their scores with a lowered
 * confidence.
 */
public final class EmotionModelRecognizer implements EmotionRecognizer {
    private final EmotionModel model;
    private final SegmentEmotionRunner runner;

    public EmotionModelRecognizer(EmotionModel model) {
        this(model, SlidingWindowTracker.Settings.defaults());
    }

    public EmotionModelRecognizer(EmotionModel model, SlidingWindowTracker.Settings trackSettings) {
        this(model, InputQualityGate.standard(), trackSettings);
    }

    public EmotionModelRecognizer(EmotionModel model, InputQualityGate gate, SlidingWindowTracker.Settings trackSettings) {
        this.model = model;
        this.runner = new SegmentEmotionRunner(model, gate, trackSettings);
    }

    public EmotionModel model() {
        return model;
    }

    @Override
    public List<EmotionEstimate> recognize(AudioSource audio, List<Segment> segments, ProgressListener progress)
            throws EmotraceException {
        return runner.recognize(audio, segments, progress);
    }

    @Override
    public boolean usesSpeakerVoice() {
        return model.usesSpeakerVoice();
    }

    @Override
    public SpeakerVoice voiceOf(float[] samples) throws EmotraceException {
        return model.voiceOf(List.of(samples));
    }

    /**
     * The model's voice pass over the one clip ({@link EmotionModel#prepare}, as {@link #voiceOf} runs it, with what the
     * estimates read): its voice is {@link #voiceOf} of it, and its reading (the embedded model: pitch track and the
     * heads' statistics) is what {@link #recognizePrepared} reuses.
     */
    @Override
    public PreparedClip prepare(float[] samples) throws EmotraceException {
        if (!model.usesSpeakerVoice()) {
            return new PreparedClip(samples, model.voiceOf(List.of(samples)), null);
        }
        List<PreparedClip> p = model.prepare(List.of(samples), true);
        if (p.size() != 1) {
            throw new EmotraceException("emotion.contract", model.name() + " prepared " + p.size() + " clips of 1");
        }
        // voiceOf of one clip is its share; a model that gives none answers voiceOf of no clips (an empty voice)
        SpeakerVoice voice = p.get(0).voice() != null ? p.get(0).voice() : model.voiceOf(List.of());
        return new PreparedClip(samples, voice, p.get(0).reading());
    }

    /**
     * {@link #recognize(AudioSource, List, SpeakerVoice, ProgressListener)} of the clip as one segment (the gate, then
     * the model), reusing what {@link #prepare} read of it; the model ignores a reading not its own.
     */
    @Override
    public EmotionEstimate recognizePrepared(PreparedClip clip, SpeakerVoice voice) throws EmotraceException {
        float[] x = clip.samples();
        // the model ignores a reading that is not its own, or not of these samples
        PreparedClip.Reading reading = clip.reading();
        Map<String, SpeakerVoice> voices = new java.util.HashMap<>();
        Segment whole = new Segment(null, 0, x.length / 16_000.0);
        if (voice != null) {
            voices.put(SegmentEmotionRunner.voiceKey(whole), voice);
        }
        return runner.recognize(new io.emotrace.audio.ArrayAudioSource(x, 16_000), List.of(whole),
                new SegmentEmotionRunner.VoicePass(voices, java.util.Collections.singletonList(reading)),
                ProgressListener.NONE).get(0);
    }

    @Override
    public List<EmotionEstimate> recognize(AudioSource audio, List<Segment> segments,
            SpeakerVoice voice, ProgressListener progress) throws EmotraceException {
        Map<String, SpeakerVoice> voices = new java.util.HashMap<>();
        if (voice != null) {
            for (Segment s : segments) {
                voices.put(SegmentEmotionRunner.voiceKey(s), voice);
            }
        }
        return runner.recognize(audio, segments, voices, progress);
    }

    @Override
    public Map<String, SpeakerVoice> voices(AudioSource audio, List<Segment> segments, ProgressListener progress)
            throws EmotraceException {
        return runner.voices(audio, segments, progress);
    }

    @Override
    public List<EmotionEstimate> recognize(AudioSource audio, List<Segment> segments, Map<String, SpeakerVoice> voices,
            ProgressListener progress) throws EmotraceException {
        return runner.recognize(audio, segments, voices, progress);
    }

    /** One voice pass, whose readings of the segments their answers reuse. */
    @Override
    public VoicedEstimates recognizeWithVoices(AudioSource audio, List<Segment> segments, ProgressListener progress)
            throws EmotraceException {
        SegmentEmotionRunner.VoicePass pass = runner.voicePass(audio, segments, progress);
        return new VoicedEstimates(runner.recognize(audio, segments, pass, progress), pass.voices());
    }

    @Override
    public EmotionTracks track(AudioSource audio, List<Segment> segments, ProgressListener progress)
            throws EmotraceException {
        return track(audio, segments, voices(audio, segments, progress), progress);
    }

    @Override
    public EmotionTracks track(AudioSource audio, List<Segment> segments, Map<String, SpeakerVoice> voices,
            ProgressListener progress) throws EmotraceException {
        List<List<EmotionTrackPoint>> out = new ArrayList<>(segments.size());
        for (int i = 0; i < segments.size(); i++) {
            progress.checkCancelled();
            Segment s = segments.get(i);
            List<EmotionTrackPoint> points = new ArrayList<>();
            runner.track(audio, s.start(), s.end(), voices.get(SegmentEmotionRunner.voiceKey(s)),
                    p -> points.add(new EmotionTrackPoint(p.time(), p.start(), p.end(), p.judged(), p.emotion())));
            out.add(points);
            progress.report(AnalysisPipeline.EMOTION_TRACK, (i + 1.0) / segments.size(),
                    model.name() + ": " + (i + 1) + "/" + segments.size() + " segments tracked");
        }
        return new EmotionTracks(runner.describeTrack(), out);
    }

    /** The model is thread-safe and the runner keeps no per-call state in its fields (the gate is stateless). */
    @Override
    public boolean concurrent() {
        return true;
    }

    @Override
    public String describe() {
        return model.describe();
    }

    @Override
    public void close() {
        model.close();
    }
}
