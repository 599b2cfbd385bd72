package io.emotrace.emotion.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.emotrace.runtime.ModelRuntimeException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What a card with a voice head must say, so that no build answers with a head it cannot run correctly. */
class VoiceHeadCardTest {
    private static ModelCard read(int version, String norm, String head) throws ModelRuntimeException {
        return read(version, norm, head, null);
    }

    private static ModelCard read(int version, String norm, String head, String prosodyHead) throws ModelRuntimeException {
        String json = "{\"version\":" + version + ",\"bins\":96,\"channels\":16,\"embDim\":16,\"features\":\"x\","
                + "\"frameRate\":50,\"otherBelow\":0.2,\"origin\":\"t\",\"blocks\":1,\"temperature\":1.5,"
                + "\"featureNorm\":\"" + norm + "\",\"prosody\":true,\"pitchTracker\":2"
                + (head == null ? "" : ",\"voiceHead\":\"" + head + "\"")
                + (prosodyHead == null ? "" : ",\"prosodyHead\":\"" + prosodyHead + "\"") + "}";
        return EmbeddedWeights.readCard(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aCardWithAVoiceHeadSaysVersionFour() throws Exception {
        assertEquals(VoiceHead.FILE, read(ModelCard.VERSION_VOICE_HEAD, "SPEAKER_BINS", VoiceHead.FILE).voiceHead());
        assertEquals(ModelCard.VERSION_VOICE_HEAD, ModelCard.versionFor(true, 2, true));
        assertEquals(ModelCard.VERSION_PITCH2, ModelCard.versionFor(true, 2, false));
        assertThrows(ModelRuntimeException.class, () -> read(ModelCard.VERSION_PITCH2, "SPEAKER_BINS", VoiceHead.FILE),
                "a head under version 3: an older build would ignore it and misuse the calibration");
        assertThrows(ModelRuntimeException.class, () -> read(ModelCard.VERSION_VOICE_HEAD, "SPEAKER_BINS", null),
                "version 4 without a head");
    }

    @Test
    void theHeadIsAFileBesideTheCardOfASpeakerNormalisedModel() {
        assertThrows(ModelRuntimeException.class, () -> read(ModelCard.VERSION_VOICE_HEAD, "SPEAKER_BINS", "../x.json"),
                "no path outside the model folder");
        assertThrows(ModelRuntimeException.class, () -> read(ModelCard.VERSION_VOICE_HEAD, "CLIP_LEVEL", VoiceHead.FILE),
                "the head reads statistics less the speaker's mean: only speaker-normalised models collect them");
    }

    @Test
    void aProsodyHeadComesWithAVoiceHead() throws Exception {
        assertEquals(VoiceHead.PROSODY_FILE, read(ModelCard.VERSION_VOICE_HEAD, "SPEAKER_BINS", VoiceHead.FILE,
                VoiceHead.PROSODY_FILE).prosodyHead());
        assertThrows(ModelRuntimeException.class, () -> read(ModelCard.VERSION_VOICE_HEAD, "SPEAKER_BINS", null,
                VoiceHead.PROSODY_FILE), "it shares the voice head's fused calibration");
        assertThrows(ModelRuntimeException.class, () -> read(ModelCard.VERSION_VOICE_HEAD, "SPEAKER_BINS", VoiceHead.FILE,
                "/etc/x"), "no path outside the model folder");
    }
}
