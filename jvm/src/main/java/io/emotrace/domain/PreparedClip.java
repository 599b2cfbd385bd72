package io.emotrace.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * One clip as an emotion model's or recognizer's voice pass read it ({@code EmotionModel.prepare},
 * {@code EmotionRecognizer.prepare}): the samples, the clip's share of its speaker's voice, and what the model computed
 * of the clip that does not depend on the voice ({@link Reading}; the embedded model: the pitch track and its heads'
 * statistics), which {@code analysePrepared} / {@code recognizePrepared} reuse when
 * the clip is judged instead of computing it a second time. The caller keeps it as long as it needs it (a few KB
 * beside the samples); the model keeps nothing behind it. Not copied: the arrays are shared, never modified.
 *
 * @param voice the clip's share of its speaker's voice: empty (nothing added) when the model refuses the clip, null when
 *              the model uses no voice
 * @param reading what the model read of the clip, private to that model (another model ignores it); null: nothing
 */
public record PreparedClip(float[] samples, SpeakerVoice voice, Reading reading) {
    /** What a model read of a clip; each model implements it privately and ignores readings that are not its own. */
    public interface Reading {
    }

    public PreparedClip {
        if (samples == null) {
            throw new IllegalArgumentException("a prepared clip needs its samples");
        }
    }

    /** A clip nothing was read of yet. */
    public static PreparedClip of(float[] samples) {
        return new PreparedClip(samples, null, null);
    }

    /** Clips nothing was read of yet, in order. */
    public static List<PreparedClip> of(List<float[]> clips) {
        List<PreparedClip> out = new ArrayList<>(clips.size());
        for (float[] c : clips) {
            out.add(of(c));
        }
        return out;
    }

    /** The same reading for the same clip whose samples were read again (e.g. a second pass over a recording). */
    public PreparedClip withSamples(float[] again) {
        return new PreparedClip(again, voice, reading);
    }

    /** The voice of all these clips (their shares summed); null when none has a share. */
    public static SpeakerVoice voiceOf(List<PreparedClip> clips) {
        List<SpeakerVoice> shares = new ArrayList<>(clips.size());
        for (PreparedClip c : clips) {
            shares.add(c.voice());
        }
        return SpeakerVoice.sum(shares);
    }

    /** The samples of each clip, in order. */
    public static List<float[]> samples(List<PreparedClip> clips) {
        List<float[]> out = new ArrayList<>(clips.size());
        for (PreparedClip c : clips) {
            out.add(c.samples());
        }
        return out;
    }
}
