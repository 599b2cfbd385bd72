package io.emotrace.diarization.simulate;

import io.emotrace.corpus.CorpusCatalog;
import io.emotrace.corpus.CorpusUtterance;
import static io.emotrace.diarization.simulate.SimulatorTestSupport.db;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emotrace.diarization.simulate.SimulatorTestSupport.Turn;
import io.emotrace.domain.SpeechRegion;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Simulated meetings from the real RAVDESS and CASIA recordings, checked through the files written. */
class MeetingSimulatorTest {
    private static Path data;

    @TempDir
    Path tmp;

    @BeforeAll
    static void locate() {
        data = SimulatorTestSupport.dataRoot();
    }

    private static MeetingConfig.Builder small() {
        return MeetingConfig.builder().dataRoot(data).corpora(List.of("ravdess", "casia")).seed(42)
                .durationSeconds(15).speakers(2, 3).utterancesPerTurn(1, 2);
    }

    private Path write(MeetingConfig config, String name) throws Exception {
        Path dir = tmp.resolve(name);
        MeetingWriter.writeAll(MeetingSimulator.create(config), dir, m -> { });
        return dir;
    }

    @Test
    void referenceTurnsAreWhereTheSpeechIs() throws Exception {
        Path dir = write(small().overlapRatio(0.3).levelDbRange(6).build(), "align");
        float[] x = SimulatorTestSupport.readWav(dir.resolve("meeting_000.wav"));
        List<Turn> ref = SimulatorTestSupport.readRttm(dir.resolve("meeting_000.rttm"));
        assertFalse(ref.isEmpty());
        // outside the reference (20 ms tolerance for RTTM rounding) there is nearly nothing: no noise was asked for
        double inside = SimulatorTestSupport.maskedPower(x, SimulatorTestSupport.mask(ref, x.length, 0), true);
        double outside = SimulatorTestSupport.maskedPower(x, SimulatorTestSupport.mask(ref, x.length, 0.02), false);
        assertTrue(db(inside) - db(outside) > 40, "inside " + db(inside) + " dB, outside " + db(outside) + " dB");
        // every region starts and ends on speech, not on the recordings' leading/trailing silence
        for (Turn t : ref) {
            double region = db(SimulatorTestSupport.power(x, t.start(), t.end()));
            double head = db(SimulatorTestSupport.power(x, t.start(), t.start() + 0.1));
            double tail = db(SimulatorTestSupport.power(x, t.end() - 0.1, t.end()));
            assertTrue(head > region - 40 && tail > region - 40,
                    t + ": head " + head + " tail " + tail + " region " + region);
            assertTrue(region > -45, t + " is quiet: " + region + " dBFS");
        }
    }

    @Test
    void noiseIsAddedAtTheRequestedSnr() throws Exception {
        Path dir = write(small().overlapRatio(0).noise(NoiseType.WHITE, 15).build(), "noise");
        float[] x = SimulatorTestSupport.readWav(dir.resolve("meeting_000.wav"));
        List<Turn> ref = SimulatorTestSupport.readRttm(dir.resolve("meeting_000.rttm"));
        double inside = SimulatorTestSupport.maskedPower(x, SimulatorTestSupport.mask(ref, x.length, 0), true);
        double outside = SimulatorTestSupport.maskedPower(x, SimulatorTestSupport.mask(ref, x.length, 0.02), false);
        double snr = db(inside - outside) - db(outside);
        assertEquals(15, snr, 1.5, "measured SNR");
    }

    @Test
    void overlapRatioIsHonouredApproximately() throws Exception {
        MeetingSimulator sim = MeetingSimulator.create(small().durationSeconds(45).utterancesPerTurn(1, 1)
                .overlapRatio(0.5).speakers(2, 2).build());
        int turns = 0;
        int overlapped = 0;
        for (int i = 0; i < 3; i++) {
            SimulatedMeeting m = sim.simulate(i);
            // recomputed from the segments: a turn overlaps when it starts before all earlier turns have ended
            Map<Integer, double[]> byTurn = new java.util.TreeMap<>();
            for (SimulatedSegment s : m.segments()) {
                byTurn.merge(s.turn(), new double[] {s.start(), s.end()},
                        (a, b) -> new double[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
            }
            double end = Double.NEGATIVE_INFINITY;
            for (double[] t : byTurn.values()) {
                if (end > Double.NEGATIVE_INFINITY) {
                    turns++;
                    overlapped += t[0] < end ? 1 : 0;
                }
                end = Math.max(end, t[1]);
            }
        }
        double ratio = overlapped / (double) turns;
        assertTrue(turns >= 20, "turns " + turns);
        assertEquals(0.5, ratio, 0.2, overlapped + " of " + turns + " turns overlap");

        SimulatedMeeting none = MeetingSimulator.create(small().overlapRatio(0).durationSeconds(30).build())
                .simulate(0);
        List<SimulatedSegment> segs = none.segments();
        for (int i = 1; i < segs.size(); i++) {
            assertTrue(segs.get(i).start() >= segs.get(i - 1).end(), "overlap with ratio 0 at " + segs.get(i));
        }
    }

    @Test
    void speakerCountsStayInRangeAndExcludedSpeakersNeverAppear() throws Exception {
        Set<String> excluded = new TreeSet<>();
        for (int a = 1; a <= 20; a++) {
            excluded.add(String.format("ravdess-%02d", a));
        }
        MeetingConfig config = small().count(5).durationSeconds(6).speakers(2, 3).excludeSpeakers(excluded)
                .noise(NoiseType.BABBLE, 20).build();
        Path dir = write(config, "exclude");
        Set<Integer> counts = new TreeSet<>();
        for (int i = 0; i < 5; i++) {
            String id = MeetingSimulator.meetingId(i);
            Set<String> spk = SimulatorTestSupport.readRttm(dir.resolve(id + ".rttm")).stream()
                    .map(Turn::speaker).collect(Collectors.toSet());
            counts.add(spk.size());
            assertTrue(spk.size() >= 2 && spk.size() <= 3, id + ": " + spk);
            String json = Files.readString(dir.resolve(id + ".json"), StandardCharsets.UTF_8);
            for (String ex : excluded) {
                assertFalse(spk.contains(ex), id + " uses excluded " + ex);
                // babble sources are listed by file: Actor_NN folders of excluded actors never appear
                assertFalse(json.contains("Actor_" + ex.substring(8) + "/"), id + " babble uses " + ex);
            }
        }
        assertEquals(Set.of(2, 3), counts, "both ends of the range occur over 5 meetings");

        MeetingSimulator only = MeetingSimulator.create(small().onlySpeakers(Set.of("ravdess-21", "casia-liuchanhg"))
                .speakers(2, 2).build());
        assertEquals(Set.of("ravdess-21", "casia-liuchanhg"), Set.copyOf(only.simulate(0).speakers()));
        assertThrows(SimulationException.class, () -> MeetingSimulator.create(
                small().onlySpeakers(Set.of("ravdess-21")).speakers(2, 2).build()));
    }

    @Test
    void sameSeedSameBytesOtherSeedOtherMeeting() throws Exception {
        MeetingConfig config = small().count(2).durationSeconds(8).noise(NoiseType.PINK, 25).build();
        Path a = write(config, "a");
        Path b = write(config, "b");
        List<String> names;
        try (Stream<Path> files = Files.list(a)) {
            names = files.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertEquals(7, names.size(), names.toString()); // 2 x (wav, rttm, json) + manifest
        for (String n : names) {
            assertArrayEquals(Files.readAllBytes(a.resolve(n)), Files.readAllBytes(b.resolve(n)), n);
        }
        Path c = write(config.toBuilder().seed(43).build(), "c");
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(a.resolve("meeting_000.wav")),
                Files.readAllBytes(c.resolve("meeting_000.wav"))));
    }

    @Test
    void speakerLevelDifferencesAreApplied() throws Exception {
        SimulatedMeeting m = MeetingSimulator.create(small().speakers(3, 3).overlapRatio(0).levelDbRange(12)
                .durationSeconds(20).build()).simulate(0);
        Map<String, double[]> energy = new HashMap<>(); // speaker -> {sum of squares, samples}
        float[] x = m.audio();
        for (SimulatedSegment s : m.segments()) {
            for (SpeechRegion r : s.speech()) {
                double p = SimulatorTestSupport.power(x, r.start(), r.end());
                double n = (r.end() - r.start()) * 16000;
                energy.merge(s.speaker(), new double[] {p * n, n}, (u, v) -> new double[] {u[0] + v[0], u[1] + v[1]});
            }
        }
        List<String> spk = m.speakers();
        double spread = 0;
        for (int i = 0; i < spk.size(); i++) {
            for (int j = i + 1; j < spk.size(); j++) {
                double[] ei = energy.get(spk.get(i));
                double[] ej = energy.get(spk.get(j));
                double measured = db(ei[0] / ei[1]) - db(ej[0] / ej[1]);
                double configured = m.speakerLevelDb().get(spk.get(i)) - m.speakerLevelDb().get(spk.get(j));
                assertEquals(configured, measured, 1.0, spk.get(i) + " vs " + spk.get(j));
                spread = Math.max(spread, Math.abs(configured));
            }
        }
        assertTrue(spread > 2, "levels differ: " + m.speakerLevelDb());
    }

    @Test
    void emotionAndTextComeFromLabels() throws Exception {
        Map<String, String[]> labels = new HashMap<>();
        for (String corpus : List.of("ravdess", "casia")) {
            List<String> lines = Files.readAllLines(data.resolve(corpus).resolve("labels.csv"));
            List<String> header = List.of(lines.get(0).split(","));
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split(",", -1);
                labels.put(corpus + "/" + f[header.indexOf("file")],
                        new String[] {f[header.indexOf("speaker")], f[header.indexOf("emotion")],
                                f[header.indexOf("text")]});
            }
        }
        SimulatedMeeting m = MeetingSimulator.create(small().durationSeconds(20).build()).simulate(1);
        Set<String> emotions = new TreeSet<>();
        for (SimulatedSegment s : m.segments()) {
            String[] row = labels.get(s.source());
            assertTrue(row != null, "unknown source " + s.source());
            assertEquals(row[0], s.speaker(), s.source());
            assertEquals(row[1], s.emotion(), s.source());
            assertEquals(row[2], s.text(), s.source());
            emotions.add(s.emotion());
        }
        assertTrue(emotions.size() >= 2, "emotions " + emotions);
    }

    @Test
    void cliWritesAManifestOfTheMeetings() throws Exception {
        Path out = tmp.resolve("cli");
        int rc = new picocli.CommandLine(new SimulateCommand()).execute("--out", out.toString(), "--data",
                data.toString(), "--corpora", "ravdess", "--count", "2", "--duration", "4", "--speakers", "2",
                "--exclude-speakers", "ravdess-01,ravdess-02", "--noise", "white", "--noise-snr", "30");
        assertEquals(0, rc);
        String manifest = Files.readString(out.resolve("manifest.json"));
        assertTrue(manifest.contains("\"meeting_001.rttm\"") && manifest.contains("\"excludeSpeakers\" : [ "
                + "\"ravdess-01\", \"ravdess-02\" ]"), manifest);
        assertEquals(2, new picocli.CommandLine(new SimulateCommand()).execute("--out", out.toString(),
                "--speakers", "3..2"));
        assertEquals(1, new picocli.CommandLine(new SimulateCommand()).execute("--out", out.toString(), "--data",
                tmp.resolve("nowhere").toString()));
    }

    @Test
    void singleSpeakerAndVeryShortMeetingsAreValid() throws Exception {
        SimulatedMeeting solo = MeetingSimulator.create(small().speakers(1, 1).overlapRatio(1).durationSeconds(10)
                .build()).simulate(0);
        assertEquals(1, solo.speakers().size());
        assertEquals(0, solo.overlappedTurns(), "one speaker cannot overlap");
        List<SimulatedSegment> segs = solo.segments();
        for (int i = 1; i < segs.size(); i++) {
            assertTrue(segs.get(i).start() >= segs.get(i - 1).end());
        }
        // a target shorter than one utterance still gives every chosen speaker a turn
        SimulatedMeeting tiny = MeetingSimulator.create(small().speakers(3, 3).durationSeconds(0.5).build())
                .simulate(0);
        assertEquals(3, Set.copyOf(tiny.segments().stream().map(SimulatedSegment::speaker).toList()).size());
        assertTrue(tiny.segments().get(tiny.segments().size() - 1).end() <= tiny.durationSeconds());
    }

    @Test
    void trimmerFindsSpeechRegionsInASyntheticSignal() {
        float[] x = new float[16000 * 3];
        fillTone(x, 0.5, 1.0);
        fillTone(x, 1.6, 2.2); // 0.6 s pause: a separate region
        fillTone(x, 2.3, 2.5); // 0.1 s pause: same region
        SpeechTrimmer.Trimmed t = SpeechTrimmer.defaults().trim(x);
        // one 10 ms frame of margin around the first and last speech frame
        assertEquals(Math.round((2.5 - 0.5 + 0.02) * 16000), t.samples().length, 1);
        assertEquals(2, t.regions().size());
        assertEquals(0, t.regions().get(0)[0]);
        assertEquals(Math.round(0.51 * 16000), t.regions().get(0)[1], 1);
        assertEquals(Math.round(1.11 * 16000), t.regions().get(1)[0], 1);
        assertEquals(t.samples().length, t.regions().get(1)[1]);
        assertEquals(null, SpeechTrimmer.defaults().trim(new float[16000]));
    }

    @Test
    void pausesOfANoisyClipAreNotSpeechInTheReference() {
        // speech at -13 dBFS, pauses of room noise at -35 dBFS: within 35 dB of the peak, but only noise
        float[] x = new float[16000 * 3];
        java.util.Random r = new java.util.Random(3);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.025 * r.nextGaussian());
        }
        fillTone(x, 0.5, 1.2);
        fillTone(x, 2.0, 2.6);
        SpeechTrimmer.Trimmed t = SpeechTrimmer.defaults().trim(x);
        assertEquals(2, t.regions().size());
        double speech = 0;
        for (int[] reg : t.regions()) {
            speech += (reg[1] - reg[0]) / 16000.0;
        }
        assertEquals(1.3, speech, 0.05);
        // continuous speech without a pause keeps its quieter part (11 dB down): its "noise floor" is speech
        float[] steady = new float[16000];
        for (int i = 0; i < steady.length; i++) {
            steady[i] = (float) ((i < 8000 ? 0.3 : 0.08) * Math.sin(2 * Math.PI * 220 * i / 16000.0));
        }
        SpeechTrimmer.Trimmed all = SpeechTrimmer.defaults().trim(steady);
        assertEquals(1, all.regions().size());
        assertEquals(16000, all.regions().get(0)[1] - all.regions().get(0)[0], 160);
    }

    @Test
    void csvFieldsMayBeQuoted() {
        assertEquals(List.of("a.flac", "spk", "Hello, \"you\"", ""),
                CorpusCatalog.parseCsvLine("a.flac,spk,\"Hello, \"\"you\"\"\","));
    }

    private static void fillTone(float[] x, double from, double to) {
        for (int i = (int) (from * 16000); i < (int) (to * 16000); i++) {
            x[i] = (float) (0.3 * Math.sin(2 * Math.PI * 220 * i / 16000.0));
        }
    }

}
