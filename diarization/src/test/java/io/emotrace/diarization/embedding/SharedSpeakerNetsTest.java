package io.emotrace.diarization.embedding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emotrace.EmotraceException;
import io.emotrace.emotion.embedded.VoiceStats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One loaded speaker network per model in a process: the diarizer's embedder (the factory) and the emotion stage's
 * voice statistics (the ServiceLoader's {@link VoiceStats}) share the shipped one; closing one user keeps the other
 * working; the last close frees it; another folder, or changed files, load their own.
 */
class SharedSpeakerNetsTest {
    private static float[] tone(int n, double f0) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            double t = i / 16_000.0;
            x[i] = (float) (0.1 * Math.sin(2 * Math.PI * f0 * t) + 0.05 * Math.sin(2 * Math.PI * 2 * f0 * t));
        }
        return x;
    }

    @Test
    void theDiarizerAndTheVoiceStatisticsShareOneNetworkUntilTheLastCloses() throws Exception {
        float[] clip = tone(24_000, 140);
        ProjectSpeakerEmbedder diarizers = (ProjectSpeakerEmbedder) new ProjectSpeakerEmbedderFactory().create();
        ProjectSpeakerEmbedder.Loaded net = diarizers.network();
        int others = SharedSpeakerNets.users(net) - 1; // another test class of this fork may hold the shipped one too
        VoiceStats voice = VoiceStats.openDefault(); // the emotion stage's encoder, found as the service finds it
        assertTrue(voice instanceof SpeakerNetVoiceStats, voice.describe());
        ProjectSpeakerEmbedder other = ProjectSpeakerEmbedder.fromClasspath();
        float[] embedding;
        try {
            assertSame(net, other.network(), "one network for the same weights");
            assertEquals(others + 3, SharedSpeakerNets.users(net), "the voice statistics hold the same network");
            float[] stats = voice.stats(clip);
            embedding = diarizers.embed(List.of(clip))[0];
            assertArrayEquals(stats, other.pooledStats(clip, SpeakerNetVoiceStats.MIN_FRAMES), 0f);

            diarizers.close();
            diarizers.close(); // a second close of the same handle is nothing more
            assertEquals(others + 2, SharedSpeakerNets.users(net));
            assertFalse(net.isClosed(), "the other users keep it");
            assertArrayEquals(stats, voice.stats(clip), 0f, "the voice statistics still work");
            assertArrayEquals(embedding, other.embed(List.of(clip))[0], 0f);
            EmotraceException e = assertThrows(EmotraceException.class, () -> diarizers.embed(List.of(clip)));
            assertEquals("speaker.closed", e.code(), "a closed handle is closed, whoever else uses the network");

            voice.close();
            assertThrows(EmotraceException.class, () -> voice.stats(clip));
            assertArrayEquals(embedding, other.embed(List.of(clip))[0], 0f);
        } finally {
            diarizers.close();
            voice.close();
            other.close();
        }
        if (others == 0) {
            assertTrue(net.isClosed(), "the last close frees the network");
            assertEquals(0, SharedSpeakerNets.users(net));
            try (ProjectSpeakerEmbedder again = ProjectSpeakerEmbedder.fromClasspath()) {
                assertNotSame(net, again.network(), "a later user loads it again");
                assertArrayEquals(embedding, again.embed(List.of(clip))[0], 1e-6f);
            }
        }
    }

    @Test
    void otherFoldersAndChangedFilesGetTheirOwnNetwork(@TempDir Path a, @TempDir Path b) throws Exception {
        for (Path dir : List.of(a, b)) {
            for (String f : List.of(SpeakerModelFiles.JSON, SpeakerModelFiles.WEIGHTS)) {
                Files.write(dir.resolve(f), SpeakerModelFiles.resource(SpeakerModelFiles.CLASSPATH_DIR, f));
            }
        }
        int before = SharedSpeakerNets.open();
        ProjectSpeakerEmbedder.Loaded ofA;
        ProjectSpeakerEmbedder.Loaded ofB;
        try (ProjectSpeakerEmbedder a1 = ProjectSpeakerEmbedder.fromDirectory(a);
                ProjectSpeakerEmbedder a2 = ProjectSpeakerEmbedder.fromDirectory(a.resolve("..").resolve(a.getFileName()));
                ProjectSpeakerEmbedder b1 = ProjectSpeakerEmbedder.fromDirectory(b);
                ProjectSpeakerEmbedder shipped = ProjectSpeakerEmbedder.fromClasspath()) {
            ofA = a1.network();
            ofB = b1.network();
            assertSame(ofA, a2.network(), "the same folder, however it is spelt");
            assertNotSame(ofA, ofB, "another folder: its own network");
            assertNotSame(ofA, shipped.network(), "a folder is not the classpath model");
            assertEquals(a.toString(), a1.origin(), "the origin is the folder as given");
            assertEquals(before + 3, SharedSpeakerNets.open());

            a1.close();
            assertFalse(ofA.isClosed(), "a2 still uses it");
            float[] clip = tone(24_000, 200);
            assertArrayEquals(a2.embed(List.of(clip))[0], b1.embed(List.of(clip))[0], 1e-6f, "same weights, same answers");

            // the same folder with other files (training writes a new card and weights there): a network of their own
            Files.writeString(a.resolve(SpeakerModelFiles.JSON), new String(SpeakerModelFiles.resource(
                    SpeakerModelFiles.CLASSPATH_DIR, SpeakerModelFiles.JSON), java.nio.charset.StandardCharsets.UTF_8) + "\n");
            try (ProjectSpeakerEmbedder changed = ProjectSpeakerEmbedder.fromDirectory(a)) {
                assertNotSame(ofA, changed.network());
            }
        }
        assertTrue(ofA.isClosed(), "both users of a's network closed: freed");
        assertTrue(ofB.isClosed());
        assertEquals(before, SharedSpeakerNets.open(), "every network of this test was freed");
    }

    @Test
    void theVoiceStatisticsComeFromTheEncoderTheEmotionModelCarries() throws Exception {
        byte[] card;
        try (var in = getClass().getClassLoader().getResourceAsStream("trained/emotion-embedded/voice-head.json")) {
            card = in.readAllBytes();
        }
        String named = new com.fasterxml.jackson.databind.ObjectMapper().readTree(card).get("encoder").asText();
        try (VoiceStats voice = VoiceStats.openDefault()) {
            assertTrue(voice.describe().contains(SpeakerNetVoiceStats.EMOTION_ENCODER_DIR), voice.describe());
            assertEquals(named, voice.identity(), "the network the shipped heads were fitted on");
        }
    }
}
