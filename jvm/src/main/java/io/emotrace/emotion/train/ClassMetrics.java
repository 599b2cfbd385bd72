package io.emotrace.emotion.train;

import io.emotrace.domain.Emotion;
import java.util.ArrayList;
import java.util.List;

/**
 * Classification figures over a fixed class list: confusion matrix (rows = truth, columns = prediction),
 * UA (unweighted accuracy = mean per-class recall), WA (accuracy over all utterances) and macro-F1.
 */
public final class ClassMetrics {
    private final List<Emotion> classes;
    private final int[][] confusion;

    public ClassMetrics(List<Emotion> classes) {
        this.classes = List.copyOf(classes);
        this.confusion = new int[classes.size()][classes.size()];
    }

    public void add(Emotion truth, Emotion predicted) {
        int t = classes.indexOf(truth);
        int p = classes.indexOf(predicted);
        if (t < 0 || p < 0) {
            throw new IllegalArgumentException("class outside " + classes + ": " + truth + " -> " + predicted);
        }
        confusion[t][p]++;
    }

    public List<Emotion> classes() {
        return classes;
    }

    public int[][] confusion() {
        int[][] c = new int[confusion.length][];
        for (int i = 0; i < c.length; i++) {
            c[i] = confusion[i].clone();
        }
        return c;
    }

    public int total() {
        int n = 0;
        for (int[] row : confusion) {
            for (int v : row) {
                n += v;
            }
        }
        return n;
    }

    public double wa() {
        int correct = 0;
        for (int i = 0; i < confusion.length; i++) {
            correct += confusion[i][i];
        }
        return total() == 0 ? 0 : correct / (double) total();
    }

    /** Mean recall over the classes that occur in the truth. */
    public double ua() {
        double sum = 0;
        int n = 0;
        for (int i = 0; i < confusion.length; i++) {
            int row = 0;
            for (int v : confusion[i]) {
                row += v;
            }
            if (row > 0) {
                sum += confusion[i][i] / (double) row;
                n++;
            }
        }
        return n == 0 ? 0 : sum / n;
    }

    public double macroF1() {
        List<Double> f1 = new ArrayList<>();
        for (int i = 0; i < confusion.length; i++) {
            int row = 0;
            int col = 0;
            for (int j = 0; j < confusion.length; j++) {
                row += confusion[i][j];
                col += confusion[j][i];
            }
            if (row == 0) {
                continue;
            }
            double p = col == 0 ? 0 : confusion[i][i] / (double) col;
            double r = confusion[i][i] / (double) row;
            f1.add(p + r == 0 ? 0 : 2 * p * r / (p + r));
        }
        return f1.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    }
}
