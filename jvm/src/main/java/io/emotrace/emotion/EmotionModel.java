package io.emotrace.emotion;

import io.emotrace.EmotraceException;
import io.emotrace.domain.PreparedClip;
import io.emotrace.domain.SpeakerVoice;
import java.util.List;

/**
 * The contract of every emotion backend (Emotion2Vec+ over ONNX Runtime, the project's embedded LibTorch model, a
 * user's head on either): clips in, labels, 9 scores and embeddings out. Granularity, sliding-window tracks, the
 * CLI and the embedding tools are written against this, never against a concrete backend.
 * Implementations are thread-safe, load once and stay warm until {@link #close()}.
 */
public interface EmotionModel extends AutoCloseable {
    /** Short name users pass to {@code --model}. */
    String name();

    /** D of the utterance and frame embeddings. */
    int embeddingDim();

    /** Frames per second of the frame-level output (50 for Emotion2Vec+). */
    double frameRate();

    /** Shortest clip the model runs on, in seconds; shorter clips come back not run, with a reason. */
    double minSeconds();

    /**
     * One result per clip (16 kHz mono, raw amplitude), in input order. A clip the model cannot judge is
     * returned not run ({@link ClipEmotion#ran()} false, {@code unknown}) with its reason, never thrown.
     *
     * @param keepFrames also return the frame embeddings (T, D) and, where the model has them, frame scores
     */
    List<ClipEmotion> analyse(List<float[]> clips, boolean keepFrames) throws EmotraceException;

    /**
     * Whether the model was trained on speaker-normalised features: callers then collect one {@link SpeakerVoice} per
     * speaker ({@link #voiceOf}) and pass it with that speaker's clips.
     */
    default boolean usesSpeakerVoice() {
        return false;
    }

    /** The voice statistics of the speech in these clips of one speaker; null when the model uses none. */
    default SpeakerVoice voiceOf(List<float[]> clips) throws EmotraceException {
        return null;
    }

    /**
     * The voice pass over clips of one speaker, each clip read once: its share of the voice ({@link #voiceOf} of the
     * clips is the sum of the shares, {@link PreparedClip#voiceOf}) and what the model will reuse when
     * {@link #analysePrepared} judges the same clip against a voice. This default reads nothing to reuse: each clip's
     * share is {@link #voiceOf} of the clip alone (none when the model {@link #usesSpeakerVoice() uses no voice}).
     *
     * @param estimates false when the caller reads only embeddings and frames, never estimates: a model may then leave
     *                  out what only its estimates need (the embedded model's fused heads and their statistics)
     */
    default List<PreparedClip> prepare(List<float[]> clips, boolean estimates) throws EmotraceException {
        List<PreparedClip> out = new java.util.ArrayList<>(clips.size());
        for (float[] c : clips) {
            out.add(new PreparedClip(c, usesSpeakerVoice() ? voiceOf(List.of(c)) : null, null));
        }
        return out;
    }

    /**
     * {@link #analyse(List, boolean)} for clips of one speaker whose voice is known (null = unknown: the model then
     * falls back to what it can tell from each clip alone).
     */
    default List<ClipEmotion> analyse(List<float[]> clips, boolean keepFrames, SpeakerVoice voice) throws EmotraceException {
        return analyse(clips, keepFrames);
    }

    /**
     * {@link #analyse(List, boolean, SpeakerVoice)} of clips read by {@link #prepare}, reusing what was read (the same
     * answers, without computing that part again). {@code voice} may be any voice of the clips' speaker, not only the
     * sum of their shares (a whole recording's, a live stream's after relabels).
     */
    default List<ClipEmotion> analysePrepared(List<PreparedClip> clips, boolean keepFrames, SpeakerVoice voice)
            throws EmotraceException {
        return analyse(PreparedClip.samples(clips), keepFrames, voice);
    }

    /**
     * The windows {@code chunk[offsets[i], offsets[i] + length)} of one speaker's audio judged as clips, as
     * {@link #analyse(List, boolean, SpeakerVoice)} judges copies of them; a model may share work across windows that
     * overlap (the emotion track's windows do, four times over).
     */
    default List<ClipEmotion> analyseWindows(float[] chunk, int[] offsets, int length, SpeakerVoice voice)
            throws EmotraceException {
        return analyse(windows(chunk, offsets, length), false, voice);
    }

    /** Copies of the windows {@code chunk[offsets[i], offsets[i] + length)}, in order. */
    static List<float[]> windows(float[] chunk, int[] offsets, int length) {
        List<float[]> clips = new java.util.ArrayList<>(offsets.length);
        for (int off : offsets) {
            clips.add(java.util.Arrays.copyOfRange(chunk, off, off + length));
        }
        return clips;
    }

    /** Identifies the weights, runtime and device, for outputs. */
    String describe();

    @Override
    void close();
}
