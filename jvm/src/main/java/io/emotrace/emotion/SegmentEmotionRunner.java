package io.emotrace.emotion;

import io.emotrace.EmotraceException;
import io.emotrace.audio.AudioSource;
import io.emotrace.domain.BandEnergy;
import io.emotrace.emotion.quality.InputQualityGate;
import io.emotrace.emotion.quality.QualityReport;
import io.emotrace.emotion.track.SlidingWindowTracker;
import io.emotrace.domain.PreparedClip;
import io.emotrace.domain.EmotionTrackPoint;
import io.emotrace.pipeline.AnalysisPipeline;
import io.emotrace.domain.Emotion;
import io.emotrace.domain.EmotionEstimate;
import io.emotrace.pipeline.ProgressListener;
import io.emotrace.domain.Segment;
import io.emotrace.domain.SpeakerVoice;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The one way an {@link EmotionModel} is run on segments, shared by the pipeline's emotion stage
 * ({@link EmotionModelRecognizer}) and the {@code emotion} command
 * ({@link io.emotrace.emotion.analysis.EmotionFileAnalyzer}): every clip passes the {@link InputQualityGate}
 * first; rejected clips (silence, noise, too short) are {@code unknown} with confidence 0 and, unless their
 * embeddings are wanted, never reach the model; degraded ones (clipping, noisy, steady tone) keep their scores
 * with the confidence scaled by the gate's factor. The sliding-window curve inside a span is the
 * {@link SlidingWindowTracker} over the same model and gate. Does not own the model.
 */
public final class SegmentEmotionRunner {
    /** Segments read from the audio, and sent to the model, per call in {@link #recognize}. */
    static final int SEGMENTS_PER_READ = 32;

    private final EmotionModel model;
    private final InputQualityGate gate;
    private final SlidingWindowTracker tracker;

    public SegmentEmotionRunner(EmotionModel model, InputQualityGate gate, SlidingWindowTracker.Settings trackSettings) {
        this.model = model;
        this.gate = gate;
        this.tracker = new SlidingWindowTracker(model, gate, trackSettings);
    }

    /**
     * Samples for the model; the gate judges the first {@code judgedLength} of them (a frame-mode chunk carries a
     * little context past its own end that is not its to judge).
     */
    public record Clip(float[] samples, int judgedLength) {
        public Clip {
            if (judgedLength < 0 || judgedLength > samples.length) {
                throw new IllegalArgumentException("judged length " + judgedLength + " of " + samples.length);
            }
        }

        public static Clip of(float[] samples) {
            return new Clip(samples, samples.length);
        }
    }

    /** The gate's verdict on a clip and the model's output, {@code clip} null when the model was not run. */
    public record Judged(QualityReport quality, ClipEmotion clip) {
        /** Whether the model ran and gave an answer (also for a rejected clip run for its embedding). */
        public boolean ran() {
            return clip != null && clip.ran();
        }

        /**
         * {@code unknown} with confidence 0 when the gate rejected the clip or the model gave no answer; else the
         * model's estimate with its confidence scaled by the gate's factor.
         */
        public EmotionEstimate estimate() {
            if (quality.rejected() || !ran()) {
                return unknown();
            }
            EmotionEstimate e = clip.estimate();
            return quality.confidenceFactor() == 1.0 ? e
                    : new EmotionEstimate(e.emotion(), e.confidence() * quality.confidenceFactor(), e.scores());
        }

        /** Why the estimate is unknown, or what lowered its confidence; null when there is nothing to say. */
        public String reason() {
            if (quality.rejected()) {
                return quality.reason();
            }
            if (clip == null) {
                return "not run";
            }
            return clip.ran() ? quality.reason() : clip.reason();
        }
    }

    public EmotionModel model() {
        return model;
    }

    public SlidingWindowTracker.Settings trackSettings() {
        return tracker.settings();
    }

    /** {@code unknown}, confidence 0, all nine scores 0. */
    public static EmotionEstimate unknown() {
        Map<Emotion, Double> zeros = new EnumMap<>(Emotion.class);
        for (Emotion e : Emotion.values()) {
            zeros.put(e, 0.0);
        }
        return new EmotionEstimate(Emotion.UNKNOWN, 0.0, zeros);
    }

    /**
     * Gates every clip, then runs the model once over the clips that pass, in order.
     *
     * @param keepFrames ask the model for frame embeddings and scores
     * @param runRejected also run rejected clips that are at least the model's {@link EmotionModel#minSeconds()}
     *                    long, for their embeddings; their estimate stays {@code unknown}
     */
    public List<Judged> judge(List<Clip> clips, boolean keepFrames, boolean runRejected) throws EmotraceException {
        return judge(clips, keepFrames, runRejected, null);
    }

    /** {@link #judge(List, boolean, boolean)} for clips of one speaker whose voice is known (null = unknown). */
    public List<Judged> judge(List<Clip> clips, boolean keepFrames, boolean runRejected, SpeakerVoice voice)
            throws EmotraceException {
        return judge(clips, null, keepFrames, runRejected, voice);
    }

    /**
     * {@link #judge(List, boolean, boolean, SpeakerVoice)} reusing what the model's voice pass read of the clips
     * ({@code readings}, one per clip, an element or the list null where there is none).
     */
    private List<Judged> judge(List<Clip> clips, List<PreparedClip.Reading> readings, boolean keepFrames,
            boolean runRejected, SpeakerVoice voice) throws EmotraceException {
        QualityReport[] q = new QualityReport[clips.size()];
        int[] slot = new int[clips.size()];
        List<PreparedClip> run = new ArrayList<>(clips.size());
        double minSamples = model.minSeconds() * 16_000;
        for (int i = 0; i < clips.size(); i++) {
            Clip c = clips.get(i);
            q[i] = gate.assess(c.samples(), 0, c.judgedLength());
            boolean go = !q[i].rejected() || (runRejected && c.samples().length >= minSamples);
            slot[i] = go ? run.size() : -1;
            if (go) {
                run.add(new PreparedClip(c.samples(), null, readings == null ? null : readings.get(i)));
            }
        }
        List<ClipEmotion> results = run.isEmpty() ? List.of() : model.analysePrepared(run, keepFrames, voice);
        if (results.size() != run.size()) {
            throw new EmotraceException("emotion.contract", model.name() + " returned " + results.size()
                    + " results for " + run.size() + " clips");
        }
        List<Judged> out = new ArrayList<>(clips.size());
        for (int i = 0; i < clips.size(); i++) {
            out.add(new Judged(q[i], slot[i] < 0 ? null : results.get(slot[i])));
        }
        return out;
    }

    /**
     * The voice pass over a recording's segments ({@link #voicePass}): each speaker's voice ({@link #voiceKey} to the
     * voice), and what the model read of each segment's clip ({@code readings}, in segment order, null where it read
     * nothing), which {@link #recognize(AudioSource, List, VoicePass, ProgressListener)} reuses instead of computing it
     * again. A few KB per segment (the embedded model: a pitch track and its heads' statistics; never the audio); the
     * caller drops it when the segments are judged.
     */
    public record VoicePass(Map<String, SpeakerVoice> voices, List<PreparedClip.Reading> readings) {
        public VoicePass {
            voices = java.util.Collections.unmodifiableMap(voices);
            readings = readings == null ? null : java.util.Collections.unmodifiableList(new ArrayList<>(readings));
        }

        /** Voices collected elsewhere, with nothing read of the segments. */
        public static VoicePass of(Map<String, SpeakerVoice> voices) {
            return new VoicePass(voices, null);
        }

        PreparedClip.Reading reading(int segment) {
            return readings == null ? null : readings.get(segment);
        }
    }

    /**
     * One estimate per segment (the pipeline's emotion stage). Segments are read a group at a time, so hours of
     * audio are never all in the heap at once; progress goes to the {@code emotion} stage. One voice pass, whose
     * readings the segments' answers reuse.
     */
    public List<EmotionEstimate> recognize(AudioSource audio, List<Segment> segments, ProgressListener progress)
            throws EmotraceException {
        return recognize(audio, segments, voicePass(audio, segments, progress), progress);
    }

    /**
     * {@link #recognize(AudioSource, List, ProgressListener)} with the voices already known: {@code voices} maps
     * {@link #voiceKey(Segment)} to that speaker's voice (a speaker missing from it is judged without one).
     */
    public List<EmotionEstimate> recognize(AudioSource audio, List<Segment> segments, Map<String, SpeakerVoice> voices,
            ProgressListener progress) throws EmotraceException {
        return recognize(audio, segments, VoicePass.of(voices), progress);
    }

    /**
     * {@link #recognize(AudioSource, List, Map, ProgressListener)} after {@link #voicePass} over the same segments,
     * reusing what it read of each.
     */
    public List<EmotionEstimate> recognize(AudioSource audio, List<Segment> segments, VoicePass pass,
            ProgressListener progress) throws EmotraceException {
        requireSixteenKilohertz(audio);
        if (pass.readings() != null && pass.readings().size() != segments.size()) {
            throw new IllegalArgumentException("a voice pass over " + pass.readings().size() + " segments for "
                    + segments.size());
        }
        EmotionEstimate[] out = new EmotionEstimate[segments.size()];
        // the clips of one read, by speaker when the model runs each speaker's clips with its voice (else one call)
        boolean perSpeaker = model.usesSpeakerVoice();
        for (int from = 0; from < segments.size(); from += SEGMENTS_PER_READ) {
            progress.checkCancelled();
            int to = Math.min(segments.size(), from + SEGMENTS_PER_READ);
            Map<String, List<Integer>> bySpeaker = new java.util.LinkedHashMap<>();
            for (int i = from; i < to; i++) {
                bySpeaker.computeIfAbsent(perSpeaker ? voiceKey(segments.get(i)) : "", k -> new ArrayList<>()).add(i);
            }
            for (Map.Entry<String, List<Integer>> e : bySpeaker.entrySet()) {
                List<Clip> clips = new ArrayList<>(e.getValue().size());
                List<PreparedClip.Reading> readings = new ArrayList<>(e.getValue().size());
                for (int i : e.getValue()) {
                    clips.add(Clip.of(read(audio, segments.get(i))));
                    readings.add(pass.reading(i));
                }
                List<Judged> judged = judge(clips, readings, false, false,
                        perSpeaker ? pass.voices().get(e.getKey()) : null);
                for (int k = 0; k < judged.size(); k++) {
                    out[e.getValue().get(k)] = judged.get(k).estimate();
                }
            }
            progress.report(AnalysisPipeline.EMOTION, to / (double) segments.size(),
                    model.name() + ": " + to + "/" + segments.size() + " segments");
        }
        return java.util.Arrays.asList(out);
    }

    /** The key of a segment's speaker in a voice map ("" for a segment without a speaker). */
    public static String voiceKey(Segment s) {
        return s.speaker() == null ? "" : s.speaker();
    }

    /**
     * Each speaker's voice over the clips of its segments that the gate accepts, when the model normalises by the
     * speaker's voice; else an empty map. One pass over the segments' audio, a read at a time (flat memory).
     */
    public Map<String, SpeakerVoice> voices(AudioSource audio, List<Segment> segments, ProgressListener progress)
            throws EmotraceException {
        return voicePass(audio, segments, progress).voices();
    }

    /**
     * {@link #voices} with what the model read of each segment's clip ({@link EmotionModel#prepare}), for
     * {@link #recognize(AudioSource, List, VoicePass, ProgressListener)} to reuse; no readings when the model uses no
     * voice (nothing was read).
     */
    public VoicePass voicePass(AudioSource audio, List<Segment> segments, ProgressListener progress)
            throws EmotraceException {
        Map<String, SpeakerVoice> voices = new java.util.HashMap<>();
        if (!model.usesSpeakerVoice()) {
            return VoicePass.of(voices);
        }
        requireSixteenKilohertz(audio);
        List<PreparedClip.Reading> readings = new ArrayList<>(java.util.Collections.nCopies(segments.size(), null));
        for (int from = 0; from < segments.size(); from += SEGMENTS_PER_READ) {
            progress.checkCancelled();
            int to = Math.min(segments.size(), from + SEGMENTS_PER_READ);
            Map<String, List<Integer>> bySpeaker = new java.util.LinkedHashMap<>();
            Map<Integer, float[]> samples = new java.util.HashMap<>();
            for (int i = from; i < to; i++) {
                float[] x = read(audio, segments.get(i));
                if (!gate.assess(x, 0, x.length).rejected()) {
                    bySpeaker.computeIfAbsent(voiceKey(segments.get(i)), k -> new ArrayList<>()).add(i);
                    samples.put(i, x);
                }
            }
            for (Map.Entry<String, List<Integer>> e : bySpeaker.entrySet()) {
                List<float[]> clips = new ArrayList<>(e.getValue().size());
                for (int i : e.getValue()) {
                    clips.add(samples.get(i));
                }
                List<PreparedClip> prepared = model.prepare(clips, true);
                if (prepared.size() != clips.size()) {
                    throw new EmotraceException("emotion.contract", model.name() + " prepared " + prepared.size()
                            + " clips of " + clips.size());
                }
                for (int k = 0; k < prepared.size(); k++) {
                    readings.set(e.getValue().get(k), prepared.get(k).reading());
                }
                SpeakerVoice v = PreparedClip.voiceOf(prepared);
                if (v != null) {
                    voices.merge(e.getKey(), v, SpeakerVoice::plus);
                }
            }
        }
        // one recording, one channel: every voice is heard as the recording's speech is (its voices' bands together),
        // so a model with a calls model judges all of a call's voices by it, and no single voice of a meeting alone
        BandEnergy band = voices.values().stream().map(SpeakerVoice::band).reduce(BandEnergy.NONE, BandEnergy::plus);
        voices.replaceAll((k, v) -> v.withBand(band));
        return new VoicePass(voices, readings);
    }

    private static float[] read(AudioSource audio, Segment s) throws EmotraceException {
        long a = Math.round(s.start() * audio.sampleRate());
        long e = Math.min(audio.length(), Math.round(s.end() * audio.sampleRate()));
        return audio.read(a, (int) Math.max(0, e - a));
    }

    /**
     * The sliding-window curve over [startSeconds, endSeconds), each point handed to {@code sink} in time order.
     *
     * @return the number of points
     */
    public long track(AudioSource audio, double startSeconds, double endSeconds, Consumer<EmotionTrackPoint> sink)
            throws EmotraceException {
        return track(audio, startSeconds, endSeconds, null, sink);
    }

    /** {@link #track(AudioSource, double, double, Consumer)} inside one speaker's segment, with that speaker's voice. */
    public long track(AudioSource audio, double startSeconds, double endSeconds, SpeakerVoice voice,
            Consumer<EmotionTrackPoint> sink) throws EmotraceException {
        return tracker.track(audio, startSeconds, endSeconds, voice, sink, ProgressListener.NONE);
    }

    /** The curve's settings in words, for outputs. */
    public String describeTrack() {
        SlidingWindowTracker.Settings t = tracker.settings();
        return String.format(Locale.ROOT, "%s: %.2f s windows every %.2f s, %s smoothing %.2f s",
                model.name(), t.windowSeconds(), t.hopSeconds(), t.smoothing().name().toLowerCase(Locale.ROOT),
                t.smoothingSeconds());
    }

    private void requireSixteenKilohertz(AudioSource audio) throws EmotraceException {
        if (audio.sampleRate() != 16_000) {
            throw new EmotraceException("emotion.sample-rate", model.name() + " needs 16 kHz audio, got "
                    + audio.sampleRate() + " Hz");
        }
    }
}
