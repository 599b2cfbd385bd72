package io.emotrace.diarization.simulate;

import io.emotrace.domain.SpeechRegion;
import java.util.List;

/**
 * One utterance placed in a simulated meeting. Times are in seconds from the start of the meeting audio.
 *
 * @param speaker  corpus speaker id
 * @param start    start of the trimmed utterance
 * @param end      end of the trimmed utterance
 * @param speech   where the speech is inside [start, end] (internal pauses of 0.4 s or more split it); the
 *                 reference RTTM lists these
 * @param turn     index of the turn this utterance belongs to
 * @param overlapsPrevious whether its turn started before the previous turn ended
 * @param source   audio file relative to the data root
 * @param corpus   corpus name
 * @param emotion  emotion label from labels.csv, or null
 * @param text     text from labels.csv, or null
 * @param gain     linear factor applied to the source samples (normalisation x speaker level x clip guard)
 * @param levelDb  the speaker's level offset in dB
 */
public record SimulatedSegment(String speaker, double start, double end, List<SpeechRegion> speech, int turn,
        boolean overlapsPrevious, String source, String corpus, String emotion, String text, double gain,
        double levelDb) {
}
