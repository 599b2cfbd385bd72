package io.emotrace.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emotrace.SharedTestData;
import io.emotrace.rttm.RttmReader;
import io.emotrace.rttm.RttmTurn;
import io.emotrace.rttm.UemReader;
import io.emotrace.rttm.UemSegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The real AMI dev reference: scored against itself and against trivial one-speaker baselines. */
class AmiDevScoringTest {
    @Test
    void referenceAgainstItselfIsPerfectAndTrivialBaselinesAreBounded() throws Exception {
        List<RttmTurn> ref = RttmReader.read(SharedTestData.require("data/ami-dev/reference.rttm"));
        List<UemSegment> uem = UemReader.read(SharedTestData.require("data/ami-dev/reference.uem"));
        for (double collar : new double[] {0, 0.25}) {
            ScoreReport self = DiarizationScorer.score(ref, ref, uem, collar);
            assertEquals(12, self.files().size());
            assertEquals(0, self.total().der(), 1e-12);
            assertEquals(0, self.jer(), 1e-12);
            assertTrue(self.total().total() > 100, "AMI dev has minutes of speech");
        }

        // baseline 1: every UEM second is one speaker
        List<RttmTurn> allUem = new ArrayList<>();
        for (UemSegment u : uem) {
            allUem.add(new RttmTurn(u.fileId(), "one", u.start(), u.end()));
        }
        // baseline 2: all reference speech (union over speakers) is one speaker
        List<RttmTurn> allSpeech = new ArrayList<>();
        for (RttmTurn t : ref) {
            allSpeech.add(new RttmTurn(t.fileId(), "one", t.start(), t.end()));
        }
        Set<String> speakersPerFile = new TreeSet<>();
        ref.forEach(t -> speakersPerFile.add(t.fileId() + "/" + t.speaker()));
        for (double collar : new double[] {0, 0.25}) {
            ScoreReport u = DiarizationScorer.score(ref, allUem, uem, collar);
            ScoreReport s = DiarizationScorer.score(ref, allSpeech, uem, collar);
            System.out.printf(Locale.ROOT, "AMI dev trivial baselines, collar %.2f: all-UEM-one-speaker DER %.2f%% "
                    + "(miss %.2f FA %.2f conf %.2f) JER %.2f%%; all-speech-one-speaker DER %.2f%% JER %.2f%%%n",
                    collar, 100 * u.total().der(), 100 * u.total().missed() / u.total().total(),
                    100 * u.total().falseAlarm() / u.total().total(), 100 * u.total().confusion() / u.total().total(),
                    100 * u.jer(), 100 * s.total().der(), 100 * s.jer());
            // one speaker everywhere: no speech detection error against the speech union, only overlap missed
            // and other speakers confused; every file has at least two reference speakers, so errors exist
            assertEquals(0, s.total().falseAlarm(), 1e-9);
            assertTrue(s.total().der() > 0.05 && s.total().der() < 1, "DER " + s.total().der());
            assertTrue(u.total().der() > s.total().der(), "false alarm on silence adds to the error");
            assertEquals(s.total().missed(), u.total().missed(), 1e-9);
            assertEquals(s.total().confusion(), u.total().confusion(), 1e-9);
            assertTrue(u.total().der() < 2, "DER " + u.total().der());
        }
    }
}
