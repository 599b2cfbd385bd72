package io.emotrace.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectWriter;
import io.emotrace.domain.Emotion;
import io.emotrace.domain.EmotionEstimate;
import io.emotrace.domain.EmotionTrackPoint;
import io.emotrace.domain.StageStatus;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DomainJsonTest {
    private static final ObjectWriter JSON = ResultJson.mapper().writer()
            .without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);

    @Test
    void emotionsAndStatusesAreLowerCaseValuesAndKeys() throws Exception {
        assertEquals("\"angry\"", JSON.writeValueAsString(Emotion.ANGRY));
        assertEquals("{\"sad\":1}", JSON.writeValueAsString(Map.of(Emotion.SAD, 1)));
        assertEquals("\"unavailable\"", JSON.writeValueAsString(StageStatus.UNAVAILABLE));
        assertEquals(Emotion.UNKNOWN, ResultJson.mapper().readValue("\"unknown\"", Emotion.class));
        assertEquals(StageStatus.FAILED, ResultJson.mapper().readValue("\"failed\"", StageStatus.class));
    }

    @Test
    void aTrackPointWritesNoReasonAndReadsBackWithout() throws Exception {
        float[] scores = {0.5f, 0, 0, 0.25f, 0.25f, 0, 0, 0, 0};
        EmotionTrackPoint p = new EmotionTrackPoint(1.5, 1, 2, true, EmotionEstimate.of(Emotion.ANGRY, 0.5, scores),
                "clipping");
        String json = JSON.writeValueAsString(p);
        assertEquals("{\"time\":1.5,\"start\":1.0,\"end\":2.0,\"judged\":true,\"emotion\":{\"emotion\":\"angry\","
                + "\"confidence\":0.5,\"scores\":{\"angry\":0.5,\"disgusted\":0.0,\"fearful\":0.0,\"happy\":0.25,"
                + "\"neutral\":0.25,\"other\":0.0,\"sad\":0.0,\"surprised\":0.0,\"unknown\":0.0}}}", json);
        EmotionTrackPoint back = ResultJson.mapper().readValue(json, EmotionTrackPoint.class);
        assertEquals(new EmotionTrackPoint(p.time(), p.start(), p.end(), p.judged(), p.emotion()), back);
        assertEquals(0.25f, back.scores()[Emotion.HAPPY.ordinal()]);
    }
}
