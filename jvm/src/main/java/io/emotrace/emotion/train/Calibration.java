package io.emotrace.emotion.train;

import java.util.Locale;

/**
 * Confidence calibration figures: the expected calibration error over equal-width confidence bins, the
 * reliability table behind it, temperature scaling fitted by minimum negative log-likelihood, and a
 * reliability diagram as SVG.
 */
public final class Calibration {
    /** The bin count of the reported ECE. */
    public static final int ECE_BINS = 15;

    private Calibration() {
    }

    /** Per bin (equal width over [0, 1], the last one closed): clip count, mean confidence and accuracy. */
    public record Reliability(int[] count, double[] meanConfidence, double[] accuracy) {
        /** Sum over bins of (bin share) x |accuracy - mean confidence|. */
        public double ece() {
            int n = 0;
            for (int c : count) {
                n += c;
            }
            double e = 0;
            for (int b = 0; b < count.length; b++) {
                if (count[b] > 0) {
                    e += count[b] / (double) n * Math.abs(accuracy[b] - meanConfidence[b]);
                }
            }
            return n == 0 ? 0 : e;
        }
    }

    public static Reliability reliability(double[] confidence, boolean[] correct, int bins) {
        int[] count = new int[bins];
        double[] conf = new double[bins];
        double[] acc = new double[bins];
        for (int i = 0; i < confidence.length; i++) {
            int b = Math.min(bins - 1, Math.max(0, (int) Math.ceil(confidence[i] * bins) - 1));
            count[b]++;
            conf[b] += confidence[i];
            acc[b] += correct[i] ? 1 : 0;
        }
        for (int b = 0; b < bins; b++) {
            if (count[b] > 0) {
                conf[b] /= count[b];
                acc[b] /= count[b];
            }
        }
        return new Reliability(count, conf, acc);
    }

    /** Expected calibration error with {@code bins} equal-width bins: bin (k/B, (k+1)/B], 0 in the first. */
    public static double ece(double[] confidence, boolean[] correct, int bins) {
        return reliability(confidence, correct, bins).ece();
    }

    /** Softmax of {@code logits / temperature} plus an additive mask (0 = allowed, large negative = not). */
    public static double[] softmax(float[] logits, float[] mask, double temperature) {
        return io.emotrace.emotion.embedded.Softmax.of(logits, mask, temperature);
    }

    /** Mean negative log-likelihood of the true classes under {@code softmax(logits / T + mask)}. */
    public static double nll(float[][] logits, int[] labels, float[] mask, double temperature) {
        double s = 0;
        for (int i = 0; i < logits.length; i++) {
            s -= Math.log(Math.max(1e-300, softmax(logits[i], mask, temperature)[labels[i]]));
        }
        return logits.length == 0 ? 0 : s / logits.length;
    }

    /**
     * The temperature in [0.05, 20] with the lowest NLL: golden-section search on log T (NLL is convex in 1/T
     * and unimodal in log T), 1.0 when there is nothing to fit.
     */
    public static double fitTemperature(float[][] logits, int[] labels, float[] mask) {
        if (logits.length == 0) {
            return 1.0;
        }
        double a = Math.log(0.05);
        double b = Math.log(20);
        double g = (Math.sqrt(5) - 1) / 2;
        double c = b - g * (b - a);
        double d = a + g * (b - a);
        double fc = nll(logits, labels, mask, Math.exp(c));
        double fd = nll(logits, labels, mask, Math.exp(d));
        for (int it = 0; it < 60 && b - a > 1e-5; it++) {
            if (fc < fd) {
                b = d;
                d = c;
                fd = fc;
                c = b - g * (b - a);
                fc = nll(logits, labels, mask, Math.exp(c));
            } else {
                a = c;
                c = d;
                fc = fd;
                d = a + g * (b - a);
                fd = nll(logits, labels, mask, Math.exp(d));
            }
        }
        return Math.exp((a + b) / 2);
    }

    /**
     * A reliability diagram: per bin, bars of accuracy (blue: before, orange: after calibration) against the
     * diagonal of perfect calibration, with the ECE of each in the legend; {@code after} may be null.
     */
    public static String reliabilitySvg(String title, Reliability before, Reliability after, String beforeName, String afterName) {
        int w = 420;
        int h = 440;
        int x0 = 50;
        int y0 = 380;
        int size = 340;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"11\">%n", w, h));
        s.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", w, h));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"18\" font-size=\"13\">%s</text>%n", x0, escape(title)));
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#888\"/>%n",
                x0, y0 - size, size, size));
        for (int k = 0; k <= 5; k++) {
            double v = k / 5.0;
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.1f</text>%n", x0 - 4, y0 - v * size + 4, v));
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%.1f</text>%n", x0 + v * size, y0 + 14, v));
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">confidence (top probability)</text>%n",
                x0 + size / 2, y0 + 30));
        s.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%d\" transform=\"rotate(-90 14 %d)\" text-anchor=\"middle\">accuracy</text>%n",
                y0 - size / 2, y0 - size / 2));
        bars(s, before, x0, y0, size, "#4c78a8", after == null ? 0 : -1);
        if (after != null) {
            bars(s, after, x0, y0, size, "#f58518", 1);
        }
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\" stroke-dasharray=\"4 3\"/>%n",
                x0, y0, x0 + size, y0 - size));
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"#4c78a8\"/>"
                + "<text x=\"%d\" y=\"%d\">%s: ECE %.3f (n=%d)</text>%n", x0 + 8, y0 - size + 8, x0 + 22, y0 - size + 17,
                escape(beforeName), before.ece(), total(before)));
        if (after != null) {
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"#f58518\"/>"
                    + "<text x=\"%d\" y=\"%d\">%s: ECE %.3f</text>%n", x0 + 8, y0 - size + 24, x0 + 22, y0 - size + 33,
                    escape(afterName), after.ece()));
        }
        s.append("</svg>\n");
        return s.toString();
    }

    private static void bars(StringBuilder s, Reliability r, int x0, int y0, int size, String colour, int half) {
        int bins = r.count().length;
        double bw = size / (double) bins;
        for (int b = 0; b < bins; b++) {
            if (r.count()[b] == 0) {
                continue;
            }
            double x = x0 + b * bw + (half > 0 ? bw / 2 : 0) + 1;
            double width = (half == 0 ? bw : bw / 2) - 2;
            double hgt = r.accuracy()[b] * size;
            s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\" "
                    + "fill-opacity=\"0.8\"><title>n=%d conf %.3f acc %.3f</title></rect>%n", x, y0 - hgt, Math.max(0.5, width),
                    hgt, colour, r.count()[b], r.meanConfidence()[b], r.accuracy()[b]));
        }
    }

    private static int total(Reliability r) {
        int n = 0;
        for (int c : r.count()) {
            n += c;
        }
        return n;
    }

    private static String escape(String t) {
        return t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
