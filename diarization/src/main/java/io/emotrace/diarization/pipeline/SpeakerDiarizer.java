package io.emotrace.diarization.pipeline;

import io.emotrace.EmotraceException;
import io.emotrace.audio.AudioSource;
import io.emotrace.diarization.clustering.SpeakerCount;
import io.emotrace.diarization.embedding.SpeakerEmbedder;
import io.emotrace.domain.DiarizationResult;
import io.emotrace.domain.SpeakerTurn;
import io.emotrace.domain.SpeechRegion;
import io.emotrace.pipeline.Diarizer;
import io.emotrace.pipeline.ProgressListener;
import io.emotrace.segmentation.PyannoteSegmentation;
import io.emotrace.vad.VoiceActivityDetector;
import java.util.List;
import java.util.Locale;

/**
 * The diarization stage: VAD → pyannote segmentation on sliding 10 s windows → one embedding per (window, local
 * speaker) → global clustering with automatic speaker count → frame-level timeline with overlap, plus the
 * exclusive track. Without the segmentation model it runs the VAD + embedding path (no overlap) and its
 * {@link #describe()} says so. Owns and closes the models it is given.
 */
public final class SpeakerDiarizer implements Diarizer {
    public static final String STAGE = "diarization";

    private final PyannoteSegmentation segmentation; // null: VAD + embedding path
    private final VoiceActivityDetector vad;          // null: only usable when the caller passes speech regions
    private final SpeakerEmbedder embedder;
    private final DiarizationSettings settings;
    private final SpeakerCount count;
    private final String segmentationMissing;

    /**
     * @param segmentationMissing why there is no segmentation model (shown in outputs), or null when present
     */
    public SpeakerDiarizer(PyannoteSegmentation segmentation, VoiceActivityDetector vad, SpeakerEmbedder embedder,
                           DiarizationSettings settings, SpeakerCount count, String segmentationMissing) {
        this.segmentation = segmentation;
        this.vad = vad;
        this.embedder = embedder;
        this.settings = settings;
        this.count = count;
        this.segmentationMissing = segmentationMissing;
    }

    public boolean overlapAware() {
        return segmentation != null && (!utterances() || settings.segmentationOverlap());
    }

    /** Utterance evidence: asked for by the settings and a VAD to cut with is here. */
    private boolean utterances() {
        return settings.utteranceSilence() > 0 && vad != null;
    }

    @Override
    public boolean findsSpeechItself() {
        // see speech(): given regions are not used then (the utterance path cuts its own from the VAD's stream)
        return utterances() || segmentation != null && !settings.vadGate();
    }

    public DiarizationSettings settings() {
        return settings;
    }

    @Override
    public DiarizationResult diarize(AudioSource audio, List<SpeechRegion> speech, ProgressListener progress)
            throws EmotraceException {
        Diarization d = run(audio, speech, count, progress);
        java.util.Map<String, float[]> centroids = new java.util.LinkedHashMap<>();
        for (int i = 0; i < d.speakerIds().size() && i < d.centroids().length; i++) {
            centroids.put(d.speakerIds().get(i), unit(d.centroids()[i]));
        }
        return new DiarizationResult(d.result().overlapping(), d.result().exclusive(), centroids, d.result().count());
    }

    private static float[] unit(float[] v) {
        double n = 0;
        for (float x : v) {
            n += x * (double) x;
        }
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = n > 0 ? (float) (v[i] / Math.sqrt(n)) : 0f;
        }
        return out;
    }

    /** The full result with centroids and timings; {@code speech} null runs this diarizer's own VAD. */
    public Diarization run(AudioSource audio, List<SpeechRegion> speech, SpeakerCount n, ProgressListener progress)
            throws EmotraceException {
        audio = LevelNormalizedAudio.of(audio); // measured once, shared by VAD, segmentation and embeddings
        Timed<List<SpeechRegion>> vadRun = speech(audio, speech, progress);
        Evidence ev = collect(audio, vadRun.value, progress);
        long t1 = System.nanoTime();
        DiarizationSettings used = settingsFor(ev);
        EvidenceResolver.Resolved r = EvidenceResolver.resolve(ev, used, n, embedder.plda());
        String confidence = confidenceUnavailable(ev, used, n);
        if (confidence == null) {
            r = AttributionConfidence.annotate(r, AttributionConfidence.of(ev, used, r),
                    embedder.attributionCalibration());
        }
        double clusterSec = (System.nanoTime() - t1) / 1e9; // the count range's two clusterings are not counted
        progress.checkCancelled();
        io.emotrace.domain.SpeakerCountRange range = EvidenceResolver.countRange(ev, used, n, embedder.plda(),
                r.speakerIds().size(), EvidenceResolver.COUNT_BAND);
        progress.report(STAGE, 1, range.describe() + " speakers");
        Diarization.Stats stats = new Diarization.Stats(audio.durationSeconds(), ev.windows(), ev.items().size(),
                r.clustering().rawClusters(), r.clustering().foldedClusters(), vadRun.seconds,
                ev.chainSegmentationSeconds(), ev.chainEmbeddingSeconds(), clusterSec, ev.chainEmbeddedAudioSeconds());
        DiarizationResult result = new DiarizationResult(within(r.result().overlapping(), audio.durationSeconds()),
                within(r.result().exclusive(), audio.durationSeconds()), r.result().centroids(), range);
        String method = (!utterances() || used == settings ? describe()
                : describe(used, false, true) + " (this recording: the windows alone, not utterances)")
                + (confidence == null ? "; turn confidence calibrated" : "; no turn confidence: " + confidence);
        return new Diarization(result, r.speakerIds(), r.centroids(), method, stats);
    }

    /**
     * The turns cut at the recording's end: the timeline's last 16.9 ms frame reaches past a recording that is not a
     * whole number of frames long.
     */
    static List<SpeakerTurn> within(List<SpeakerTurn> turns, double end) {
        List<SpeakerTurn> out = new java.util.ArrayList<>(turns.size());
        for (SpeakerTurn t : turns) {
            if (t.start() < end) {
                out.add(t.end() <= end ? t : new SpeakerTurn(t.speaker(), t.start(), end, t.confidence()));
            }
        }
        return out;
    }

    /** The expensive part: segmentation and embeddings (or the VAD sub-segments when there is no segmentation). */
    public Evidence collect(AudioSource audio, List<SpeechRegion> speech, ProgressListener progress)
            throws EmotraceException {
        if (audio.sampleRate() != FrameGrid.SAMPLE_RATE) {
            throw new EmotraceException("diarization.sample_rate", "diarization needs 16 kHz audio, got "
                    + audio.sampleRate() + " Hz");
        }
        audio = LevelNormalizedAudio.of(audio);
        if (speech != null && speech.isEmpty() || audio.length() < FrameGrid.STEP) {
            long frames = (audio.length() + FrameGrid.STEP - 1) / FrameGrid.STEP;
            return new Evidence(List.of(), List.of(), frames, segmentation != null && !utterances(), 0, 0, 0, 0);
        }
        if (utterances()) {
            long t0 = System.nanoTime();
            List<long[]> cuts = UtteranceEvidence.cuts(audio, vad, settings, progress);
            double cutSeconds = (System.nanoTime() - t0) / 1e9;
            boolean longRecording = cuts.size() > settings.clustering().maxDirect()
                    || settings.segmentationOverlap() && audio.durationSeconds() > MAX_UTTERANCE_HOURS * 3600;
            if (!longRecording || segmentation == null) {
                boolean withWindows = settings.segmentationOverlap() && segmentation != null;
                Evidence ev = UtteranceEvidence.collect(audio, cuts, cutSeconds, embedder, settings,
                        withWindows ? progress.phase(0, 0.3) : progress, STAGE);
                if (!withWindows) {
                    return ev;
                }
                // the companion windows: these settings' speech thresholds (no telephone-band case unless asked for)
                return ev.withCompanion(windows(audio, speech, settings.withUtteranceEvidence(0),
                        progress.phase(0.3, 1)));
            }
            Evidence w = windows(audio, speech, settings.windowsAlone(), progress);
            return w.withSeconds(w.segmentationSeconds() + cutSeconds); // the cuts that chose this path count too
        }
        DiarizationSettings alone = withoutUtterances();
        if (segmentation != null) {
            return windows(audio, speech, alone, progress);
        }
        if (speech == null) {
            throw new EmotraceException("diarization.no_speech_regions", "the VAD + embedding path needs speech "
                    + "regions and no VAD is available");
        }
        return VadEvidence.collect(audio, speech, embedder, alone, progress, STAGE);
    }

    /** Segmentation-window evidence with {@code s}, the telephone-band case applied when {@code s} has it. */
    private Evidence windows(AudioSource audio, List<SpeechRegion> speech, DiarizationSettings s,
            ProgressListener progress) throws EmotraceException {
        boolean narrowband = s.narrowbandOnset() > 0 && io.emotrace.audio.Bandwidth.isNarrowband(audio);
        AudioSource heard = narrowband && s.narrowbandMirrorDb() < 0
                ? TelephoneBandFold.of(audio, s.narrowbandMirrorDb()) : audio;
        return SegmentationEvidence.collect(audio, heard, segmentation, speech, embedder, s.forRecording(narrowband),
                narrowband, progress, STAGE);
    }

    /** The settings when no utterances are cut: these, or the windows alone when these ask for utterances. */
    private DiarizationSettings withoutUtterances() {
        return settings.utteranceSilence() > 0 ? settings.windowsAlone() : settings;
    }

    /**
     * The settings that resolve {@code ev}: this diarizer's for utterance evidence; the windows alone
     * ({@link DiarizationSettings#windowsAlone}) for any other evidence when these settings ask for utterances (a long
     * recording, or no VAD to cut with). Past {@code maxDirect} utterances (about an hour of conversation) or
     * {@link #MAX_UTTERANCE_HOURS}, clustering runs in stages, and on the 3-hour tilings of the tuning speakers the
     * staged clustering of utterances found 27-32 of 15 voices (DER 38.7-44.7 %) where segmentation windows with their
     * own clustering find 15-17 (35.4-35.7 %): long recordings keep the windows (docs/diarization.md).
     */
    public DiarizationSettings settingsFor(Evidence ev) {
        return utterances() && !ev.overlapAware() ? settings : withoutUtterances();
    }

    /**
     * Longest recording whose voices are decided on utterances (hours): the frame-level merge with the windows keeps a
     * few bytes per 16.9 ms frame and speaker, and no tuning recording was longer.
     */
    static final double MAX_UTTERANCE_HOURS = 2;

    /** Speech regions with the time spent finding them (0 when the caller supplied them). */
    public Timed<List<SpeechRegion>> speech(AudioSource audio, List<SpeechRegion> given, ProgressListener progress)
            throws EmotraceException {
        if (utterances() || segmentation != null && !settings.vadGate()) {
            return new Timed<>(null, 0); // segmentation is the speech detector (see DiarizationSettings.vadGate)
        }
        if (given != null || vad == null) {
            return new Timed<>(given, 0);
        }
        long t0 = System.nanoTime();
        progress.report(STAGE, 0, "voice activity detection");
        List<SpeechRegion> found = vad.detect(LevelNormalizedAudio.of(audio), progress);
        return new Timed<>(found, (System.nanoTime() - t0) / 1e9);
    }

    public record Timed<T>(T value, double seconds) {
    }

    @Override
    public String describe() {
        return utterances() ? describe(settings, true, true) : describe(withoutUtterances(), false, true);
    }

    /**
     * {@link #describe()} with the word "clustering" in place of this diarizer's clustering: what shapes the evidence
     * (models, segmentation and utterance settings), so the bench's evidence cache survives a change of clustering.
     */
    public String describeEvidence() {
        return utterances() ? describe(settings, true, false) : describe(withoutUtterances(), false, false);
    }

    /** What runs with settings {@code settings}, on utterances or not; the clustering named only when asked. */
    private String describe(DiarizationSettings settings, boolean utterancePath, boolean withClustering) {
        var c = settings.clustering();
        boolean plda = c.method() == io.emotrace.diarization.clustering.ClusteringSettings.Method.PLDA;
        boolean vbx = c.method() == io.emotrace.diarization.clustering.ClusteringSettings.Method.VBX;
        String decision = vbx && embedder.plda() != null
                ? String.format(Locale.ROOT, "AHC average linkage (cosine threshold %.2f%s) then VBx under the PLDA "
                        + "model (Fa %.3f, Fb %.2f; recordings of up to %d embeddings, AHC alone above)", c.threshold(),
                        c.cannotLink() ? ", cannot-link within a window" : "", c.vbxFa(), c.vbxFb(), c.maxDirect())
                : plda && embedder.plda() != null
                ? String.format(Locale.ROOT, "Bayesian AHC on PLDA log-likelihood ratios (merge above %.1f, %.2f "
                        + "observations per second of speech)", c.pldaThreshold(), c.pldaPerSecond())
                : String.format(Locale.ROOT, "AHC average linkage, cosine threshold %.2f%s%s%s", c.threshold(),
                        c.longThreshold() > 0 && c.longThreshold() != c.threshold() ? String.format(Locale.ROOT,
                                " (%.2f above %d embeddings)", c.longThreshold(), c.maxDirect()) : "",
                        c.cannotLink() ? ", cannot-link within a window" : "",
                        plda || vbx ? " (PLDA requested but the embedder has no PLDA back-end)" : "")
                        + (c.method() == io.emotrace.diarization.clustering.ClusteringSettings.Method.AHC_SPECTRAL
                                ? String.format(Locale.ROOT, " decides the count, spectral clustering (%.2f of each "
                                        + "affinity row kept) the partition up to %d embeddings", c.spectralKeep(),
                                        io.emotrace.diarization.clustering.SpeakerClusterer.SPECTRAL_MAX) : "")
                        + (c.longSample() > 0 ? String.format(Locale.ROOT, "; above %d embeddings the staged AHC "
                                + "decides the count, the spectral partition of %d of them (%.2f of each row kept) the "
                                + "voices", c.maxDirect(), c.longSample(), c.longKeep()) : "");
        String cl = !withClustering ? "clustering" : String.format(Locale.ROOT, "%s%s%s, up to %d reassignment passes, speakers %s",
                c.centreShare() > 0 ? String.format(Locale.ROOT, "%.2f of the recording's mean embedding removed + ",
                        c.centreShare()) : "", decision,
                c.countsBySilhouette() ? String.format(Locale.ROOT, ", the count by silhouette within %.2f of it", c.silhouetteBand())
                        : "", c.refineIterations(), count);
        if (utterancePath) {
            return String.format(Locale.ROOT, "level normalisation + utterances (Silero VAD cuts ended by %.2f s of "
                    + "silence, at most %.0f s; one embedding and one speaker each%s) + %s + %s",
                    settings.utteranceSilence(), io.emotrace.vad.UtteranceSegmenter.LIVE_MAX_UTTERANCE,
                    settings.segmentationOverlap() && segmentation != null
                            ? "; pyannote-segmentation-3.0 windows, their tracks given the utterances' voices, add "
                                    + "overlapped speakers and speech the VAD missed" + (settings.edgeTrimSeconds() > 0
                                            ? String.format(Locale.ROOT, ", and silence up to %.2f s of each utterance's "
                                                    + "edges where they hear no one", settings.edgeTrimSeconds()) : "")
                            : ", overlapped speech is not detected", embedder.describe(), cl)
                    + (segmentation != null ? String.format(Locale.ROOT, "; past %d utterances or %.0f hours the windows "
                            + "alone, with their own clustering", settings.clustering().maxDirect(), MAX_UTTERANCE_HOURS)
                            : " (no segmentation model" + (segmentationMissing == null ? "" : ": " + segmentationMissing)
                                    + ")");
        }
        if (segmentation != null) {
            return String.format(Locale.ROOT, "level normalisation + pyannote-segmentation-3.0 (10 s windows, hop "
                    + "%.2f s, speech where P >= %.2f%s%s) + %s + %s%s", settings.hopSeconds(), settings.speechThreshold(),
                    settings.narrowbandOnset() > 0 ? String.format(Locale.ROOT, " (telephone band: %.2f, kept down to "
                            + "%.2f%s)", settings.narrowbandOnset(), settings.narrowbandOffset(),
                            settings.narrowbandMirrorDb() < 0 ? String.format(Locale.ROOT, ", heard with its mirror above "
                                    + "4 kHz at %.0f dB", settings.narrowbandMirrorDb()) : "") : "",
                    settings.pairShare() > 0 ? String.format(Locale.ROOT, ", two speakers where P(pair | speech) >= %.2f",
                            settings.pairShare()) : "",
                    embedder.describe(), cl, settings.vadGate() ? " + VAD gate" : "; speech from segmentation");
        }
        return "level normalisation + VAD + embedding path (no segmentation model" + (segmentationMissing == null ? ""
                : ": " + segmentationMissing) + "; overlapped speech is not detected): "
                + String.format(Locale.ROOT, "%.1f s sub-segments + ", settings.vadPieceSeconds())
                + embedder.describe() + " + " + cl;
    }

    /**
     * Why turns get no confidence for this evidence, these settings and this count, or null when they do: the calibration
     * holds only for the speaker model and the clustering it was fitted with, deciding the count itself on utterances.
     */
    String confidenceUnavailable(Evidence ev, DiarizationSettings used, SpeakerCount n) {
        io.emotrace.diarization.embedding.AttributionCalibration cal = embedder.attributionCalibration();
        String problem = calibrationProblem(cal, AttributionConfidence.FEATURES, used.clustering().toString());
        if (problem != null && !problem.equals(OTHER_SETTINGS)) {
            return problem;
        }
        if (utterances() && used != settings) {
            return "a recording this long is decided by the windows alone, which it is not calibrated for";
        }
        if (problem != null) {
            return "calibrated for the default clustering only";
        }
        if (!n.equals(SpeakerCount.AUTO)) {
            return "calibrated for a count the diarizer decides";
        }
        if (settings.segmentationOverlap() && ev.items().isEmpty()) {
            return "no utterance: the windows alone decided the voices, which it is not calibrated for";
        }
        return null;
    }

    private static final String OTHER_SETTINGS = "fitted for other settings";

    /**
     * Why {@code cal} does not hold for this embedder's weights, {@code features} features and {@code settingsKey}, or
     * null when it does.
     */
    private String calibrationProblem(io.emotrace.diarization.embedding.AttributionCalibration cal, int features,
            String settingsKey) {
        if (cal == null) {
            return "the speaker model has no attribution calibration";
        }
        if (!cal.weightsSha().equals(embedderWeightsDigest())) {
            return "the speaker model's attribution calibration was fitted for other weights";
        }
        if (cal.features() != features) {
            return "the attribution calibration has " + cal.features() + " features, this diarizer gives " + features;
        }
        return cal.clustering().equals(settingsKey) ? null : OTHER_SETTINGS;
    }

    /**
     * The embedder's attribution calibration when it was fitted for its weights, the features and the default clustering
     * of this diarizer, else null.
     */
    public io.emotrace.diarization.embedding.AttributionCalibration attributionCalibration() {
        io.emotrace.diarization.embedding.AttributionCalibration c = embedder.attributionCalibration();
        return calibrationProblem(c, AttributionConfidence.FEATURES, settings.clustering().toString()) == null ? c : null;
    }

    /**
     * The embedder's calibration of live assignment when it holds for this diarizer's live settings
     * ({@link io.emotrace.diarization.online.OnlineSpeakers#liveSettings}), else null.
     */
    public io.emotrace.diarization.embedding.AttributionCalibration liveAttributionCalibration() {
        io.emotrace.diarization.embedding.AttributionCalibration c = embedder.liveAttributionCalibration();
        return calibrationProblem(c, io.emotrace.diarization.online.OnlineSpeakers.FEATURES,
                io.emotrace.diarization.online.OnlineSpeakers.liveSettings(sameVoiceDistance())) == null ? c : null;
    }

    @Override
    public java.util.Optional<java.util.function.ToDoubleFunction<double[]>> liveAttributionConfidence() {
        return java.util.Optional.ofNullable(liveAttributionCalibration()).map(c -> c::probability);
    }

    /** Names the embedder's weights ({@code sha256:...} for the project's model), or its description otherwise. */
    public String embedderWeightsDigest() {
        return embedder.weightsDigest();
    }

    /** The embedder's PLDA back-end, or null (the bench resolves cached evidence with it). */
    public io.emotrace.diarization.embedding.Plda plda() {
        return embedder.plda();
    }

    @Override
    public float[][] embedClips(List<float[]> clips) throws io.emotrace.EmotraceException {
        return embedder.embed(clips);
    }

    /**
     * Live assignment compares raw (uncentred) embeddings one utterance at a time, so it keeps the threshold tuned for
     * uncentred clustering ({@link io.emotrace.diarization.clustering.ClusteringSettings#liveSameVoiceDistance}); the
     * thresholds of the centred offline paths do not apply.
     */
    @Override
    public double sameVoiceDistance() {
        return settings.clustering().liveSameVoiceDistance();
    }

    @Override
    public void close() {
        try {
            if (segmentation != null) {
                segmentation.close();
            }
        } finally {
            try {
                if (vad != null) {
                    vad.close();
                }
            } finally {
                embedder.close();
            }
        }
    }
}
