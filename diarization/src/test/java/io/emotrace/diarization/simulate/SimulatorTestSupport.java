package io.emotrace.diarization.simulate;

import io.emotrace.SharedTestData;
import io.emotrace.audio.WavFileSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads back what the simulator wrote, independently of its internals. */
final class SimulatorTestSupport {
    private SimulatorTestSupport() {
    }

    record Turn(String speaker, double start, double end) {
    }

    static Path dataRoot() {
        SharedTestData.require("data/ravdess/labels.csv");
        SharedTestData.require("data/casia/labels.csv");
        return SharedTestData.require("data");
    }

    static List<Turn> readRttm(Path rttm) throws IOException {
        List<Turn> out = new ArrayList<>();
        for (String line : Files.readAllLines(rttm, StandardCharsets.UTF_8)) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 8 && f[0].equals("SPEAKER")) {
                double start = Double.parseDouble(f[3]);
                out.add(new Turn(f[7], start, start + Double.parseDouble(f[4])));
            }
        }
        return out;
    }

    static float[] readWav(Path wav) throws Exception {
        try (WavFileSource src = WavFileSource.open(wav)) {
            return src.read(0, Math.toIntExact(src.length()));
        }
    }

    /** Mean power of x over [from, to) seconds. */
    static double power(float[] x, double from, double to) {
        int a = Math.max(0, (int) Math.round(from * 16000));
        int b = Math.min(x.length, (int) Math.round(to * 16000));
        double e = 0;
        for (int i = a; i < b; i++) {
            e += (double) x[i] * x[i];
        }
        return b > a ? e / (b - a) : 0;
    }

    static double db(double power) {
        return 10 * Math.log10(power + 1e-20);
    }

    static boolean[] mask(List<Turn> turns, int length, double widen) {
        boolean[] m = new boolean[length];
        for (Turn t : turns) {
            int a = Math.max(0, (int) Math.floor((t.start() - widen) * 16000));
            int b = Math.min(length, (int) Math.ceil((t.end() + widen) * 16000));
            java.util.Arrays.fill(m, a, Math.max(a, b), true);
        }
        return m;
    }

    static double maskedPower(float[] x, boolean[] mask, boolean inside) {
        double e = 0;
        long n = 0;
        for (int i = 0; i < x.length; i++) {
            if (mask[i] == inside) {
                e += (double) x[i] * x[i];
                n++;
            }
        }
        return n == 0 ? 0 : e / n;
    }
}
