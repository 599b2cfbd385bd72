package io.emotrace.emotion.head;

import io.emotrace.EmotraceException;
import io.emotrace.domain.Emotion;
import io.emotrace.domain.EmotionEstimate;
import io.emotrace.emotion.ClipEmotion;
import io.emotrace.emotion.EmotionModel;
import io.emotrace.domain.PreparedClip;
import io.emotrace.domain.SpeakerVoice;
import java.util.ArrayList;
import java.util.List;

/**
 * Any {@link EmotionModel} with its default classifier replaced by an {@link MlpHead} on the utterance
 * embedding (and, when frames are kept, on each frame embedding). Embeddings are the backbone's, unchanged; the
 * backbone is asked for no more than they need (no voice statistics for fused heads whose estimates this head
 * replaces). Owns the wrapped model.
 */
public final class HeadedEmotionModel implements EmotionModel {
    private final EmotionModel base;
    private final MlpHead head;
    private final String headName;

    public HeadedEmotionModel(EmotionModel base, MlpHead head, String headName) throws EmotraceException {
        if (head.dim() != base.embeddingDim()) {
            throw new EmotraceException("emotion.head.dim", "head " + headName + " expects D=" + head.dim()
                    + " embeddings but " + base.name() + " produces D=" + base.embeddingDim());
        }
        this.base = base;
        this.head = head;
        this.headName = headName;
    }

    @Override
    public List<ClipEmotion> analyse(List<float[]> clips, boolean keepFrames) throws EmotraceException {
        return headed(base.analyse(clips, keepFrames));
    }

    @Override
    public boolean usesSpeakerVoice() {
        return base.usesSpeakerVoice();
    }

    /** The base's voice without what only its estimates read (this head replaces them). */
    @Override
    public SpeakerVoice voiceOf(List<float[]> clips) throws EmotraceException {
        if (!base.usesSpeakerVoice()) {
            return base.voiceOf(clips);
        }
        SpeakerVoice v = PreparedClip.voiceOf(base.prepare(clips, false));
        return v != null ? v : base.voiceOf(List.of());
    }

    @Override
    public List<PreparedClip> prepare(List<float[]> clips, boolean estimates) throws EmotraceException {
        return base.prepare(clips, false);
    }

    @Override
    public List<ClipEmotion> analyse(List<float[]> clips, boolean keepFrames, SpeakerVoice voice)
            throws EmotraceException {
        return headed(base.analyse(clips, keepFrames, spectrumOnly(voice)));
    }

    @Override
    public List<ClipEmotion> analysePrepared(List<PreparedClip> clips, boolean keepFrames, SpeakerVoice voice)
            throws EmotraceException {
        return headed(base.analysePrepared(clips, keepFrames, spectrumOnly(voice)));
    }

    @Override
    public List<ClipEmotion> analyseWindows(float[] chunk, int[] offsets, int length, SpeakerVoice voice)
            throws EmotraceException {
        return headed(base.analyseWindows(chunk, offsets, length, spectrumOnly(voice)));
    }

    /**
     * {@code voice} without its utterance statistics: the base reads them only for its own estimates (its fused heads),
     * which this head replaces, so it need not compute them for the clips either. Embeddings do not depend on them.
     */
    private static SpeakerVoice spectrumOnly(SpeakerVoice voice) {
        return voice == null ? null : voice.withoutStatistics();
    }

    /** The base model's results with the head's scores in place of its own. */
    private List<ClipEmotion> headed(List<ClipEmotion> results) {
        List<ClipEmotion> out = new ArrayList<>(results.size());
        for (ClipEmotion c : results) {
            if (!c.ran()) {
                out.add(c);
                continue;
            }
            float[] frameScores = null;
            if (c.frameFeatures() != null) {
                int n = Emotion.values().length;
                frameScores = new float[c.frames() * n];
                for (int t = 0; t < c.frames(); t++) {
                    System.arraycopy(head.scores(c.frameFeatures(), t * c.dim()), 0, frameScores, t * n, n);
                }
            }
            out.add(new ClipEmotion(EmotionEstimate.fromScores(head.scores(c.embedding())), null, c.frames(), c.dim(),
                    c.embedding(), c.frameFeatures(), frameScores));
        }
        return out;
    }

    @Override
    public String name() {
        return base.name() + "+" + headName;
    }

    @Override
    public int embeddingDim() {
        return base.embeddingDim();
    }

    @Override
    public double frameRate() {
        return base.frameRate();
    }

    @Override
    public double minSeconds() {
        return base.minSeconds();
    }

    @Override
    public String describe() {
        return base.describe() + " with head " + headName + " (" + head.parameters() + " parameters, classes "
                + java.util.Arrays.toString(head.classes()) + ")";
    }

    @Override
    public void close() {
        base.close();
    }
}
