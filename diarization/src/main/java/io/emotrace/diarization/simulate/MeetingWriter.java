package io.emotrace.diarization.simulate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.emotrace.audio.WavWriter;
import io.emotrace.domain.SpeechRegion;
import io.emotrace.rttm.RttmWriter;
import io.emotrace.rttm.RttmTurn;
import io.emotrace.output.AtomicFiles;
import io.emotrace.output.EmotraceVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes simulated meetings: {@code meeting_XXX.wav} (16 kHz mono PCM16), {@code .rttm} (reference) and
 * {@code .json} (segments with labels), and {@code manifest.json} listing them. Every file is written atomically.
 */
public final class MeetingWriter {
    static final String TRIM_NOTE = "utterances energy-trimmed: 10 ms frames, speech = within 35 dB of the "
            + "loudest frame and above -60 dBFS, one frame of margin; internal pauses >= 0.4 s split the "
            + "reference into separate speech regions";

    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final Path dir;

    public MeetingWriter(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
    }

    /** Writes the three files of one meeting and returns its manifest entry. */
    public Map<String, Object> write(SimulatedMeeting m) throws IOException {
        Path wav = dir.resolve(m.id() + ".wav");
        WavWriter w = WavWriter.pcm16(wav);
        try {
            w.write(m.audio());
            w.close();
        } catch (IOException | RuntimeException e) {
            w.abort();
            throw e;
        }
        AtomicFiles.write(dir.resolve(m.id() + ".rttm"), RttmWriter.format(referenceTurns(m)).getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(dir.resolve(m.id() + ".json"), json.writeValueAsBytes(describe(m)));
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("id", m.id());
        entry.put("wav", m.id() + ".wav");
        entry.put("rttm", m.id() + ".rttm");
        entry.put("json", m.id() + ".json");
        entry.put("seed", m.seed());
        entry.put("durationSeconds", round(m.durationSeconds()));
        entry.put("speakers", m.speakers());
        entry.put("segments", m.segments().size());
        entry.put("turns", m.turns());
        entry.put("overlapRatio", round(m.overlapRatio()));
        return entry;
    }

    /** Simulates and writes every meeting of the simulator's config, then the manifest. */
    public static List<Map<String, Object>> writeAll(MeetingSimulator sim, Path dir,
            java.util.function.Consumer<SimulatedMeeting> progress) throws IOException, SimulationException {
        MeetingWriter writer = new MeetingWriter(dir);
        List<Map<String, Object>> entries = new ArrayList<>();
        for (int i = 0; i < sim.config().count(); i++) {
            SimulatedMeeting m = sim.simulate(i);
            entries.add(writer.write(m));
            progress.accept(m);
        }
        writer.writeManifest(sim.config(), entries);
        return entries;
    }

    public void writeManifest(MeetingConfig config, List<Map<String, Object>> meetings) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("tool", "emotrace simulate");
        root.put("version", EmotraceVersion.get());
        root.put("sampleRate", MeetingSimulator.SAMPLE_RATE);
        root.put("dataRoot", config.dataRoot().toString());
        root.put("parameters", config.describe());
        root.put("trim", TRIM_NOTE);
        root.put("meetings", meetings);
        AtomicFiles.write(dir.resolve("manifest.json"), json.writeValueAsBytes(root));
    }

    private static Map<String, Object> describe(SimulatedMeeting m) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("id", m.id());
        root.put("seed", m.seed());
        root.put("sampleRate", MeetingSimulator.SAMPLE_RATE);
        root.put("durationSeconds", round(m.durationSeconds()));
        List<Map<String, Object>> speakers = new ArrayList<>();
        m.speakerLevelDb().forEach((id, db) -> {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("id", id);
            s.put("levelDb", db);
            speakers.add(s);
        });
        root.put("speakers", speakers);
        Map<String, Object> noise = new LinkedHashMap<>();
        noise.put("type", m.noise().name().toLowerCase(Locale.ROOT));
        noise.put("snrDb", m.noiseSnrDb());
        noise.put("sources", m.noiseSources());
        root.put("noise", noise);
        root.put("turns", m.turns());
        root.put("overlappedTurns", m.overlappedTurns());
        root.put("overlapRatio", round(m.overlapRatio()));
        root.put("trim", TRIM_NOTE);
        List<Map<String, Object>> segs = new ArrayList<>();
        for (SimulatedSegment s : m.segments()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("speaker", s.speaker());
            e.put("start", s.start());
            e.put("end", s.end());
            List<List<Double>> speech = new ArrayList<>();
            for (SpeechRegion r : s.speech()) {
                speech.add(List.of(r.start(), r.end()));
            }
            e.put("speech", speech);
            e.put("turn", s.turn());
            e.put("overlapsPrevious", s.overlapsPrevious());
            e.put("source", s.source());
            e.put("corpus", s.corpus());
            e.put("emotion", s.emotion());
            e.put("text", s.text());
            e.put("gain", s.gain());
            e.put("levelDb", s.levelDb());
            segs.add(e);
        }
        root.put("segments", segs);
        return root;
    }

    private static double round(double v) {
        return Math.round(v * 1e4) / 1e4;
    }

    /** One reference turn per speech region of every segment (internal pauses split a segment). */
    public static List<RttmTurn> referenceTurns(SimulatedMeeting m) {
        List<RttmTurn> turns = new ArrayList<>();
        for (SimulatedSegment s : m.segments()) {
            for (SpeechRegion r : s.speech()) {
                turns.add(new RttmTurn(m.id(), s.speaker(), r.start(), r.end()));
            }
        }
        return turns;
    }
}
