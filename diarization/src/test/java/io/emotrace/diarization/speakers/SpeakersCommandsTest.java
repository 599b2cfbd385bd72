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
        assertEquals(2, run(new SpeakersCommands.Enroll(), "Nobody", "--db", db.toString()).code(), "no audio given");

        // "this is Dana": from a run folder's embeddings/S2.npy, weighed by S2's talk time in result.json
        Path runDir = dir.resolve("run");
        Files.createDirectories(runDir.resolve("embeddings"));
        float[] voice = new float[192];
        voice[3] = 1;
        io.emotrace.output.NpyWriter.write(runDir.resolve("embeddings/S2.npy"), voice, 1, 192);
        io.emotrace.output.AnalysisResult r = new io.emotrace.output.AnalysisResult(1, "t", "t",
                new io.emotrace.output.AnalysisResult.Input("/x", "x.wav", 1, "00", "wav", "pcm", 16000, 1, 9.0),
                new io.emotrace.output.AnalysisResult.ProcessedAudio("p.wav", "pcm_s16le", 16000, 144000, 9.0),
                List.of(), List.of(), List.of(new io.emotrace.output.AnalysisResult.Speaker("S1", 2, 1),
                        new io.emotrace.output.AnalysisResult.Speaker("S2", 7.5, 2)), List.of(), List.of());
        io.emotrace.output.ResultJson.write(runDir, r);
        Ran fromRun = run(new SpeakersCommands.Enroll(), "Dana", "--from-run", runDir.toString(), "--speaker", "S2",
                "--db", db.toString(), "--embedder", "project");
        assertEquals(0, fromRun.code(), fromRun.err());
        var dana = new SpeakerDirectory(db).find("dana").orElseThrow();
        assertEquals(7.5, dana.speechSeconds(), 1e-9);
        assertEquals(1f, dana.vector()[3], 1e-6f);
        assertEquals(1, run(new SpeakersCommands.Enroll(), "Eve", "--from-run", runDir.toString(), "--speaker", "S7",
                "--db", db.toString()).code(), "no embedding for S7");
    }
}
