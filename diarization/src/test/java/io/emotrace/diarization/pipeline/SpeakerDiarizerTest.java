package io.emotrace.diarization.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emotrace.SharedTestData;
import io.emotrace.audio.ArrayAudioSource;
import io.emotrace.diarization.clustering.SpeakerCount;
import io.emotrace.scoring.DiarizationScorer;
import io.emotrace.scoring.ScoreReport;
import io.emotrace.diarization.simulate.MeetingConfig;
import io.emotrace.diarization.simulate.MeetingSimulator;
import io.emotrace.diarization.simulate.MeetingWriter;
import io.emotrace.diarization.simulate.SimulatedMeeting;
import io.emotrace.pipeline.ProgressListener;
import io.emotrace.domain.SpeakerTurn;
import io.emotrace.rttm.RttmTurn;
import io.emotrace.runtime.OnnxModel;
import io.emotrace.segmentation.PyannoteSegmentation;
import io.emotrace.vad.SileroVad;
import io.emotrace.domain.SpeechRegion;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole stage on real speech with the real segmentation and VAD models, and a test-double embedder (the
 * trained embedder is exercised by the diarization bench): a simulated man/woman conversation with overlap is
 * scored against its exact reference, and bad inputs give valid results.
 */
class SpeakerDiarizerTest {
    private static SpeakerDiarizer diarizer;
    private static SpectralStatsEmbedder embedder;

    @BeforeAll
    static void load() throws Exception {
        PyannoteSegmentation seg = new PyannoteSegmentation(OnnxModel.load(
                SharedTestData.require("models/pyannote-segmentation-3.0/model.int8.onnx"), OnnxModel.Options.cpu(0)), 8);
        embedder = new SpectralStatsEmbedder();
        diarizer = new SpeakerDiarizer(seg, null, embedder, DiarizationSettings.segmentationDefaults(), SpeakerCount.AUTO,
                null);
    }

    @AfterAll
    static void close() {
        if (diarizer != null) {
            diarizer.close();
        }
    }

    static SimulatedMeeting manAndWoman() throws Exception {
        MeetingConfig c = MeetingConfig.builder().dataRoot(SharedTestData.require("data")).corpora(List.of("ravdess"))
                .onlySpeakers(Set.of("ravdess-01", "ravdess-02")).speakers(2, 2).overlapRatio(0.3)
                .durationSeconds(40).seed(3).build();
        return MeetingSimulator.create(c).simulate(0);
    }

    private static List<RttmTurn> hyp(List<SpeakerTurn> turns, String id) {
        List<RttmTurn> out = new ArrayList<>();
        for (SpeakerTurn t : turns) {
            out.add(new RttmTurn(id, t));
        }
        return out;
    }

    @Test
    void simulatedTwoSpeakerMeetingWithOverlap() throws Exception {
        SimulatedMeeting m = manAndWoman();
        Diarization d = diarizer.run(new ArrayAudioSource(m.audio()), null, SpeakerCount.exactly(2),
                ProgressListener.NONE);
        ScoreReport r = DiarizationScorer.score(MeetingWriter.referenceTurns(m), hyp(d.result().overlapping(), m.id()),
                null, 0.0);
        double der = r.total().der();
        System.out.printf("two-voice simulated meeting (%.0f s): DER %.3f (miss %.3f fa %.3f conf %.3f), %d windows, "
                        + "%d embeddings%n", m.durationSeconds(), der, r.total().missed() / r.total().total(),
                r.total().falseAlarm() / r.total().total(), r.total().confusion() / r.total().total(),
                d.stats().windows(), d.stats().embeddings());
        assertEquals(2, d.speakerIds().size());
        assertTrue(der < 0.3, "DER " + der); // the crude test-double embedder confuses ~10 %; the trained one is benched
        // overlap is reported in the overlapping track only
        assertTrue(total(d.result().overlapping()) > total(d.result().exclusive()));
        assertNoSelfOverlap(d.result().exclusive());
        assertEquals(2, d.centroids().length);
        assertEquals(80, d.centroids()[0].length);
    }

    @Test
    void silenceGivesAnEmptyResult() throws Exception {
        Diarization d = diarizer.run(new ArrayAudioSource(new float[16000 * 12]), null, SpeakerCount.AUTO,
                ProgressListener.NONE);
        assertEquals(List.of(), d.result().overlapping());
        assertEquals(0, d.speakerIds().size());
        Diarization none = diarizer.run(new ArrayAudioSource(new float[16000 * 12]), List.of(), SpeakerCount.AUTO,
                ProgressListener.NONE);
        assertEquals(List.of(), none.result().exclusive());
    }

    @Test
    void turnsEndWithTheRecording() {
        List<SpeakerTurn> t = SpeakerDiarizer.within(List.of(new SpeakerTurn("S1", 0, 0.2, 0.9),
                new SpeakerTurn("S2", 0.1, 0.2531), new SpeakerTurn("S1", 0.25, 0.2531)), 0.25);
        assertEquals(List.of(new SpeakerTurn("S1", 0, 0.2, 0.9), new SpeakerTurn("S2", 0.1, 0.25)), t);
    }

    @Test
    void veryShortAndEmptyInputsAreValid() throws Exception {
        for (int n : new int[] {0, 1, 100, 4000}) {
            float[] x = new float[n];
            for (int i = 0; i < n; i++) {
                x[i] = (float) (0.3 * Math.sin(i * 0.05));
            }
            Diarization d = diarizer.run(new ArrayAudioSource(x), null, SpeakerCount.AUTO, ProgressListener.NONE);
            for (SpeakerTurn t : d.result().overlapping()) {
                assertTrue(t.end() <= n / 16000.0 + 1e-9, "turn past the end: " + t);
            }
        }
    }

    @Test
    void musicLikeInputIsValid() throws Exception {
        float[] x = new float[16000 * 15];
        double[] notes = {262, 330, 392, 523};
        for (int i = 0; i < x.length; i++) {
            double f = notes[(i / 8000) % notes.length];
            x[i] = (float) (0.2 * Math.sin(2 * Math.PI * f * i / 16000) + 0.1 * Math.sin(2 * Math.PI * 2 * f * i / 16000));
        }
        Diarization d = diarizer.run(new ArrayAudioSource(x), null, SpeakerCount.AUTO, ProgressListener.NONE);
        assertNoSelfOverlap(d.result().exclusive());
        assertEquals(d.speakerIds().size(), d.centroids().length);
    }

    @Test
    void vadPathWithoutSegmentationFindsBothVoices() throws Exception {
        SimulatedMeeting m = manAndWoman();
        List<SpeechRegion> speech;
        try (SileroVad vad = new SileroVad(OnnxModel.load(io.emotrace.models.ModelStore.withDefaults(
                io.emotrace.SharedData.root()).resolve("silero-vad-v5"), OnnxModel.Options.cpu(1)),
                SileroVad.Settings.defaults())) {
            speech = vad.detect(new ArrayAudioSource(m.audio()));
        }
        try (SpeakerDiarizer vadPath = new SpeakerDiarizer(null, null, new SpectralStatsEmbedder(),
                DiarizationSettings.segmentationDefaults(), SpeakerCount.AUTO, "not loaded in this test")) {
            assertTrue(vadPath.describe().contains("no segmentation model"), vadPath.describe());
            Diarization d = vadPath.run(new ArrayAudioSource(m.audio()), speech, SpeakerCount.exactly(2),
                    ProgressListener.NONE);
            ScoreReport r = DiarizationScorer.score(MeetingWriter.referenceTurns(m),
                    hyp(d.result().overlapping(), m.id()), null, 0.0);
            System.out.printf("VAD + embedding path: DER %.3f%n", r.total().der());
            assertEquals(2, d.speakerIds().size());
            assertEquals(d.result().overlapping(), d.result().exclusive()); // one speaker at a time by construction
            assertTrue(r.total().der() < 0.35, "DER " + r.total().der());
        }
    }

    @Test
    void utteranceEvidenceGivesEachUtteranceOneOfBothVoices() throws Exception {
        SimulatedMeeting m = manAndWoman();
        SileroVad vad = new SileroVad(OnnxModel.load(io.emotrace.models.ModelStore.withDefaults(
                io.emotrace.SharedData.root()).resolve("silero-vad-v5"), OnnxModel.Options.cpu(1)),
                SileroVad.Settings.defaults());
        try (SpeakerDiarizer utterances = new SpeakerDiarizer(null, vad, new SpectralStatsEmbedder(),
                DiarizationSettings.defaults(), SpeakerCount.AUTO, "not loaded in this test")) {
            assertTrue(utterances.describe().contains("utterances"), utterances.describe());
            assertTrue(utterances.findsSpeechItself());
            // speech regions a caller passes are not what the utterances are cut from
            Diarization d = utterances.run(new ArrayAudioSource(m.audio()), List.of(), SpeakerCount.exactly(2),
                    ProgressListener.NONE);
            ScoreReport r = DiarizationScorer.score(MeetingWriter.referenceTurns(m),
                    hyp(d.result().overlapping(), m.id()), null, 0.0);
            System.out.printf("utterance evidence: DER %.3f (miss %.3f), %d utterances%n", r.total().der(),
                    r.total().missed() / r.total().total(), d.stats().embeddings());
            assertEquals(2, d.speakerIds().size());
            assertEquals(d.result().overlapping(), d.result().exclusive()); // one speaker per utterance
            assertNoSelfOverlap(d.result().exclusive());
            assertTrue(d.stats().embeddings() >= 4, "utterances: " + d.stats().embeddings());
            assertTrue(r.total().der() < 0.35, "DER " + r.total().der());
        }
    }

    @Test
    void withoutAVadTheUtteranceSettingsFallBackToTheWindowsAlone() {
        try (SpeakerDiarizer noVad = new SpeakerDiarizer(null, null, new SpectralStatsEmbedder(),
                DiarizationSettings.defaults(), SpeakerCount.AUTO, "not loaded in this test")) {
            Evidence any = new Evidence(List.of(), List.of(), 10, false, 0, 0, 0, 0);
            // no VAD to cut utterances with: whatever evidence comes is resolved as the windows alone would be
            assertEquals(DiarizationSettings.defaults().windowsAlone(), noVad.settingsFor(any));
            assertEquals(DiarizationSettings.segmentationDefaults().clustering(),
                    noVad.settingsFor(any).clustering());
            assertTrue(!noVad.findsSpeechItself());
            // and it says what runs: the windows' clustering, not the utterances'
            assertTrue(!noVad.describe().contains("threshold 0.95"), noVad.describe());
        }
    }

    private static double total(List<SpeakerTurn> turns) {
        return turns.stream().mapToDouble(SpeakerTurn::duration).sum();
    }

    private static void assertNoSelfOverlap(List<SpeakerTurn> exclusive) {
        for (int i = 1; i < exclusive.size(); i++) {
            assertTrue(exclusive.get(i).start() >= exclusive.get(i - 1).end() - 1e-9,
                    "exclusive turns overlap: " + exclusive.get(i - 1) + " " + exclusive.get(i));
        }
    }

    /** The bench's evidence cache is keyed by what shapes the evidence: a change of clustering must not miss it. */
    @Test
    void theEvidenceDescriptionLeavesTheClusteringOut() {
        DiarizationSettings a = DiarizationSettings.segmentationDefaults();
        DiarizationSettings b = a.withClustering(a.clustering().withLongThreshold(0.5).withThreshold(0.6));
        try (SpeakerDiarizer da = new SpeakerDiarizer(null, null, new SpectralStatsEmbedder(), a, SpeakerCount.AUTO,
                "not loaded in this test");
             SpeakerDiarizer db = new SpeakerDiarizer(null, null, new SpectralStatsEmbedder(), b, SpeakerCount.AUTO,
                "not loaded in this test")) {
            assertTrue(!da.describe().equals(db.describe()), da.describe());
            assertEquals(da.describeEvidence(), db.describeEvidence());
            assertTrue(!da.describeEvidence().contains("threshold"), da.describeEvidence());
            assertTrue(da.describeEvidence().contains(new SpectralStatsEmbedder().describe()), da.describeEvidence());
        }
    }
}
