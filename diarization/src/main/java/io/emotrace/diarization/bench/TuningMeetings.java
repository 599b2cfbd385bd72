package io.emotrace.diarization.bench;

import io.emotrace.diarization.embedding.HeldOutSpeakers;
import io.emotrace.diarization.simulate.MeetingConfig;
import io.emotrace.diarization.simulate.NoiseType;
import java.util.List;
import java.util.Set;

/**
 * The simulated meetings the benches build: 1-8 speakers of the emotional corpora and LibriSpeech, 20 % overlap,
 * pink noise at 20 dB, levels +-3 dB. One place, so {@code bench diarization} and {@code bench live} tune on the
 * same recordings.
 */
public final class TuningMeetings {
    private TuningMeetings() {
    }

    /** {@code n} meetings of about {@code duration} s, of {@code only} speakers (empty: all) less {@code exclude}. */
    public static MeetingConfig meetings(Set<String> only, Set<String> exclude, int n, long seed, double duration) {
        return MeetingConfig.builder().corpora(List.of("ravdess", "casia", "urdu", "librispeech"))
                .onlySpeakers(only).excludeSpeakers(exclude).count(n).seed(seed).speakers(1, 8).overlapRatio(0.2)
                .noise(NoiseType.PINK, 20).levelDbRange(6).durationSeconds(duration).build();
    }

    /** The tuning meetings of the project's held-out speakers (seed {@code seed + 1}, as bench diarization). */
    public static MeetingConfig heldOut(int n, long seed, double duration) {
        return meetings(Set.copyOf(HeldOutSpeakers.IDS), Set.of(), n, seed + 1, duration);
    }

    /**
     * The tuning calls of the held-out speakers: 2-3 speakers, at most 60 s, seed {@code seed + 3}; the mix goes
     * through {@link io.emotrace.audio.TelephoneChannel} before analysis.
     */
    public static MeetingConfig heldOutTelephone(int n, long seed, double duration) {
        return meetings(Set.copyOf(HeldOutSpeakers.IDS), Set.of(), n, seed + 3, duration).toBuilder().speakers(2, 3)
                .durationSeconds(Math.min(duration, 60)).build();
    }

    /**
     * The leave-corpus-out emotional meetings of {@code bench diarization} (a TEST set: corpora absent from embedding
     * training; 2-6 speakers, acted emotions, 15 % overlap; seed {@code seed + 11}).
     */
    public static MeetingConfig lcoEmotional(int n, long seed, double duration) {
        return MeetingConfig.builder().corpora(LCO_EMOTIONAL).count(n).seed(seed + 11).speakers(2, 6).overlapRatio(0.15)
                .noise(NoiseType.PINK, 20).levelDbRange(6).durationSeconds(duration).build();
    }

    /**
     * The telephone-like two-party calls of {@code bench diarization} (a TEST set: phone-alphanumeric, held out of
     * embedding training; seed {@code seed + 13}); the mix goes through the telephone channel before analysis.
     */
    public static MeetingConfig testCalls(int n, long seed, double duration) {
        return MeetingConfig.builder().corpora(List.of("phone-alphanumeric")).count(n).seed(seed + 13).speakers(2, 2)
                .overlapRatio(0.1).noise(NoiseType.PINK, 25).levelDbRange(6).durationSeconds(Math.min(duration, 60))
                .build();
    }

    /**
     * Tuning meetings in the test sets' condition: whole corpora held out of a tuning network's training (not of the
     * shipped one's test corpora), 2-6 speakers with acted emotions, 15 % overlap, as {@link #lcoEmotional}; seed
     * {@code seed + 17}.
     */
    public static MeetingConfig lcoTuning(List<String> corpora, int n, long seed, double duration) {
        return lcoEmotional(n, seed, duration).toBuilder().corpora(corpora).seed(seed + 17).build();
    }

    /** Their calls: two of those voices through the telephone channel, at most 60 s, as {@link #testCalls}; seed + 19. */
    public static MeetingConfig lcoTuningTelephone(List<String> corpora, int n, long seed, double duration) {
        return testCalls(n, seed, duration).toBuilder().corpora(corpora).seed(seed + 19).build();
    }

    /** The emotional corpora whose meetings are a leave-corpus-out test set. */
    public static final List<String> LCO_EMOTIONAL = List.of("nemo-polish", "emovo-italian");
}
