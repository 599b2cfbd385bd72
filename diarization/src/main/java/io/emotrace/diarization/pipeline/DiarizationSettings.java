package io.emotrace.diarization.pipeline;

import io.emotrace.diarization.clustering.ClusteringSettings;

/**
 * Tunables of the diarization pipeline (defaults tuned on simulated meetings of non-held-out speakers and on AMI
 * trn*; see docs/diarization.md).
 *
 * @param hopSeconds        step between 10 s segmentation windows (speed vs accuracy)
 * @param minEmbedSeconds   a local speaker with less activity in a window is not embedded (activity dropped)
 * @param cleanSeconds      use only non-overlapped frames for the embedding when they add up to this much
 * @param reliableSeconds   embeddings from at least this much speech shape the clusters; shorter ones are assigned
 * @param maxClipSeconds    longest clip given to the embedder (centre part kept): bounds the embedding cost
 * @param embedBatch        clips per embedder call
 * @param vadGate           with segmentation: skip windows without VAD speech and silence frames outside it. Off by
 *                          default: Silero misses quiet far-field speech (AMI trn01: nothing found) that
 *                          segmentation finds, so segmentation alone decides what is speech
 * @param minGapSeconds     same-speaker gaps shorter than this are filled
 * @param vadPieceSeconds   length of the fixed sub-segments of speech in the VAD-only path (half overlap)
 * @param speechThreshold   a segmentation frame is speech when 1 - P(no speaker) reaches this; its speakers are
 *                          then the most probable non-empty powerset class. The plain argmax over the 7 classes
 *                          misses frames where the speech mass is split between classes (e.g. none 0.4, {1} 0.3,
 *                          {1,2} 0.3), which happens a lot on quiet far-field audio with the int8 model
 * @param speechOffset      hysteresis inside a window: a speech frame stays speech while 1 - P(none) stays at or
 *                          above this (= speechThreshold: no hysteresis)
 * @param pairShare         a speech frame has two speakers when the two-speaker classes hold at least this share of
 *                          its speech mass (then the best pair, else the best single speaker); 0: the most probable
 *                          non-empty class. The int8 model spreads overlap over the three pair classes, so the best
 *                          single class often wins where two people talk (AMI: see {@code bench segmentation})
 * @param narrowbandOnset   for telephone-band recordings ({@link io.emotrace.audio.Bandwidth#isNarrowband}) the speech threshold and
 * @param narrowbandOffset  hysteresis offset used instead (0: no special case): the segmentation model is unsure of
 *                          band-limited speech (P(speech) mostly 0.1-0.45 on simulated calls); such recordings
 *                          also get uniform weights
 * @param narrowbandMirrorDb with the telephone-band case: the segmentation model hears the recording plus its mirror
 *                          image above 4 kHz this many dB down ({@link TelephoneBandFold}; 0: the recording as it is)
 * @param uniformWeights    the timeline weighs every frame of a window the same (else Hamming: trust window centres)
 * @param utteranceSilence  above 0: utterance evidence instead of segmentation windows ({@link UtteranceEvidence}):
 *                          the live path's VAD cuts, utterances ended by this much silence, one embedding each, one
 *                          speaker per utterance (overlap is not found)
 * @param segmentationOverlap with utterance evidence: segmentation windows too, whose tracks, labelled by the
 *                          utterances' voices, add the speech the VAD missed and overlapped speakers
 *                          ({@link OverlapFromSegmentation})
 * @param outsideMinSeconds with those windows: speech they find outside every utterance is kept only in stretches of at
 *                          least this many seconds (0: all of it; infinite: none)
 * @param switchMinSeconds  with those windows: inside an utterance, a stretch of at least this many seconds where the
 *                          windows hear one voice and not the utterance's goes to that voice (an utterance that holds
 *                          two people, with no pause between them); infinite: the utterance's voice holds it all
 * @param edgeTrimSeconds   with those windows: an utterance's first and last frames where the windows hear no one are
 *                          silence, up to this many seconds at each end (the VAD's cut is coarse: 32 ms chunks, a 50 ms
 *                          pad and Silero's hangover, where the windows' frames are 17 ms); 0: the utterance holds all
 *                          its frames
 */
public record DiarizationSettings(double hopSeconds, double minEmbedSeconds, double cleanSeconds,
        double reliableSeconds, double maxClipSeconds, int embedBatch, boolean vadGate, double minGapSeconds,
        double vadPieceSeconds, double speechThreshold, double speechOffset, double pairShare, double narrowbandOnset,
        double narrowbandOffset, double narrowbandMirrorDb, boolean uniformWeights, double utteranceSilence,
        boolean segmentationOverlap, double outsideMinSeconds, double switchMinSeconds, double edgeTrimSeconds,
        ClusteringSettings clustering) {

    /** Longest step between segmentation windows: their length, so no audio falls between two of them. */
    public static final double MAX_HOP_SECONDS = 10;

    public DiarizationSettings {
        if (!(hopSeconds > 0) || hopSeconds > MAX_HOP_SECONDS || embedBatch < 1 || !(maxClipSeconds > 0) || !(vadPieceSeconds > 0)
                || !(speechThreshold > 0) || speechThreshold >= 1 || !(speechOffset > 0) || speechOffset > speechThreshold
                || !(pairShare >= 0) || pairShare >= 1 || !(narrowbandOnset >= 0) || narrowbandOnset >= 1
                || narrowbandOnset > 0 && !(narrowbandOffset > 0 && narrowbandOffset <= narrowbandOnset)
                || !(narrowbandMirrorDb <= 0 && narrowbandMirrorDb >= -60)
                || utteranceSilence != 0 && !io.emotrace.vad.UtteranceSegmenter.isMinSilence(utteranceSilence)
                || !(outsideMinSeconds >= 0) || !(switchMinSeconds > 0) || !(edgeTrimSeconds >= 0 && edgeTrimSeconds <= 5)) {
            throw new IllegalArgumentException("bad diarization settings");
        }
    }

    /**
     * 0.45, chosen on the tuning set (simulated meetings of a speaker fold the tuning model never heard + AMI trn*):
     * fewer AMI misses than 0.5 for a little more false alarm; see docs/diarization.md.
     */
    public static final double DEFAULT_SPEECH_THRESHOLD = 0.45;

    /**
     * 0.40, chosen with {@code bench segmentation} on AMI trn* and simulated meetings of non-held-out speakers: the
     * oracle overlap under-count on AMI trn* drops (9.3 -> 8.2 % of the speech) and simulated meetings do not change.
     */
    public static final double DEFAULT_PAIR_SHARE = 0.40;

    /**
     * Telephone band: speech from P >= 0.20, kept down to 0.10, chosen with {@code bench segmentation --grid-set
     * tel-tune} on simulated calls of their own seed (oracle DER 48.8 -> 30.6 %; 25.8 % with the uniform weights
     * that {@link #forRecording} adds).
     */
    public static final double NARROWBAND_ONSET = 0.20;
    public static final double NARROWBAND_OFFSET = 0.10;

    /** Silence that ends an utterance of utterance evidence: the live path's, chosen with it (bench live --tune-min-silence). */
    public static final double UTTERANCE_SILENCE = io.emotrace.vad.UtteranceSegmenter.LIVE_MIN_SILENCE;

    /**
     * The shipped settings: utterance evidence ({@link UtteranceEvidence}) decides the voices, segmentation windows
     * labelled by them add overlap and the speech the VAD missed ({@link OverlapFromSegmentation}); picked by the tuning
     * sets' mean DER (24.8 against 28.7 % for utterances alone and 33.8 % for segmentation windows alone;
     * docs/diarization.md, "Utterance evidence"). {@link #segmentationDefaults()} is the windows alone.
     */
    public static DiarizationSettings defaults() {
        // the windows beside utterances keep the wideband speech thresholds on telephone audio too: the VAD hears that
        // speech, and the telephone band's low threshold only added false alarm there (mean tuning DER 25.72 -> 24.84)
        return segmentationDefaults().withUtteranceEvidence(UTTERANCE_SILENCE).withSegmentationOverlap(true)
                .withNarrowband(0, 0).withClustering(ClusteringSettings.utteranceDefaults());
    }

    /**
     * Segmentation windows (overlap-aware) with their own tuned clustering. Hop 2.5 s and clips up to 6 s: twice the
     * windows of hop 5 s, better embeddings; RTF stays about 0.02.
     */
    public static DiarizationSettings segmentationDefaults() {
        return new DiarizationSettings(2.5, 0.25, 0.8, 1.0, 6.0, 32, false, 0.1, 1.5, DEFAULT_SPEECH_THRESHOLD,
                DEFAULT_SPEECH_THRESHOLD, DEFAULT_PAIR_SHARE, NARROWBAND_ONSET, NARROWBAND_OFFSET,
                TelephoneBandFold.GAIN_DB, false, 0, false, 0, Double.POSITIVE_INFINITY, 0, ClusteringSettings.defaults());
    }

    /**
     * These settings for the segmentation windows alone: no utterances, the telephone-band case on (with its tuned
     * thresholds when these have it off: the windows alone always have it), and the windows' tuned clustering with
     * whatever was changed from the utterances' default carried onto it (a threshold the user asked for holds on every
     * path).
     */
    public DiarizationSettings windowsAlone() {
        boolean band = narrowbandOnset > 0;
        return with(e -> {
            e.utteranceSilence = 0;
            e.segmentationOverlap = false;
            e.narrowbandOnset = band ? narrowbandOnset : NARROWBAND_ONSET;
            e.narrowbandOffset = band ? narrowbandOffset : NARROWBAND_OFFSET;
            e.clustering = clustering.changesOnto(ClusteringSettings.utteranceDefaults(), ClusteringSettings.defaults());
        });
    }

    /**
     * The settings for one recording: when it is telephone-band and the narrowband onset is set, that onset and
     * offset and uniform weights (chosen on tel-tune: oracle DER 30.6 -> 25.8 % with uniform weights).
     */
    public DiarizationSettings forRecording(boolean narrowband) {
        if (!narrowband || narrowbandOnset <= 0) {
            return this;
        }
        return with(e -> {
            e.speechThreshold = narrowbandOnset;
            e.speechOffset = narrowbandOffset;
            e.uniformWeights = true;
        });
    }

    public DiarizationSettings withClustering(ClusteringSettings c) {
        return with(e -> e.clustering = c);
    }

    public DiarizationSettings withHop(double h) {
        return with(e -> e.hopSeconds = h);
    }

    public DiarizationSettings withMaxClipSeconds(double m) {
        return with(e -> e.maxClipSeconds = m);
    }

    public DiarizationSettings withVadGate(boolean g) {
        return with(e -> e.vadGate = g);
    }

    /** Speech threshold t without hysteresis (offset t too). */
    public DiarizationSettings withSpeechThreshold(double t) {
        return with(e -> {
            e.speechThreshold = t;
            e.speechOffset = t;
        });
    }

    public DiarizationSettings withPairShare(double p) {
        return with(e -> e.pairShare = p);
    }

    /** Utterance evidence with utterances ended by {@code silence} s (0: segmentation windows). */
    public DiarizationSettings withUtteranceEvidence(double silence) {
        return with(e -> e.utteranceSilence = silence);
    }

    /** Utterance evidence with (true) or without segmentation windows for missed speech and overlap. */
    public DiarizationSettings withSegmentationOverlap(boolean on) {
        return with(e -> e.segmentationOverlap = on);
    }

    /** Same-speaker gaps of at most {@code seconds} filled (one turn across a short pause). */
    public DiarizationSettings withMinGapSeconds(double seconds) {
        return with(e -> e.minGapSeconds = seconds);
    }

    /** Windows' speech outside utterances kept in stretches of at least {@code seconds}. */
    public DiarizationSettings withOutsideMinSeconds(double seconds) {
        return with(e -> e.outsideMinSeconds = seconds);
    }

    /** Inside utterances, the windows' other voice takes stretches of at least {@code seconds}. */
    public DiarizationSettings withSwitchMinSeconds(double seconds) {
        return with(e -> e.switchMinSeconds = seconds);
    }

    /** Utterance edges where the windows hear no one silenced, up to {@code seconds} at each end. */
    public DiarizationSettings withEdgeTrimSeconds(double seconds) {
        return with(e -> e.edgeTrimSeconds = seconds);
    }

    /** Narrowband onset and offset; onset 0 turns the telephone-band special case off. */
    public DiarizationSettings withNarrowband(double onset, double offset) {
        return with(e -> {
            e.narrowbandOnset = onset;
            e.narrowbandOffset = offset;
        });
    }

    /** The telephone-band case's mirror image, {@code db} down (0: none). */
    public DiarizationSettings withNarrowbandMirror(double db) {
        return with(e -> e.narrowbandMirrorDb = db);
    }

    /** The settings' values as fields to change: each {@code with*} copy changes some of them. */
    private static final class Edit {
        double hopSeconds;
        double minEmbedSeconds;
        double cleanSeconds;
        double reliableSeconds;
        double maxClipSeconds;
        int embedBatch;
        boolean vadGate;
        double minGapSeconds;
        double vadPieceSeconds;
        double speechThreshold;
        double speechOffset;
        double pairShare;
        double narrowbandOnset;
        double narrowbandOffset;
        double narrowbandMirrorDb;
        boolean uniformWeights;
        double utteranceSilence;
        boolean segmentationOverlap;
        double outsideMinSeconds;
        double switchMinSeconds;
        double edgeTrimSeconds;
        ClusteringSettings clustering;

        Edit(DiarizationSettings s) {
            hopSeconds = s.hopSeconds;
            minEmbedSeconds = s.minEmbedSeconds;
            cleanSeconds = s.cleanSeconds;
            reliableSeconds = s.reliableSeconds;
            maxClipSeconds = s.maxClipSeconds;
            embedBatch = s.embedBatch;
            vadGate = s.vadGate;
            minGapSeconds = s.minGapSeconds;
            vadPieceSeconds = s.vadPieceSeconds;
            speechThreshold = s.speechThreshold;
            speechOffset = s.speechOffset;
            pairShare = s.pairShare;
            narrowbandOnset = s.narrowbandOnset;
            narrowbandOffset = s.narrowbandOffset;
            narrowbandMirrorDb = s.narrowbandMirrorDb;
            uniformWeights = s.uniformWeights;
            utteranceSilence = s.utteranceSilence;
            segmentationOverlap = s.segmentationOverlap;
            outsideMinSeconds = s.outsideMinSeconds;
            switchMinSeconds = s.switchMinSeconds;
            edgeTrimSeconds = s.edgeTrimSeconds;
            clustering = s.clustering;
        }

        DiarizationSettings settings() {
            return new DiarizationSettings(hopSeconds, minEmbedSeconds, cleanSeconds, reliableSeconds,
                    maxClipSeconds, embedBatch, vadGate, minGapSeconds, vadPieceSeconds, speechThreshold,
                    speechOffset, pairShare, narrowbandOnset, narrowbandOffset, narrowbandMirrorDb, uniformWeights,
                    utteranceSilence, segmentationOverlap, outsideMinSeconds, switchMinSeconds, edgeTrimSeconds, clustering);
        }
    }

    private DiarizationSettings with(java.util.function.Consumer<Edit> change) {
        Edit e = new Edit(this);
        change.accept(e);
        return e.settings();
    }
}
