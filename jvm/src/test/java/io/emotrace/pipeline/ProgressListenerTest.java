package io.emotrace.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressListenerTest {
    @Test
    void aPhaseMapsItsFractionIntoItsShareOfTheStageAndKeepsCancellation() {
        List<ProgressEvent> seen = new ArrayList<>();
        Cancellation token = new Cancellation();
        ProgressListener run = ProgressListener.cancellable(seen::add, token);
        ProgressListener second = run.phase(0.3, 1);
        second.report("diarization", 0, "start");
        second.report("diarization", 0.5, "half");
        second.report("diarization", 1, "done");
        double[] expected = {0.3, 0.65, 1.0};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], seen.get(i).fraction(), 1e-12);
        }
        assertEquals("half", seen.get(1).message());
        token.cancel("test");
        assertThrows(AnalysisCancelledException.class, second::checkCancelled);
    }
}
