package io.emotrace.output;

import io.emotrace.domain.Emotion;
import io.emotrace.domain.EmotionEstimate;
import io.emotrace.domain.EmotionTrackPoint;
import io.emotrace.domain.Word;
import java.util.List;
import java.util.Map;

/**
 * Everything about one speaker, in time order: the turns (words, utterance emotion with all nine scores), the
 * sliding-window emotion curve inside those turns, and a summary. {@code speaker} is null for the single timeline
 * of a run without diarization (all speech, speakers not separated); {@code name} is the speaker's name (enrolled
 * voice or rename, see {@link AnalysisResult.Speaker}), null when it has none.
 */
public record SpeakerTimeline(String speaker, String name, List<Turn> turns, List<EmotionTrackPoint> track,
                              Summary summary) {
    public SpeakerTimeline {
        turns = List.copyOf(turns);
        track = List.copyOf(track);
    }

    /** An anonymous speaker's timeline (no name). */
    public SpeakerTimeline(String speaker, List<Turn> turns, List<EmotionTrackPoint> track, Summary summary) {
        this(speaker, null, turns, track, summary);
    }

    /** The same timeline under {@code name} (null: anonymous). */
    public SpeakerTimeline withName(String name) {
        return new SpeakerTimeline(speaker, name, turns, track, summary);
    }

    /** One exclusive turn; emotion null when the emotion stage did not run, text null when ASR did not. */
    public record Turn(double start, double end, String text, String language, List<Word> words,
                       EmotionEstimate emotion) {
        public Turn {
            words = List.copyOf(words);
        }
    }

    /**
     * @param talkSeconds          total duration of the turns
     * @param shareOfTalk          talkSeconds over all speakers' talk time
     * @param turns                number of turns
     * @param words                recognised words
     * @param dominantEmotion      class with the largest share of talk time among judged turns; null without emotion
     * @param emotionDistribution  per class, share of judged talk time whose turn has that top class (sums to 1)
     * @param volatility           how much the emotion moves, see {@link Volatility}
     */
    public record Summary(double talkSeconds, double shareOfTalk, int turns, int words, Emotion dominantEmotion,
                          Map<Emotion, Double> emotionDistribution, Volatility volatility) {
    }

    /**
     * Over the speaker's sequence of judged observations: the track's judged points when there are at least two,
     * else the turns' utterance emotions ({@code basis} says which; {@code none} when fewer than two exist).
     *
     * @param dominantChanges  times the top class differs from the previous observation's
     * @param changesPerMinute dominantChanges per minute of the speaker's talk time (null without talk time)
     * @param meanScoreDrift   mean total-variation distance (half the L1 distance, 0..1) between the 9-score
     *                         vectors of consecutive observations; null when fewer than two
     */
    public record Volatility(String basis, int dominantChanges, Double changesPerMinute, Double meanScoreDrift) {
    }
}
