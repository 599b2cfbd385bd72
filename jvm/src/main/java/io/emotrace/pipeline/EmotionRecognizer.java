package io.emotrace.pipeline;

import io.emotrace.EmotraceException;
import io.emotrace.audio.AudioSource;
import io.emotrace.domain.EmotionEstimate;
import io.emotrace.domain.EmotionTracks;
import io.emotrace.domain.Segment;
import io.emotrace.domain.PreparedClip;
import io.emotrace.domain.SpeakerVoice;
import java.util.List;
import java.util.Map;

/** Speech emotion recognition: one estimate per segment, in the same order. */
public interface EmotionRecognizer extends AutoCloseable {
    /** Code of the error {@link #track} throws when a recognizer has no sliding-window curve. */
    String NO_TRACK = "emotion.no_track";

    /**
     * One estimate per segment. A recognizer that {@link #usesSpeakerVoice() uses speaker voices} first collects each
     * speaker's voice over all of that speaker's segments here.
     */
    List<EmotionEstimate> recognize(AudioSource audio, List<Segment> segments, ProgressListener progress)
            throws EmotraceException;

    /**
     * Whether estimates are relative to the speaker's own voice in the recording ({@link SpeakerVoice}); callers that
     * see a recording piece by piece (live streams) then keep each speaker's voice and pass it in.
     */
    default boolean usesSpeakerVoice() {
        return false;
    }

    /** The voice statistics of the speech in {@code samples} (16 kHz), or null when this recognizer uses none. */
    default SpeakerVoice voiceOf(float[] samples) throws EmotraceException {
        return null;
    }

    /**
     * Reads one clip once for both its voice and its answer (live streams: the utterance's share of its speaker's voice,
     * then its estimate against that voice): {@link PreparedClip#voice()} is {@link #voiceOf} of the samples, and
     * {@link #recognizePrepared} reuses what was read (the caller keeps it only while the clip waits for its answer). This
     * default reads nothing to reuse.
     */
    default PreparedClip prepare(float[] samples) throws EmotraceException {
        return new PreparedClip(samples, voiceOf(samples), null);
    }

    /**
     * The estimate of a clip from {@link #prepare} (or {@link PreparedClip#of}) judged as one segment spanning it,
     * against {@code voice} (any voice of its speaker, e.g. a live stream's running one; null = unknown): the answer of
     * {@link #recognize(AudioSource, List, SpeakerVoice, ProgressListener)} on the samples, without computing again
     * what {@link #prepare} read. This default reads the samples again.
     */
    default EmotionEstimate recognizePrepared(PreparedClip clip, SpeakerVoice voice) throws EmotraceException {
        float[] x = clip.samples();
        return recognize(new io.emotrace.audio.ArrayAudioSource(x, 16_000), List.of(new Segment(null, 0, x.length / 16_000.0)),
                voice, ProgressListener.NONE).get(0);
    }

    /** {@link #recognize} with the speaker's voice known (all segments are that speaker's); null = unknown. */
    default List<EmotionEstimate> recognize(AudioSource audio, List<Segment> segments, SpeakerVoice voice,
            ProgressListener progress) throws EmotraceException {
        return recognize(audio, segments, progress);
    }

    /**
     * Each speaker's voice over all of its segments, keyed by speaker ("" for segments without one), collected once
     * so that {@link #recognize(AudioSource, List, Map, ProgressListener)} and
     * {@link #track(AudioSource, List, Map, ProgressListener)} share it; empty when this recognizer uses none.
     */
    default Map<String, SpeakerVoice> voices(AudioSource audio, List<Segment> segments, ProgressListener progress)
            throws EmotraceException {
        return Map.of();
    }

    /** {@link #recognize(AudioSource, List, ProgressListener)} with the voices of {@link #voices} already collected. */
    default List<EmotionEstimate> recognize(AudioSource audio, List<Segment> segments, Map<String, SpeakerVoice> voices,
            ProgressListener progress) throws EmotraceException {
        return recognize(audio, segments, progress);
    }

    /** Estimates of {@link #recognizeWithVoices}, with the voices they were judged against. */
    record VoicedEstimates(List<EmotionEstimate> estimates, Map<String, SpeakerVoice> voices) {
    }

    /**
     * {@link #voices} and then {@link #recognize(AudioSource, List, Map, ProgressListener)} over the same segments, the
     * voices returned with the estimates (for {@link #track(AudioSource, List, Map, ProgressListener)}); a recognizer may
     * reuse what its voice pass computed of each segment when it judges that segment.
     */
    default VoicedEstimates recognizeWithVoices(AudioSource audio, List<Segment> segments, ProgressListener progress)
            throws EmotraceException {
        Map<String, SpeakerVoice> voices = voices(audio, segments, progress);
        return new VoicedEstimates(recognize(audio, segments, voices, progress), voices);
    }

    /**
     * The sliding-window emotion curve inside each segment, for the per-speaker timelines. A recognizer without
     * one throws {@link #NO_TRACK} (this default), and the run records the track as unavailable.
     */
    default EmotionTracks track(AudioSource audio, List<Segment> segments, ProgressListener progress)
            throws EmotraceException {
        throw new EmotraceException(NO_TRACK, describe() + " offers no sliding-window track");
    }

    /** {@link #track(AudioSource, List, ProgressListener)} with the voices of {@link #voices} already collected. */
    default EmotionTracks track(AudioSource audio, List<Segment> segments, Map<String, SpeakerVoice> voices,
            ProgressListener progress) throws EmotraceException {
        return track(audio, segments, progress);
    }

    /**
     * True when {@link #recognize} may run on several threads at once (the instance keeps no per-call state and
     * its model is thread-safe): live streams then call it without waiting for the engine's lock, which an
     * offline analysis holds for its whole emotion stage.
     */
    default boolean concurrent() {
        return false;
    }

    String describe();

    @Override
    void close();
}
