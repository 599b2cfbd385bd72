package io.emotrace.diarization.simulate;

import java.util.List;
import java.util.Map;

/**
 * A simulated meeting: 16 kHz mono audio plus everything known about it.
 *
 * @param id            file id, e.g. {@code meeting_003} (also the RTTM file id)
 * @param seed          the seed this meeting was built from (derived from the master seed and index)
 * @param audio         16 kHz mono samples in [-1, 1]
 * @param segments      utterances in order of start time
 * @param speakerLevelDb each speaker's level offset in dB, in order of first appearance
 * @param noise         noise type actually used (babble falls back to pink when no spare speaker exists)
 * @param noiseSnrDb    SNR of the noise against the speech, or null without noise
 * @param noiseSources  utterances mixed into babble noise (empty otherwise)
 * @param turns         number of speaker turns
 * @param overlappedTurns turns that started before the previous turn ended
 */
public record SimulatedMeeting(String id, long seed, float[] audio, List<SimulatedSegment> segments,
        Map<String, Double> speakerLevelDb, NoiseType noise, Double noiseSnrDb, List<String> noiseSources,
        int turns, int overlappedTurns) {

    public double durationSeconds() {
        return audio.length / (double) MeetingSimulator.SAMPLE_RATE;
    }

    public List<String> speakers() {
        return List.copyOf(speakerLevelDb.keySet());
    }

    /** Overlapped turns over turns that could overlap (all but the first). */
    public double overlapRatio() {
        return turns <= 1 ? 0 : overlappedTurns / (double) (turns - 1);
    }
}
