package io.emotrace.emotion.train;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;

/** What the emotion trainers share about their optimiser: one parameter list of several modules. */
final class Optimisation {
    private Optimisation() {
    }

    /** The parameters of two modules as one list, for one optimiser. */
    static TensorVector joined(TensorVector a, TensorVector b) {
        Tensor[] all = new Tensor[(int) (a.size() + b.size())];
        for (int i = 0; i < a.size(); i++) {
            all[i] = a.get(i);
        }
        for (int i = 0; i < b.size(); i++) {
            all[(int) a.size() + i] = b.get(i);
        }
        return new TensorVector(all);
    }
}
