package io.emotrace.emotion.embedded;

import io.emotrace.EmotraceException;
import io.emotrace.audio.Bandwidth;
import io.emotrace.domain.BandEnergy;
import io.emotrace.emotion.ClipEmotion;
import io.emotrace.emotion.EmotionModel;
import io.emotrace.domain.PreparedClip;
import io.emotrace.features.FeatureExtractor;
import io.emotrace.features.FeatureExtractors;
import io.emotrace.features.MelConfig;
import io.emotrace.domain.Emotion;
import io.emotrace.domain.EmotionEstimate;
import io.emotrace.domain.SpeakerVoice;
import io.emotrace.runtime.Accelerators;
import io.emotrace.runtime.ModelRuntimeException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.Map;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * The project's own emotion model ("embedded"): {@link EmotionNet} weights trained by
 * {@code ./emotrace train emotion}, run on CPU LibTorch. Clips pass {@link SignalGate} first ({@code unknown}
 * with a reason otherwise); the softmax runs over the 7 emotions the corpora label, and a top probability
 * under the calibrated {@link ModelCard#otherBelow()} gives {@code other} with confidence 1 - top.
 * On a machine where LibTorch sees a GPU the network runs on cuda:0 (fbank stays on the CPU kernel).
 * The utterance label, scores and embedding come from the clip's speech span ({@link FbankPrep#speechSpan},
 * leading/trailing silence cut as in training); the embedding is the mean of that span's frame embeddings
 * (as FunASR's {@code granularity="utterance"}). Frame embeddings (T, D) at 50 frames/s, from the last
 * convolution, and frame scores, from the network's 1x1 frame head, cover the whole clip.
 *
 * <p>A model trained with {@link FeatureNorm#SPEAKER_BINS} subtracts the speaker's mean spectrum
 * ({@link SpeakerVoice}, collected by the caller over that speaker's speech in the recording) from every clip; without
 * a voice of at least {@link #MIN_VOICE_SECONDS} it subtracts the clip's own mean spectrum instead.
 *
 * <p>A card with a {@link VoiceHead} fuses the network's answer with the head's, which reads the voice encoder's
 * statistics ({@link VoiceStats}) of the clip less the speaker's mean statistics (collected in the {@link SpeakerVoice}
 * with the spectrum); a voice of fewer than {@link VoiceHead#MIN_CLIPS} clips leaves the network to answer alone, as
 * does a missing encoder or one the head was not trained on ({@link #describe()} says which). Frame scores are the
 * network's alone.
 *
 * <p>The voice pass ({@link #prepare}) keeps what it computed of each clip that does not depend on the voice, the pitch
 * track and the heads' statistics (the costly part of a clip: each takes longer than the CNN); judging the prepared
 * clips ({@link #analysePrepared}) reuses them and recomputes only the fbank (cheap) before the normalised CNN.
 *
 * <p>Thread-safe: the network is in eval mode and every call makes its own tensors under no-grad.
 */
public final class EmbeddedEmotionModel implements EmotionModel {
    public static final String NAME = "embedded";
    private static final int SAMPLE_RATE = 16_000;
    /** Less of a voice than this is not trusted as the speaker's average: each clip then stands for itself. */
    public static final double MIN_VOICE_SECONDS = 3.0;

    /**
     * The weights a clip is judged by: the network, its card's calibration and the fused heads (null when off). Both
     * judges of a model read the same rows, voices and head statistics (checked when the calls model is loaded).
     */
    private record Judge(EmotionNet net, ModelCard card, VoiceHead head, VoiceHead prosodyHead) {
    }

    /** The model for speech as recorded; its card also says how clips are read (rows, normalisation, pitch). */
    private final Judge wide;
    /** The calls model for telephone-band voices ({@link BandEnergy#narrowband()}); null when none is shipped. */
    private final Judge calls;
    private final ModelCard card;
    private final FeatureExtractor fbank;
    private final String source;
    private final float[] runtimeMask = CorpusLabels.logitMask(CorpusLabels.PREDICTED);
    private final Device device; // null: CPU
    /** The fused heads' voice encoder, null when the cards have no heads or they cannot run ({@link #headNote}). */
    private final VoiceStats voiceStats;
    private final String headNote;
    private volatile boolean closed;

    private EmbeddedEmotionModel(Judge wide, Judge calls, String source, boolean preferCuda, VoiceStats voiceStats,
            String headNote) {
        this.wide = wide;
        this.calls = calls;
        this.card = wide.card();
        this.source = source;
        this.voiceStats = voiceStats;
        this.headNote = headNote;
        this.fbank = FeatureExtractors.cpu(MelConfig.kaldiFbank80(), 1);
        this.device = preferCuda && Accelerators.torchCuda().usable() ? new Device("cuda:0") : null;
        if (device != null) {
            wide.net().to(device, false);
            if (calls != null) {
                calls.net().to(device, false);
            }
        }
    }

    /**
     * One LibTorch intra-op thread for the calling thread; clips run in parallel instead (CLIP_WORKERS). LibTorch's
     * OpenMP workers spin-wait at every layer of this small network: with 2 intra-op threads on 2 busy cores a 3-s
     * clip took 140 ms instead of 7 ms. OpenMP keeps the thread count per thread, so every thread that runs the
     * network sets it (cheap).
     */
    private static void singleIntraOpThread() {
        torch.set_num_threads(1);
    }

    /** Daemon workers for clip-level parallelism, shared by all instances (one per core). */
    private static final ExecutorService CLIP_WORKERS = Executors.newFixedThreadPool(
            Math.max(1, Runtime.getRuntime().availableProcessors()), r -> {
                Thread t = new Thread(() -> {
                    singleIntraOpThread();
                    r.run();
                }, "embedded-emotion");
                t.setDaemon(true);
                return t;
            });

    /**
     * The committed default weights from the classpath ({@code trained/emotion-embedded/}), with the calls model
     * ({@code trained/emotion-embedded-telephone/}) for telephone-band voices when the classpath holds it.
     */
    public static EmbeddedEmotionModel loadDefault() throws ModelRuntimeException {
        return loadDefault(VoiceStats::openDefault);
    }

    /** {@link #loadDefault()} with the heads' voice encoder from {@code encoder} (tests: one that counts its calls). */
    static EmbeddedEmotionModel loadDefault(VoiceStats.Provider encoder) throws ModelRuntimeException {
        return loadDefault(encoder, EmbeddedWeights.hasResource(EmbeddedWeights.CALLS_RESOURCE_DIR, EmbeddedWeights.CARD));
    }

    /** {@link #loadDefault(VoiceStats.Provider)}, {@code withCalls}: whether the calls model is loaded too. */
    static EmbeddedEmotionModel loadDefault(VoiceStats.Provider encoder, boolean withCalls) throws ModelRuntimeException {
        return create(classpath(EmbeddedWeights.RESOURCE_DIR),
                withCalls ? classpath(EmbeddedWeights.CALLS_RESOURCE_DIR) : null, encoder);
    }

    /** The card, weights and heads in the classpath folder {@code dir}. */
    private static Weights classpath(String dir) throws ModelRuntimeException {
        return Weights.read(name -> EmbeddedWeights.resource(dir, name), "classpath:" + dir);
    }

    /** Weights written by the trainer into {@code dir} (model.pt + model.json); no calls model. */
    public static EmbeddedEmotionModel load(Path dir) throws ModelRuntimeException {
        return create(Weights.read(name -> EmbeddedWeights.file(dir.resolve(name)), dir.toString()), null,
                VoiceStats::openDefault);
    }

    /** One card's files as read: the network's weights and the heads' JSON (null when the card has none). */
    private record Weights(ModelCard card, byte[] net, byte[] headJson, byte[] prosodyJson, String source) {
        /** Reads a file of the model's folder by name. */
        interface Files {
            byte[] read(String name) throws ModelRuntimeException;
        }

        /** The card in {@code files} and the files it names. */
        static Weights read(Files files, String source) throws ModelRuntimeException {
            ModelCard card = EmbeddedWeights.readCard(files.read(EmbeddedWeights.CARD));
            return new Weights(card, files.read(EmbeddedWeights.WEIGHTS),
                    card.voiceHead() == null ? null : files.read(card.voiceHead()),
                    card.prosodyHead() == null ? null : files.read(card.prosodyHead()), source);
        }
    }

    /** The heads of {@code w} (null when it has none): a voice head and, with it, the prosody head. */
    private static VoiceHead[] heads(Weights w) throws ModelRuntimeException {
        ModelCard card = w.card();
        VoiceHead head = null;
        VoiceHead prosody = null;
        try {
            if (w.headJson() != null) {
                head = VoiceHead.read(w.headJson(), w.source() + "/" + card.voiceHead());
            }
            if (w.prosodyJson() != null) {
                prosody = VoiceHead.read(w.prosodyJson(), w.source() + "/" + card.prosodyHead());
                if (!VoiceHead.ROW_STATS.equals(prosody.weights().encoder()) || prosody.weights().dim() != RowStats.DIM) {
                    throw new java.io.IOException(card.prosodyHead() + " is not a head on " + RowStats.DIM
                            + " row statistics (" + VoiceHead.ROW_STATS + ")");
                }
            }
        } catch (java.io.IOException e) {
            throw new ModelRuntimeException("model.format", "cannot read a fused head: " + e.getMessage(), e);
        }
        return new VoiceHead[] {head, head == null ? null : prosody};
    }

    /**
     * Why the calls model cannot stand beside the model as recorded (it must read clips, voices and head statistics as
     * that one does), or null when it can.
     */
    private static String mismatch(Weights wide, VoiceHead[] wideHeads, Weights calls, VoiceHead[] callsHeads) {
        ModelCard a = wide.card();
        ModelCard b = calls.card();
        if (a.bins() != b.bins() || !a.norm().equals(b.norm()) || a.prosody() != b.prosody() || a.tracker() != b.tracker()) {
            return "it reads other rows (" + b.bins() + " values, " + b.norm() + ", tracker " + b.tracker() + ")";
        }
        for (int k = 0; k < 2; k++) {
            VoiceHead x = wideHeads[k];
            VoiceHead y = callsHeads[k];
            if ((x == null) != (y == null) || x != null && (!x.weights().encoder().equals(y.weights().encoder())
                    || x.weights().dim() != y.weights().dim())) {
                return "its " + (k == 0 ? "voice" : "prosody") + " head reads other statistics";
            }
        }
        return null;
    }

    private static EmbeddedEmotionModel create(Weights w, Weights callsWeights, VoiceStats.Provider encoder)
            throws ModelRuntimeException {
        ModelCard card = w.card();
        VoiceHead[] both = heads(w);
        VoiceHead head = both[0];
        VoiceHead prosody = both[1];
        VoiceHead[] callsHeads = callsWeights == null ? null : heads(callsWeights);
        String callsProblem = callsWeights == null ? null : mismatch(w, both, callsWeights, callsHeads);
        if (callsProblem != null) {
            throw new ModelRuntimeException("model.format", "the calls model " + callsWeights.source()
                    + " cannot judge beside " + w.source() + ": " + callsProblem);
        }
        VoiceStats stats = null;
        String note = null;
        if (head != null) {
            try {
                stats = encoder.open();
                if (!stats.identity().equals(head.weights().encoder()) || stats.dim() != head.weights().dim()) {
                    note = "voice head off: it was trained on encoder " + head.weights().encoder() + ", this is "
                            + stats.identity();
                    stats.close();
                    stats = null;
                }
            } catch (EmotraceException | RuntimeException | LinkageError | java.util.ServiceConfigurationError e) {
                // the network still answers; the description says why the head does not
                note = "voice head off: " + e.getMessage();
                if (stats != null) {
                    stats.close();
                    stats = null;
                }
            }
            if (stats == null) { // both models' heads are off: they read the same statistics
                head = null;
                prosody = null;
                callsHeads = callsHeads == null ? null : new VoiceHead[2];
            }
        }
        boolean built = false;
        EmotionNet net = null;
        EmotionNet callsNet = null;
        try {
            net = EmbeddedWeights.load(card, w.net());
            Judge calls = null;
            if (callsWeights != null) {
                callsNet = EmbeddedWeights.load(callsWeights.card(), callsWeights.net());
                calls = new Judge(callsNet, callsWeights.card(), callsHeads[0], callsHeads[1]);
            }
            EmbeddedEmotionModel m = new EmbeddedEmotionModel(new Judge(net, card, head, prosody), calls,
                    w.source(), true, stats, note);
            built = true;
            return m;
        } catch (UnsatisfiedLinkError e) {
            throw new ModelRuntimeException("runtime.torch.unavailable", "LibTorch could not be loaded: " + e, e);
        } finally {
            if (!built) {
                if (stats != null) {
                    stats.close();
                }
                if (net != null) {
                    net.close();
                }
                if (callsNet != null) {
                    callsNet.close();
                }
            }
        }
    }

    /** Whether telephone-band voices are judged by a calls model. */
    public boolean hasCallsModel() {
        return calls != null;
    }

    /**
     * The judge of a clip: the calls model when there is one and the speech is telephone-band, the speaker's voice
     * telling (its clips' band energies) or, for a clip without a measured voice, the clip itself.
     */
    private Judge judgeOf(SpeakerVoice voice, float[] clip) {
        if (calls == null) {
            return wide;
        }
        BandEnergy band = voice != null && voice.band().all() > 0 ? voice.band() : Bandwidth.energy(clip, SAMPLE_RATE);
        return band.narrowband() ? calls : wide;
    }

    /** Whether answers fuse the voice head with the network (for voices of enough clips). */
    public boolean voiceHeadActive() {
        return wide.head() != null;
    }

    public ModelCard card() {
        return card;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int embeddingDim() {
        return card.embDim();
    }

    @Override
    public double frameRate() {
        return card.frameRate();
    }

    @Override
    public double minSeconds() {
        return SignalGate.MIN_SECONDS;
    }

    @Override
    public boolean usesSpeakerVoice() {
        return card.norm() == FeatureNorm.SPEAKER_BINS;
    }

    /**
     * The rows the network reads: the clip's fbank, with the pitch track beside it when the card asks for it
     * ({@code pitch}: the clip's track when already computed; null: computed here).
     */
    private float[] features(float[] clip, float[] pitch) {
        float[] fb = fbank.compute(clip);
        if (!card.prosody()) {
            return fb;
        }
        return FbankPrep.withPitch(fb, pitch != null ? pitch : io.emotrace.features.PitchTrack.compute(clip, card.tracker()),
                card.bins());
    }

    /**
     * Per-bin sums over the speech span of every clip the signal gate accepts (what training averaged over), and with a
     * voice head the sums of the clips' voice statistics; clips run in parallel on the clip workers.
     */
    @Override
    public SpeakerVoice voiceOf(List<float[]> clips) throws EmotraceException {
        if (!usesSpeakerVoice()) {
            return null;
        }
        SpeakerVoice all = PreparedClip.voiceOf(prepare(clips, true));
        return all != null ? all : SpeakerVoice.empty(card.bins()); // no clips
    }

    /**
     * {@link #voiceOf}'s pass, each clip read once: its share of the voice, and its pitch track and heads' statistics
     * ({@link Read}), which {@link #analysePrepared} reuses instead of computing them again (they are most of a clip's
     * cost: the pitch track and the speaker network's statistics each take longer than the CNN).
     */
    @Override
    public List<PreparedClip> prepare(List<float[]> clips, boolean estimates) throws EmotraceException {
        if (!usesSpeakerVoice()) {
            return PreparedClip.of(clips);
        }
        if (closed) {
            throw new ModelRuntimeException("model.closed", "embedded emotion model is closed");
        }
        boolean heads = estimates && wide.head() != null;
        List<Future<PreparedClip>> parts = new ArrayList<>(clips.size());
        for (float[] clip : clips) {
            parts.add(CLIP_WORKERS.submit(() -> prepareClip(clip, heads)));
        }
        return results(parts);
    }

    /**
     * What {@link #prepare} read of a clip that its answer reuses: the pitch track the rows were built with (null
     * without pitch in the card) and, with heads, their inputs ({@link #headInputs}; null without). {@code clip}: a
     * fingerprint of the samples read (their count and every 61st value), so a reading handed over with other samples
     * is not used.
     */
    private record Read(EmbeddedEmotionModel owner, long clip, float[] pitch, float[] headInputs)
            implements PreparedClip.Reading {
        /** {@code r} when it is this model's reading of these {@code samples}, else null. */
        static Read of(PreparedClip.Reading r, EmbeddedEmotionModel owner, float[] samples) {
            return r instanceof Read read && read.owner == owner && read.clip == fingerprint(samples) ? read : null;
        }

        static long fingerprint(float[] samples) {
            long h = samples.length;
            for (int i = 0; i < samples.length; i += 61) {
                h = h * 1_000_003L + Float.floatToRawIntBits(samples[i]);
            }
            return h;
        }
    }

    /** One clip's share of a voice (empty when the signal gate refuses it), with what was read of it. */
    private PreparedClip prepareClip(float[] clip, boolean heads) throws EmotraceException {
        if (SignalGate.reject(clip, SAMPLE_RATE) != null) {
            return new PreparedClip(clip, SpeakerVoice.empty(card.bins()), null);
        }
        int bins = card.bins();
        double[] sums = new double[bins];
        float[] pitch = card.prosody() ? io.emotrace.features.PitchTrack.compute(clip, card.tracker()) : null;
        float[] feats = features(clip, pitch);
        int[] span = FbankPrep.speechSpan(feats, feats.length / bins, bins);
        FeatureNorm.addBinSums(feats, span[0], span[1], bins, sums);
        // the clip's band: a voice of telephone-band clips is judged by the calls model
        BandEnergy band = calls != null ? Bandwidth.energy(clip, SAMPLE_RATE) : BandEnergy.NONE;
        if (!heads) {
            return new PreparedClip(clip, new SpeakerVoice(sums, span[1] - span[0], new double[0], 0, band),
                    new Read(this, Read.fingerprint(clip), pitch, null));
        }
        float[] st = headInputs(clip, feats, span);
        double[] statSums = new double[st.length];
        for (int j = 0; j < st.length; j++) {
            statSums[j] = st[j];
        }
        return new PreparedClip(clip, new SpeakerVoice(sums, span[1] - span[0], statSums, 1, band),
                new Read(this, Read.fingerprint(clip), pitch, st));
    }

    /**
     * What the heads read of a clip, one after the other: the voice encoder's statistics of the whole clip, then (with
     * a prosody head) the {@link RowStats} of the raw rows' speech span. A voice's statistics sums have this layout.
     */
    private float[] headInputs(float[] clip, float[] rawRows, int[] span) throws EmotraceException {
        float[] voice = voiceStats.stats(clip);
        if (wide.prosodyHead() == null) {
            return voice;
        }
        float[] rows = RowStats.of(rawRows, span[0], span[1], card.bins());
        float[] both = java.util.Arrays.copyOf(voice, voice.length + rows.length);
        System.arraycopy(rows, 0, both, voice.length, rows.length);
        return both;
    }

    /** Each of {@code j}'s heads' answer on its part of {@code inputs} less the same part of the speaker's {@code means}. */
    private static List<float[]> headLogProbs(Judge j, float[] inputs, float[] means) {
        int d = j.head().weights().dim();
        List<float[]> out = new ArrayList<>(2);
        out.add(j.head().logProbs(java.util.Arrays.copyOf(inputs, d), java.util.Arrays.copyOf(means, d)));
        if (j.prosodyHead() != null) {
            out.add(j.prosodyHead().logProbs(java.util.Arrays.copyOfRange(inputs, d, inputs.length),
                    java.util.Arrays.copyOfRange(means, d, means.length)));
        }
        return out;
    }

    /** Values per clip of {@link #headInputs}. */
    private int headInputDim() {
        return wide.head().weights().dim() + (wide.prosodyHead() == null ? 0 : wide.prosodyHead().weights().dim());
    }

    @Override
    public List<ClipEmotion> analyse(List<float[]> clips, boolean keepFrames) throws EmotraceException {
        return analyse(clips, keepFrames, null);
    }

    /**
     * Overlapping windows share one pitch track: it is computed once over the chunk and each window takes its frames
     * (window starts on the 10 ms frame grid of the chunk; otherwise each window computes its own). A window's edge
     * frames then see the audio around the window, as frames inside it do.
     */
    @Override
    public List<ClipEmotion> analyseWindows(float[] chunk, int[] offsets, int length, SpeakerVoice voice)
            throws EmotraceException {
        List<float[]> clips = EmotionModel.windows(chunk, offsets, length);
        boolean onGrid = card.prosody();
        for (int off : offsets) {
            onGrid &= off % io.emotrace.features.PitchTrack.FRAME_SHIFT == 0;
        }
        if (!onGrid) {
            return analyse(clips, null, null, false, voice, false);
        }
        float[] all = io.emotrace.features.PitchTrack.compute(chunk, card.tracker());
        List<float[]> pitches = new ArrayList<>(offsets.length);
        for (int off : offsets) {
            pitches.add(io.emotrace.features.PitchTrack.window(all, off, length));
        }
        return analyse(clips, pitches, null, false, voice, false);
    }

    @Override
    public List<ClipEmotion> analyse(List<float[]> clips, boolean keepFrames, SpeakerVoice voice) throws EmotraceException {
        return analyse(clips, null, null, keepFrames, voice, true);
    }

    /** The clips' answers with the pitch tracks and head statistics {@link #prepare} read of them (when it read them). */
    @Override
    public List<ClipEmotion> analysePrepared(List<PreparedClip> clips, boolean keepFrames, SpeakerVoice voice)
            throws EmotraceException {
        List<float[]> samples = new ArrayList<>(clips.size());
        List<float[]> pitches = new ArrayList<>(clips.size());
        List<float[]> inputs = new ArrayList<>(clips.size());
        for (PreparedClip c : clips) {
            Read r = Read.of(c.reading(), this, c.samples());
            samples.add(c.samples());
            pitches.add(r == null ? null : r.pitch());
            inputs.add(r == null ? null : r.headInputs());
        }
        return analyse(samples, pitches, inputs, keepFrames, voice, true);
    }

    /**
     * {@code pitches}: each clip's pitch track when already known (null, or a null element: computed for the clip);
     * {@code inputs}: each clip's {@link #headInputs} when already known (likewise). {@code fuse}: whether the
     * voice head may answer with the network; tracking windows (~1 s, every 0.25 s) do not get it: it was trained on
     * whole utterances against a mean over whole utterances, and a window's statistics differ from those.
     */
    private List<ClipEmotion> analyse(List<float[]> clips, List<float[]> pitches, List<float[]> inputs, boolean keepFrames,
            SpeakerVoice voice, boolean fuse) throws EmotraceException {
        if (voice != null && voice.bins() != card.bins()) {
            throw new ModelRuntimeException("model.voice", "a voice of " + voice.bins() + " bins for a model of " + card.bins());
        }
        // the speaker's mean head inputs, once per call; null: the network answers alone
        float[] statMeans = fuse && wide.head() != null && voice != null && voice.statClips() >= VoiceHead.MIN_CLIPS
                ? voice.statMeans() : null;
        if (statMeans != null && statMeans.length != headInputDim()) {
            throw new ModelRuntimeException("model.voice", "a voice of " + statMeans.length
                    + " statistics for heads of " + headInputDim());
        }
        if (closed) {
            throw new ModelRuntimeException("model.closed", "embedded emotion model is closed");
        }
        if (clips.size() <= 1 || device != null) {
            List<ClipEmotion> out = new ArrayList<>(clips.size());
            for (int i = 0; i < clips.size(); i++) {
                out.add(judge(clips.get(i), pitches == null ? null : pitches.get(i), inputs == null ? null : inputs.get(i),
                        keepFrames, voice, statMeans));
            }
            return out;
        }
        List<Future<ClipEmotion>> futures = new ArrayList<>(clips.size());
        for (int i = 0; i < clips.size(); i++) {
            float[] clip = clips.get(i);
            float[] pitch = pitches == null ? null : pitches.get(i);
            float[] in = inputs == null ? null : inputs.get(i);
            futures.add(CLIP_WORKERS.submit(() -> judge(clip, pitch, in, keepFrames, voice, statMeans)));
        }
        return results(futures);
    }

    /** The workers' results in order; on a failure or an interrupt the rest are cancelled and a typed error thrown. */
    private static <T> List<T> results(List<Future<T>> futures) throws EmotraceException {
        List<T> out = new ArrayList<>(futures.size());
        try {
            for (Future<T> f : futures) {
                out.add(f.get());
            }
        } catch (InterruptedException e) {
            futures.forEach(f -> f.cancel(true));
            Thread.currentThread().interrupt();
            throw new ModelRuntimeException("model.interrupted", "embedded emotion model interrupted", e);
        } catch (ExecutionException e) {
            futures.forEach(f -> f.cancel(true));
            if (e.getCause() instanceof EmotraceException m) {
                throw m;
            }
            throw new ModelRuntimeException("model.run", "embedded emotion model failed: " + e.getCause(), e.getCause());
        }
        return out;
    }

    private ClipEmotion judge(float[] clip, float[] pitch, float[] inputs, boolean keepFrames, SpeakerVoice voice,
            float[] statMeans) throws ModelRuntimeException {
        String reason = SignalGate.reject(clip, SAMPLE_RATE);
        return reason != null ? unknown(reason) : run(judgeOf(voice, clip), clip, pitch, inputs, keepFrames, voice, statMeans);
    }

    /** The per-bin means to subtract from a clip under the card's normalisation, or null for none. */
    float[] binMeansToRemove(float[] feats, int[] span, SpeakerVoice voice) {
        FeatureNorm norm = card.norm();
        if (norm == FeatureNorm.CLIP_LEVEL) {
            return null;
        }
        if (norm == FeatureNorm.SPEAKER_BINS && voice != null && voice.seconds() >= MIN_VOICE_SECONDS) {
            return voice.binMeans();
        }
        return FeatureNorm.binMeans(feats, span[0], span[1], card.bins());
    }

    /** Not run: {@code unknown}, confidence 0 and all scores 0, as the Emotion2Vec+ backend answers. */
    static ClipEmotion unknown(String reason) {
        Map<Emotion, Double> scores = new EnumMap<>(Emotion.class);
        for (Emotion e : Emotion.values()) {
            scores.put(e, 0.0);
        }
        return new ClipEmotion(new EmotionEstimate(Emotion.UNKNOWN, 0.0, scores), reason, 0, 0, null, null, null);
    }

    /**
     * {@code statMeans}: the speaker's mean head inputs when the heads answer too, else null; {@code inputs}: the clip's
     * head inputs when already known (null: computed here when needed).
     */
    private ClipEmotion run(Judge j, float[] clip, float[] pitch, float[] inputs, boolean keepFrames, SpeakerVoice voice,
            float[] statMeans) throws ModelRuntimeException {
        if (device == null) {
            singleIntraOpThread();
        }
        int bins = card.bins();
        float[] feats = features(clip, pitch);
        int t = feats.length / bins;
        // the utterance answer comes from the speech span (as in training); frames cover the whole clip
        int[] span = FbankPrep.speechSpan(feats, t, bins);
        List<float[]> headLogProbs = null;
        if (statMeans != null) {
            // the heads read the raw rows, as the voice's sums were collected (before the normalisation below)
            try {
                headLogProbs = headLogProbs(j, inputs != null ? inputs : headInputs(clip, feats, span), statMeans);
            } catch (EmotraceException e) {
                throw new ModelRuntimeException("model.run", "voice head failed: " + e.getMessage(), e);
            }
        }
        float[] remove = binMeansToRemove(feats, span, voice);
        if (remove != null) {
            FeatureNorm.subtract(feats, t, bins, remove);
        }
        float[] speech = java.util.Arrays.copyOfRange(feats, span[0] * bins, span[1] * bins);
        try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            Tensor mask = onDevice(torch.from_blob(new FloatPointer(runtimeMask), 1, EmotionNet.CLASSES));
            EmotionNet.Output o = forward(j.net(), speech, span[1] - span[0]);
            float[] logits = floats(o.logits(), EmotionNet.CLASSES);
            float[] probs = headLogProbs == null ? probabilities(logits, j.card().logitScale())
                    : probabilities(VoiceHead.fuse(logits, headLogProbs), j.head().weights().temperature());
            double otherBelow = headLogProbs == null ? j.card().otherBelow() : j.head().weights().otherBelow();
            // embeddings stay in one space whichever model judged (heads and searches are trained on it): the model's
            // as recorded; the frame scores are the judge's answer
            EmotionNet.Output space = j == wide ? o : forward(wide.net(), speech, span[1] - span[0]);
            Tensor frames = space.frames().squeeze(0).transpose(0, 1); // (T', D)
            int d = (int) frames.size(1);
            float[] emb = floats(frames.mean(new long[] {0}, false, new org.bytedeco.pytorch.ScalarTypeOptional()), d);
            int tf = 0;
            float[] frameFeat = null;
            float[] frameScores = null;
            if (keepFrames) {
                boolean whole = span[0] == 0 && span[1] == t;
                EmotionNet.Output all = whole ? o : forward(j.net(), feats, t);
                EmotionNet.Output allSpace = j == wide ? all : whole ? space : forward(wide.net(), feats, t);
                Tensor f = allSpace.frames().squeeze(0).transpose(0, 1);
                tf = (int) f.size(0);
                frameFeat = floats(f, tf * d);
                Tensor fl = all.frameLogits().squeeze(0).transpose(0, 1).add(mask).softmax(1); // (T', 9)
                frameScores = floats(fl, tf * EmotionNet.CLASSES);
            } else {
                tf = EmotionNet.outputFrames(t);
            }
            return new ClipEmotion(estimate(probs, otherBelow), null, tf, d, emb, frameFeat, frameScores);
        } catch (RuntimeException e) {
            throw new ModelRuntimeException("model.run", "embedded emotion model failed: " + e.getMessage(), e);
        }
    }

    /** Softmax over the predicted classes of {@code logits / temperature}. */
    private float[] probabilities(float[] logits, double temperature) {
        double[] p = Softmax.of(logits, runtimeMask, temperature);
        float[] out = new float[p.length];
        for (int c = 0; c < p.length; c++) {
            out[c] = (float) p[c];
        }
        return out;
    }

    private EmotionNet.Output forward(EmotionNet net, float[] rowMajor, int frames) {
        float[] x = FbankPrep.toChannels(rowMajor, frames, card.bins());
        return net.forward(onDevice(torch.from_blob(new FloatPointer(x), 1, card.bins(), frames)), 0);
    }

    /** 7-class probabilities to the 9-class answer, with {@code other} under the calibrated bound. */
    static EmotionEstimate estimate(float[] probs, double otherBelow) {
        EmotionEstimate top = EmotionEstimate.fromScores(probs);
        if (top.confidence() >= otherBelow) {
            return top;
        }
        return new EmotionEstimate(Emotion.OTHER, 1.0 - top.confidence(), top.scores());
    }

    private Tensor onDevice(Tensor t) {
        return device == null ? t : t.to(device, torch.ScalarType.Float);
    }

    private static float[] floats(Tensor t, int n) {
        float[] a = new float[n];
        t.cpu().contiguous().data_ptr_float().capacity(n).get(a);
        return a;
    }

    @Override
    public String describe() {
        return "embedded emotion CNN (" + card.origin() + "; " + source + ", LibTorch " + (device == null ? "cpu" : "cuda:0")
                + ", other below "
                + String.format(java.util.Locale.ROOT, "%.2f", card.otherBelow())
                + (card.logitScale() == 1.0 ? "" : String.format(java.util.Locale.ROOT, ", temperature %.2f", card.logitScale()))
                + (card.norm() == FeatureNorm.CLIP_LEVEL ? "" : ", features less the " + card.norm().label())
                + (card.prosody() ? ", with pitch tracker " + card.tracker() : "")
                + (wide.head() != null ? String.format(java.util.Locale.ROOT, ", fused with a voice head on %s%s for voices of %d+ "
                        + "clips (fused: temperature %.2f, other below %.2f)", voiceStats.describe(),
                        wide.prosodyHead() != null ? " and a prosody head on the rows' statistics" : "", VoiceHead.MIN_CLIPS,
                        wide.head().weights().temperature(), wide.head().weights().otherBelow()) : "")
                + (headNote != null ? "; " + headNote : "")
                + (calls != null ? "; telephone-band voices judged by the calls model (" + calls.card().origin() + ")" : "")
                + ")";
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            wide.net().close();
            if (calls != null) {
                calls.net().close();
            }
            fbank.close();
            if (voiceStats != null) {
                voiceStats.close();
            }
            if (device != null) {
                device.close();
            }
        }
    }
}
