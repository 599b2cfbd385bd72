package io.emotrace.diarization.speakers;

import io.emotrace.EmotraceException;
import io.emotrace.diarization.embedding.SpeakerEmbedder;
import io.emotrace.diarization.simulate.SpeechTrimmer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The voice of some audio the way the diarizer sees a speaker: the speech is kept (pauses of 0.4 s and more cut
 * out by the energy trimmer), cut into pieces of at most {@link #PIECE_SECONDS} (the diarizer's longest utterance; with the
 * short tail joined, up to 1.5 s more), each
 * piece embedded; the voice is the mean of the pieces' L2-normalised embeddings weighed by their seconds.
 */
public final class VoiceEmbedding {
    /**
     * The diarizer's longest utterance (its utterance evidence embeds whole VAD utterances of up to this many seconds,
     * and a recording's voice is their seconds-weighted mean): enrolment and matching see voices alike.
     */
    public static final double PIECE_SECONDS = io.emotrace.vad.UtteranceSegmenter.LIVE_MAX_UTTERANCE;
    /** A trailing piece shorter than this joins the previous one (or is dropped when alone and under 0.5 s). */
    static final double MIN_PIECE_SECONDS = 1.5;
    static final int RATE = 16_000;

    /** Embedded pieces of one recording: L2-normalised rows and their seconds of speech. */
    public record Pieces(List<float[]> embeddings, List<Double> seconds) {
        public double totalSeconds() {
            return seconds.stream().mapToDouble(Double::doubleValue).sum();
        }

        /** The weighted sum of the rows (not normalised), for adding pieces of several recordings together. */
        public double[] weightedSum() {
            double[] s = new double[embeddings.isEmpty() ? 0 : embeddings.get(0).length];
            for (int i = 0; i < embeddings.size(); i++) {
                for (int j = 0; j < s.length; j++) {
                    s[j] += seconds.get(i) * embeddings.get(i)[j];
                }
            }
            return s;
        }
    }

    private VoiceEmbedding() {
    }

    /** The speech of {@code samples} (16 kHz mono) joined end to end; empty when the trimmer finds none. */
    public static float[] speechOnly(float[] samples) {
        return SpeechTrimmer.defaults().speechOnly(samples);
    }

    /** Cuts speech into pieces of at most {@link #PIECE_SECONDS}, the short tail merged into the previous piece. */
    static List<float[]> pieces(float[] speech) {
        int max = (int) (PIECE_SECONDS * RATE);
        int min = (int) (MIN_PIECE_SECONDS * RATE);
        List<float[]> out = new ArrayList<>();
        int from = 0;
        while (from < speech.length) {
            int to = Math.min(speech.length, from + max);
            if (speech.length - to < min) {
                to = speech.length; // the tail joins this piece (at most PIECE + MIN seconds)
            }
            out.add(Arrays.copyOfRange(speech, from, to));
            from = to;
        }
        if (out.size() == 1 && out.get(0).length < RATE / 2) {
            return List.of();
        }
        return out;
    }

    /** Embeds the speech pieces of several recordings' samples in one call to the embedder. */
    public static Pieces embed(SpeakerEmbedder embedder, List<float[]> speeches) throws EmotraceException {
        List<float[]> clips = new ArrayList<>();
        for (float[] s : speeches) {
            clips.addAll(pieces(s));
        }
        if (clips.isEmpty()) {
            return new Pieces(List.of(), List.of());
        }
        float[][] e = embedder.embed(clips);
        List<Double> sec = clips.stream().map(c -> c.length / (double) RATE).toList();
        return new Pieces(List.of(e), sec);
    }
}
