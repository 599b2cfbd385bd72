package io.emotrace.diarization.embedding.train;

import io.emotrace.EmotraceException;
import io.emotrace.diarization.embedding.SpeakerEmbedder;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.bytedeco.pytorch.global.torch;

/**
 * The cost of one embedding as CPU time of the calling thread with LibTorch on one intra-op thread, so all the
 * work (fbank and network) is on that thread and the figure does not depend on what else the machine runs.
 * Best of several repetitions after warm-up.
 */
final class EmbeddingCost {
    private EmbeddingCost() {
    }

    /** CPU milliseconds per clip of {@code seconds}, embedded {@code batch} at a time. */
    static double cpuMsPerClip(SpeakerEmbedder e, double seconds, int batch, int repetitions) throws EmotraceException {
        torch.set_num_threads(1);
        ThreadMXBean tb = ManagementFactory.getThreadMXBean();
        SplittableRandom r = new SplittableRandom(1);
        List<float[]> clips = new ArrayList<>();
        for (int i = 0; i < batch; i++) {
            float[] x = new float[(int) (seconds * 16_000)];
            for (int j = 0; j < x.length; j++) {
                x[j] = (float) (0.1 * Math.sin(j * (0.03 + 0.001 * i)) + 0.01 * (r.nextDouble() - 0.5));
            }
            clips.add(x);
        }
        double best = Double.POSITIVE_INFINITY;
        for (int rep = 0; rep < repetitions + 3; rep++) {
            long c0 = tb.getCurrentThreadCpuTime();
            e.embed(clips);
            double ms = (tb.getCurrentThreadCpuTime() - c0) / 1e6 / batch;
            if (rep >= 3) {
                best = Math.min(best, ms);
            }
        }
        return best;
    }
}
