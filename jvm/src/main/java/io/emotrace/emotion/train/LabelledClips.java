package io.emotrace.emotion.train;

import io.emotrace.EmotraceException;
import io.emotrace.audio.FfmpegAudioDecoder;
import io.emotrace.corpus.CorpusCatalog;
import io.emotrace.corpus.CorpusUtterance;
import io.emotrace.domain.Emotion;
import io.emotrace.emotion.embedded.CorpusLabels;
import io.emotrace.emotion.embedded.EmotionNet;
import io.emotrace.emotion.embedded.FbankPrep;
import io.emotrace.features.FeatureExtractor;
import io.emotrace.features.FeatureExtractors;
import io.emotrace.features.MelConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * The emotion-labelled clips of some corpora as training samples (trimmed 80-bin fbank from the feature cache), for
 * the training run and the leave-one-corpus-out bench alike: per speaker in source order, at most
 * {@code limitPerSpeaker} spread evenly, clips shorter than the network's input skipped.
 */
final class LabelledClips {
    static final int BINS = 80;

    /**
     * @param ownClassesOnly keep a clip only when its label is one of its corpus's own classes
     * @param prosody        rows of the fbank with the pitch track of {@link #TRACKER} beside it ({@link #width})
     * @param telephone      every clip heard through a telephone line first ({@link io.emotrace.audio.TelephoneChannel})
     * @param skipped        told the source of every clip too short to use
     */
    record Request(Path dataRoot, List<String> corpora, Path cacheDir, int threads, int limitPerSpeaker,
            io.emotrace.emotion.embedded.FeatureNorm norm, boolean ownClassesOnly, boolean prosody, boolean telephone) {
        /** The clips as recorded. */
        Request(Path dataRoot, List<String> corpora, Path cacheDir, int threads, int limitPerSpeaker,
                io.emotrace.emotion.embedded.FeatureNorm norm, boolean ownClassesOnly, boolean prosody) {
            this(dataRoot, corpora, cacheDir, threads, limitPerSpeaker, norm, ownClassesOnly, prosody, false);
        }

        int width() {
            return LabelledClips.width(prosody);
        }
    }

    /**
     * Rows with prosody: 80 fbank bins, the pitch track's channels, zeros up to 96 (the CPU convolution kernels
     * handle channel counts that are multiples of 16 on their fast path).
     */
    static final int PROSODY_WIDTH = 96;
    /** Values per frame: the fbank's bins, or the rows with the pitch channels (padded). */
    static int width(boolean prosody) {
        return prosody ? PROSODY_WIDTH : BINS;
    }

    /** The pitch tracker training reads (new models are trained on the latest; their cards name it). */
    static final int TRACKER = io.emotrace.features.PitchTrack.LATEST;
    /** Names the pitch tracker's version and the row width in checkpoint keys (a change makes new checkpoints). */
    static final String PROSODY_KEY = "|pitch" + TRACKER + "w" + PROSODY_WIDTH;

    private LabelledClips() {
    }

    static List<Sample> load(Request r, Consumer<String> skipped) throws IOException, EmotraceException {
        return load(r, true, skipped);
    }

    /**
     * Every clip of the corpora, labelled or not (label null where the corpus has none that maps), prepared and
     * normalised as {@link #load} does: speech for self-supervised pretraining.
     */
    static List<Sample> loadSpeech(Request r, Consumer<String> skipped) throws IOException, EmotraceException {
        return load(r, false, skipped);
    }

    private static List<Sample> load(Request r, boolean labelledOnly, Consumer<String> skipped)
            throws IOException, EmotraceException {
        CorpusCatalog catalog = CorpusCatalog.load(r.dataRoot(), r.corpora());
        List<Sample> out = new ArrayList<>();
        try (FeatureExtractor fe = FeatureExtractors.cpu(MelConfig.kaldiFbank80(), r.threads())) {
            FeatureCache cache = new FeatureCache(r.cacheDir(), new FfmpegAudioDecoder(), fe, r.telephone());
            for (String speaker : catalog.speakers()) {
                List<CorpusUtterance> us = new ArrayList<>();
                for (CorpusUtterance u : catalog.utterances(speaker)) {
                    if (!labelledOnly || CorpusLabels.map(u.emotion()) != null) {
                        us.add(u);
                    }
                }
                us.sort(Comparator.comparing(CorpusUtterance::source));
                if (r.limitPerSpeaker() > 0 && us.size() > r.limitPerSpeaker()) {
                    List<CorpusUtterance> spread = new ArrayList<>();
                    for (int i = 0; i < r.limitPerSpeaker(); i++) {
                        spread.add(us.get(i * us.size() / r.limitPerSpeaker()));
                    }
                    us = spread;
                }
                List<Sample> mine = new ArrayList<>();
                for (CorpusUtterance u : us) {
                    float[] fb;
                    if (r.prosody()) {
                        float[][] both = cache.featuresAndProsody(u.file(), TRACKER); // one decode on a miss
                        fb = withProsody(both[0], both[1]);
                    } else {
                        float[] full = cache.features(u.file());
                        fb = FbankPrep.trim(full, full.length / BINS, BINS);
                    }
                    int frames = fb.length / r.width();
                    if (frames < EmotionNet.MIN_INPUT_FRAMES) {
                        skipped.accept(u.source());
                        continue;
                    }
                    Emotion label = CorpusLabels.map(u.emotion());
                    if (!labelledOnly || !r.ownClassesOnly() || CorpusLabels.classesOf(u.corpus()).contains(label)) {
                        mine.add(new Sample(u, label, fb, frames));
                    }
                }
                if (r.norm() == io.emotrace.emotion.embedded.FeatureNorm.SPEAKER_BINS) {
                    speakerNormalise(mine, r.width());
                } else if (r.norm() == io.emotrace.emotion.embedded.FeatureNorm.CLIP_BINS) {
                    for (Sample s : mine) {
                        io.emotrace.emotion.embedded.FeatureNorm.removeBinMeans(s.fbank(), s.frames(), r.width());
                    }
                }
                out.addAll(mine);
            }
        }
        return out;
    }

    /**
     * {@link io.emotrace.emotion.embedded.FeatureNorm#SPEAKER_BINS}: removes the speaker's per-bin fbank mean over all
     * of that speaker's clips (labels unused), as the runtime does over a diarized speaker's speech in a recording.
     */
    static void speakerNormalise(List<Sample> clips, int width) {
        double[] sum = new double[width];
        long n = 0;
        for (Sample s : clips) {
            io.emotrace.emotion.embedded.FeatureNorm.addBinSums(s.fbank(), 0, s.frames(), width, sum);
            n += s.frames();
        }
        // the same statistics the runtime keeps per speaker (SpeakerVoice), removed the same way
        float[] mean = new io.emotrace.domain.SpeakerVoice(sum, n).binMeans();
        for (Sample s : clips) {
            io.emotrace.emotion.embedded.FeatureNorm.subtract(s.fbank(), s.frames(), width, mean);
        }
    }

    /** The speech span ({@link FbankPrep#speechSpan}, on the mel bins) of the fbank with the pitch rows beside it. */
    static float[] withProsody(float[] fbank, float[] pitch) {
        float[] rows = FbankPrep.withPitch(fbank, pitch, PROSODY_WIDTH);
        return FbankPrep.trim(rows, rows.length / PROSODY_WIDTH, PROSODY_WIDTH);
    }
}
