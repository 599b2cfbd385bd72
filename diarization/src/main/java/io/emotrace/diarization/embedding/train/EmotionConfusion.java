package io.emotrace.diarization.embedding.train;

import java.util.List;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;

/**
 * Emotion-invariance for the speaker embedding: a linear emotion classifier learns to read the acted emotion of the
 * emotion-labelled crops from their (detached) embeddings, while the embedding network is pushed to make that
 * classifier's output uniform (cross-entropy to the uniform distribution, computed with the classifier's weights
 * detached). A voice that moves far with its emotion is exactly what splits one speaker into several in emotional
 * meetings; this removes the emotion information the classifier can find instead of hoping the speaker loss does.
 * The classifier has its own optimiser, so the main network's checkpoints stay compatible.
 */
final class EmotionConfusion extends Module {
    /** emotrace's labelled emotion classes in the speaker corpora (labels.csv {@code emotion}). */
    static final List<String> CLASSES = List.of("angry", "disgusted", "fearful", "happy", "neutral", "sad", "surprised");

    private final Tensor weight;
    private final Tensor bias;

    EmotionConfusion(int embedDim) {
        super("EmotionConfusion");
        weight = new Tensor(register_parameter("weight",
                torch.randn(CLASSES.size(), embedDim).mul(new Scalar(Math.sqrt(1.0 / embedDim)))));
        bias = new Tensor(register_parameter("bias", torch.zeros(CLASSES.size())));
    }

    /** Class index of a clip's emotion label, or -1 (unlabelled or a class outside {@link #CLASSES}). */
    static int index(String emotion) {
        return emotion == null ? -1 : CLASSES.indexOf(emotion);
    }

    /**
     * @param embeddings [B, E] raw embeddings of the batch (normalised here, like the speaker loss sees them)
     * @param emotions   class index per row, -1 for unlabelled rows
     * @return {classifier loss, confusion loss}, or null when no row is labelled
     */
    Tensor[] forward(Tensor embeddings, int[] emotions) {
        int n = 0;
        for (int e : emotions) {
            if (e >= 0) {
                n++;
            }
        }
        if (n < 2) {
            return null;
        }
        long[] rows = new long[n];
        long[] classes = new long[n];
        for (int i = 0, k = 0; i < emotions.length; i++) {
            if (emotions[i] >= 0) {
                rows[k] = i;
                classes[k++] = emotions[i];
            }
        }
        TensorOptions longs = new TensorOptions(torch.ScalarType.Long);
        Tensor idx = torch.from_blob(new LongPointer(rows), new long[] {n}, longs).clone();
        Tensor y = torch.from_blob(new LongPointer(classes), new long[] {n}, longs).clone();
        Tensor e = TrainingLoss.normalise(embeddings).index_select(0, idx);
        Tensor onehot = torch.one_hot(y, CLASSES.size()).to(torch.ScalarType.Float);
        Tensor headLogits = torch.linear(e.detach(), weight, new TensorOptional(bias));
        Tensor head = torch.log_softmax(headLogits, 1).mul(onehot).sum(new long[] {1}, false, new ScalarTypeOptional())
                .mean().neg();
        Tensor confLogits = torch.linear(e, weight.detach(), new TensorOptional(bias.detach()));
        Tensor confusion = torch.log_softmax(confLogits, 1).mean(new long[] {1}, false, new ScalarTypeOptional())
                .mean().neg().sub(new Scalar(Math.log(CLASSES.size()))); // 0 when the classifier is at chance
        return new Tensor[] {head, confusion};
    }
}
