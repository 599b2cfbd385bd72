package io.emotrace.diarization.embedding;

import java.util.List;
import java.util.Set;

/**
 * The project's fixed held-out speakers: never used to train the speaker embedding, used to evaluate it (EER)
 * and to build simulated meetings for diarization evaluation. AMI ids are prefixed {@code ami-}.
 */
public final class HeldOutSpeakers {
    public static final List<String> IDS = List.of(
            "ravdess-19", "ravdess-20", "ravdess-21", "ravdess-22", "ravdess-23", "ravdess-24",
            "casia-zhaoquanyin", "urdu-SF8", "urdu-SF9", "urdu-SM25", "urdu-SM26", "urdu-SM27", "urdu-SM7",
            "librispeech-367", "librispeech-533", "ami-MEE009", "ami-MEE012");

    /** AMI excerpts whose speakers are held out (the dev part of ami-dev). */
    public static final Set<String> AMI_HELD_OUT_FILES = Set.of("dev00", "dev01");

    private static final Set<String> SET = Set.copyOf(IDS);

    private HeldOutSpeakers() {
    }

    public static boolean contains(String speaker) {
        return SET.contains(speaker);
    }
}
