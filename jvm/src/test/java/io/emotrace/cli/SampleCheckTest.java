package io.emotrace.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emotrace.pipeline.AnalysisRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleCheckTest {
    private static final String REF = """
            SPEAKER sample_meeting 1 0.000 4.000 <NA> <NA> alice <NA> <NA>
            SPEAKER sample_meeting 1 4.500 3.000 <NA> <NA> bob <NA> <NA>
            SPEAKER sample_meeting 1 8.000 2.000 <NA> <NA> carol <NA> <NA>
            """;

    private static String check(Path dir, String hypothesis) throws Exception {
        Path ref = dir.resolve("ref.rttm");
        Files.writeString(ref, REF, StandardCharsets.UTF_8);
        Path run = Files.createDirectories(dir.resolve("run"));
        if (hypothesis != null) {
            Files.writeString(run.resolve("diarization.rttm"), hypothesis, StandardCharsets.UTF_8);
        }
        return SampleCheck.describe(ref, new AnalysisRun(run, null));
    }

    @Test
    void aPerfectRunScoresZeroWithItsOwnFileIdAndSpeakerNames(@TempDir Path dir) throws Exception {
        String s = check(dir, REF.replace("sample_meeting", "sample_meeting_wav").replace("alice", "S1")
                .replace("bob", "S2").replace("carol", "S3"));
        assertTrue(s.contains("DER 0.0 %") && s.contains("3 voices -> 3 speakers") && s.contains("OK"), s);
    }

    @Test
    void twoVoicesMergedIsBelowTarget(@TempDir Path dir) throws Exception {
        String s = check(dir, REF.replace("bob", "alice"));
        assertTrue(s.contains("DER 33.3 %") && s.contains("3 voices -> 2 speakers") && s.contains("BELOW TARGET"), s);
    }

    @Test
    void allVoicesMergedIsOneSpeaker(@TempDir Path dir) throws Exception {
        String s = check(dir, REF.replace("bob", "alice").replace("carol", "alice"));
        assertTrue(s.contains("3 voices -> 1 speaker found") && s.contains("BELOW TARGET"), s);
    }

    @Test
    void noDiarizationSaysSo(@TempDir Path dir) throws Exception {
        assertTrue(check(dir, null).contains("diarization did not run"));
    }
}
