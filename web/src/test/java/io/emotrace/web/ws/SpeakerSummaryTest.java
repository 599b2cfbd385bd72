package io.emotrace.web.ws;

import static io.emotrace.web.ws.WsFixtures.seg;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.emotrace.pipeline.Emotion;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpeakerSummaryTest {
    @Test
    void clipsToTheRangeAndWeighsByTime() {
        List<SpeakerSummary> out = SpeakerSummary.of(List.of(
                seg("A", 0, 4, Emotion.HAPPY, 0.9),
                seg("A", 4, 10, Emotion.SAD, 0.9),
                seg("B", 2, 3, null, 0)), null, 2, 8);
        SpeakerSummary a = out.get(0);
        assertEquals(6.0, a.talkSeconds(), 1e-9);
        assertEquals(2, a.segments());
        assertEquals(Emotion.SAD, a.dominant());
        assertEquals(2.0 / 6, a.distribution().get(Emotion.HAPPY), 1e-9);
        assertEquals(4.0 / 6, a.distribution().get(Emotion.SAD), 1e-9);
        // happy 0.9 vs sad 0.9 with 0.0125 elsewhere: TV distance = (0.8875 + 0.8875) / 2
        assertEquals(0.8875, a.volatility(), 1e-9);
        SpeakerSummary b = out.get(1);
        assertEquals(1.0, b.talkSeconds(), 1e-9);
        assertNull(b.dominant(), "no estimate, no dominant emotion");
        assertEquals(0, b.distribution().size());
    }

    @Test
    void unattributedSpeechIsItsOwnEntry() {
        List<SpeakerSummary> out = SpeakerSummary.of(List.of(seg(null, 0, 1, Emotion.NEUTRAL, 0.5)), null, 0, 10);
        assertEquals(1, out.size());
        assertNull(out.get(0).speaker());
    }
}
