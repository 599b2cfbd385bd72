package io.emotrace.runtime;

import org.bytedeco.pytorch.Optimizer;
import org.bytedeco.pytorch.OptimizerParamGroupVector;

/** The learning rate of a LibTorch optimiser, set by the project's trainers on their own schedules. */
public final class LearningRate {
    private LearningRate() {
    }

    /** Sets {@code lr} on every parameter group of {@code optimizer} (Adam, AdamW, SGD alike). */
    public static void set(Optimizer optimizer, double lr) {
        OptimizerParamGroupVector groups = optimizer.param_groups();
        for (long g = 0; g < groups.size(); g++) {
            groups.get(g).options().set_lr(lr);
        }
    }
}
