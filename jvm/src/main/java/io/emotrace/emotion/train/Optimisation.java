package io.emotrace.emotion.train;

import org.bytedeco.pytorch.AdamW;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;

/** What the emotion trainers share about their optimiser: one parameter list of several modules, the learning rate. */
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

    /** Sets the learning rate of every parameter group. */
    static void setLr(AdamW optimizer, double lr) {
        var groups = optimizer.param_groups();
        for (long g = 0; g < groups.size(); g++) {
            groups.get(g).options().set_lr(lr);
        }
    }
}
