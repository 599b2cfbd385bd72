package io.emotrace.diarization.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.emotrace.diarization.simulate.MeetingConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class TuningMeetingsTest {
    @Test
    void tuningCorporaMeetingsAreTheTestSetsDesignOnOtherCorporaAndSeeds() {
        List<String> corpora = List.of("korean-emotion", "turev-turkish");
        MeetingConfig test = TuningMeetings.lcoEmotional(10, 2026, 90);
        MeetingConfig tune = TuningMeetings.lcoTuning(corpora, 12, 2026, 90);
        assertEquals(corpora, tune.corpora());
        assertEquals(12, tune.count());
        assertEquals(test.minSpeakers(), tune.minSpeakers());
        assertEquals(test.maxSpeakers(), tune.maxSpeakers());
        assertEquals(test.overlapRatio(), tune.overlapRatio(), 0);
        assertNotEquals(test.seed(), tune.seed());
        MeetingConfig calls = TuningMeetings.testCalls(10, 2026, 90);
        MeetingConfig tuneCalls = TuningMeetings.lcoTuningTelephone(corpora, 12, 2026, 90);
        assertEquals(corpora, tuneCalls.corpora());
        assertEquals(2, tuneCalls.maxSpeakers());
        assertEquals(calls.durationSeconds(), tuneCalls.durationSeconds(), 0);
        assertNotEquals(calls.seed(), tuneCalls.seed());
        assertNotEquals(tune.seed(), tuneCalls.seed());
    }
}
