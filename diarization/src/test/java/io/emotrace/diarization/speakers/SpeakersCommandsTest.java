package io.emotrace.diarization.speakers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emotrace.SharedTestData;
import io.emotrace.audio.FfmpegAudioDecoder;
import io.emotrace.diarization.embedding.ProjectSpeakerEmbedder;
import io.emotrace.domain.SpeakerName;
import io.emotrace.speakers.SpeakerDirectory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** enroll / list / delete on real voices (held-out RAVDESS actors) with the committed speaker model. */
class SpeakersCommandsTest {
    @TempDir
    Path dir;

    record Ran(int code, String out, String err) {
    }

    static Ran run(Object command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(command);
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Ran(code, out.toString(), err.toString());
    }

    /** Statement {@code statement} (1, 2), repetitions 1-2, the first {@code emotions} emotions, of an actor. */
    static List<Path> files(Path actorDir, String actor, int emotions, int statement) {
        List<Path> out = new ArrayList<>();
        for (int e = 1; e <= emotions; e++) {
            for (int rep = 1; rep <= 2; rep++) {
                String intensity = e == 1 ? "01" : "02";
                out.add(actorDir.resolve(String.format("03-01-%02d-%s-%02d-%02d-%s.flac", e, intensity, statement, rep,
                        actor)));
            }
        }
        return out;
    }

    @Test
    void enrolListIdentifyAndDelete() throws Exception {
        Path ravdess = SharedTestData.require("data/ravdess");
        Path db = dir.resolve("voices");
        List<String> a = new ArrayList<>(List.of("Actor Nineteen"));
        files(ravdess.resolve("Actor_19"), "19", 8, 1).forEach(p -> a.add(p.toString()));
        // the real model (this module's tests also put a stand-in embedder first on the classpath)
        a.addAll(List.of("--db", db.toString(), "--embedder", "project"));
        Ran enrol = run(new SpeakersCommands.Enroll(), a.toArray(String[]::new));
        assertEquals(0, enrol.code(), enrol.err());
        assertTrue(enrol.out().contains("enrolled Actor Nineteen"), enrol.out());
        List<String> b = new ArrayList<>(List.of("Actor Twenty"));
        files(ravdess.resolve("Actor_20"), "20", 8, 1).forEach(p -> b.add(p.toString()));
        b.addAll(List.of("--db", db.toString(), "--embedder", "project"));
        assertEquals(0, run(new SpeakersCommands.Enroll(), b.toArray(String[]::new)).code());

        Ran list = run(new SpeakersCommands.ListVoices(), "--json", "--db", db.toString());
        assertEquals(0, list.code());
        assertTrue(list.out().contains("\"Actor Nineteen\"") && list.out().contains("\"Actor Twenty\""), list.out());
        assertFalse(list.out().contains("vector"), list.out());

        // the other statement of actor 19 (never enrolled), joined as a speaker of a recording would be
        FfmpegAudioDecoder decoder = new FfmpegAudioDecoder();
        List<float[]> speech = new ArrayList<>();
        for (Path f : files(ravdess.resolve("Actor_19"), "19", 4, 2)) {
            speech.add(VoiceEmbedding.speechOnly(decoder.decodeAll(f)));
        }
        try (ProjectSpeakerEmbedder emb = ProjectSpeakerEmbedder.fromClasspath()) {
            VoiceEmbedding.Pieces p = VoiceEmbedding.embed(emb, speech);
            float[] centroid = new float[emb.dim()];
            double[] sum = p.weightedSum();
            for (int i = 0; i < sum.length; i++) {
                centroid[i] = (float) sum[i];
            }
            Map<String, SpeakerName> names = new SpeakerDirectory(db).namer(-1).name(Map.of("S1", centroid));
            assertEquals("Actor Nineteen", names.get("S1").name(), "the best of the two voices is the right one");
        }

        Ran del = run(new SpeakersCommands.Delete(), "actor nineteen", "Nobody", "--db", db.toString());
        assertEquals(3, del.code(), "one of the two was not enrolled");
        assertTrue(del.out().contains("deleted Actor Nineteen"), del.out());
        try (Stream<Path> left = Files.list(db)) {
            assertEquals(2, left.count(), "only Actor Twenty's json + npy remain");
        }
        Ran bad = run(new SpeakersCommands.Enroll(), "S4", ravdess.resolve("Actor_19").toString(), "--db", db.toString());
        assertEquals(2, bad.code());
    }
}
