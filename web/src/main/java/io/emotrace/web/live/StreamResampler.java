package io.emotrace.web.live;

/**
 * Mono float at any rate to 16 kHz, streaming: windowed-sinc interpolation (Blackman-Harris, 16 zero crossings each
 * side) with the cutoff at the lower Nyquist frequency, so 48 kHz input does not alias. Keeps the tail of the input
 * it still needs between calls; output sample k is at input time k * in / out exactly, without drift.
 */
final class StreamResampler {
    static final int OUT_RATE = 16_000;
    private static final int ZEROS = 16;

    private final int inRate;
    private final double step;
    private final double cutoff;
    private final int half;
    private static final int TABLE_STEPS = 256;
    private final double[] table;
    private float[] history = new float[0];
    private long historyStart; // input index of history[0]
    private long next; // next output index

    StreamResampler(int inRate) {
        this.inRate = inRate;
        this.step = inRate / (double) OUT_RATE;
        this.cutoff = Math.min(1.0, OUT_RATE / (double) inRate) * 0.95;
        this.half = (int) Math.ceil(ZEROS / cutoff);
        this.table = new double[half * TABLE_STEPS + 2];
        for (int i = 0; i < table.length; i++) {
            table[i] = kernel(i / (double) TABLE_STEPS);
        }
    }

    /** The kernel at |x| from the table (linear interpolation). */
    private double lookup(double x) {
        double p = Math.abs(x) * TABLE_STEPS;
        int i = (int) p;
        if (i + 1 >= table.length) {
            return 0;
        }
        double f = p - i;
        return table[i] + f * (table[i + 1] - table[i]);
    }

    float[] process(float[] in) {
        if (inRate == OUT_RATE) {
            return in;
        }
        float[] buf = new float[history.length + in.length];
        System.arraycopy(history, 0, buf, 0, history.length);
        System.arraycopy(in, 0, buf, history.length, in.length);
        long available = historyStart + buf.length; // input samples seen so far
        int count = 0;
        float[] out = new float[(int) Math.max(0, (available - half) / step - next + 2)];
        while (true) {
            double t = next * step;
            long right = (long) Math.floor(t) + half;
            if (right >= available) {
                break;
            }
            out[count++] = sample(buf, t);
            next++;
        }
        long keepFrom = Math.max(historyStart, (long) Math.floor(next * step) - half);
        int drop = (int) (keepFrom - historyStart);
        history = java.util.Arrays.copyOfRange(buf, drop, buf.length);
        historyStart = keepFrom;
        return count == out.length ? out : java.util.Arrays.copyOf(out, count);
    }

    private float sample(float[] buf, double t) {
        long center = (long) Math.floor(t);
        double acc = 0;
        for (long i = center - half + 1; i <= center + half; i++) {
            if (i < 0) {
                continue;
            }
            int idx = (int) (i - historyStart);
            if (idx < 0 || idx >= buf.length) {
                continue;
            }
            double x = t - i;
            acc += buf[idx] * lookup(x);
        }
        return (float) acc;
    }

    private double kernel(double x) {
        double xc = x * cutoff;
        double sinc = Math.abs(xc) < 1e-9 ? 1 : Math.sin(Math.PI * xc) / (Math.PI * xc);
        double w = (x + half) / (2.0 * half);
        if (w < 0 || w > 1) {
            return 0;
        }
        double win = 0.35875 - 0.48829 * Math.cos(2 * Math.PI * w) + 0.14128 * Math.cos(4 * Math.PI * w)
                - 0.01168 * Math.cos(6 * Math.PI * w);
        return cutoff * sinc * win;
    }
}
