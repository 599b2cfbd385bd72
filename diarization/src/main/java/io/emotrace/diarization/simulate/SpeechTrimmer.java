package io.emotrace.diarization.simulate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A simple energy trim so that reference turns sit where the speech is. The signal is cut into 10 ms frames;
 * a frame is "speech" when its mean power is within {@code relativeDb} of the loudest frame and above an
 * absolute floor of {@code floorDbfs}. Leading and trailing non-speech is cut (keeping one frame of margin),
 * and internal pauses of at least {@code minPauseSeconds} split the utterance into separate speech regions, so
 * a reference RTTM does not mark a long mid-sentence silence as speech.
 *
 * <p>A frame must also stand {@code noiseMarginDb} above the clip's own noise floor (its 10th-percentile frame
 * level). Without this, a clip recorded in a noisy room (several URDU speakers: floor only 10-25 dB below the
 * loudest frame) had every pause above the relative threshold, so the reference marked its pauses as speech:
 * about a third of the URDU reference "speech" was background noise. The margin is never allowed above
 * {@code peak - MIN_RANGE_DB}, so a clip of continuous speech (no pause, so no noise-only frames) keeps its
 * quieter speech frames.
 */
public final class SpeechTrimmer {
    static final int FRAME = 160; // 10 ms at 16 kHz

    static final double NOISE_PERCENTILE = 0.10;
    static final double MIN_RANGE_DB = 15;

    private final double relativeDb;
    private final double floorDbfs;
    private final double noiseMarginDb;
    private final int minPauseFrames;

    public SpeechTrimmer(double relativeDb, double floorDbfs, double noiseMarginDb, double minPauseSeconds) {
        this.relativeDb = relativeDb;
        this.floorDbfs = floorDbfs;
        this.noiseMarginDb = noiseMarginDb;
        this.minPauseFrames = Math.max(1, (int) Math.round(minPauseSeconds * 100));
    }

    /** Defaults: 35 dB below the loudest frame, floor -60 dBFS, 10 dB over the noise floor, pauses from 0.4 s. */
    public static SpeechTrimmer defaults() {
        return new SpeechTrimmer(35, -60, 10, 0.4);
    }

    /**
     * The trimmed speech.
     *
     * @param samples trimmed samples
     * @param regions speech regions as [start, end) sample offsets into {@code samples}, sorted, disjoint
     * @param speechRms RMS over the speech regions (for level normalisation)
     */
    public record Trimmed(float[] samples, List<int[]> regions, double speechRms) {
    }

    /** The speech regions of {@code x} joined end to end (pauses removed); empty when there is no speech. */
    public float[] speechOnly(float[] x) {
        Trimmed t = trim(x);
        if (t == null) {
            return new float[0];
        }
        int n = 0;
        for (int[] r : t.regions()) {
            n += r[1] - r[0];
        }
        float[] out = new float[n];
        int at = 0;
        for (int[] r : t.regions()) {
            System.arraycopy(t.samples(), r[0], out, at, r[1] - r[0]);
            at += r[1] - r[0];
        }
        return out;
    }

    /** Returns null when no frame qualifies as speech (silent or too quiet file). */
    public Trimmed trim(float[] x) {
        int frames = x.length / FRAME;
        if (frames == 0) {
            return null;
        }
        double[] db = new double[frames];
        double peak = Double.NEGATIVE_INFINITY;
        for (int f = 0; f < frames; f++) {
            double e = 0;
            for (int i = f * FRAME, end = i + FRAME; i < end; i++) {
                e += (double) x[i] * x[i];
            }
            db[f] = 10 * StrictMath.log10(e / FRAME + 1e-20);
            peak = Math.max(peak, db[f]);
        }
        double[] sorted = db.clone();
        Arrays.sort(sorted);
        double noiseFloor = sorted[(int) (NOISE_PERCENTILE * (frames - 1))];
        double overNoise = Math.min(noiseFloor + noiseMarginDb, peak - MIN_RANGE_DB);
        double threshold = Math.max(Math.max(peak - relativeDb, floorDbfs), overNoise);
        List<int[]> frameRuns = new ArrayList<>();
        int runStart = -1;
        int lastSpeech = -1;
        for (int f = 0; f < frames; f++) {
            if (db[f] < threshold) {
                continue;
            }
            if (runStart < 0) {
                runStart = f;
            } else if (f - lastSpeech - 1 >= minPauseFrames) {
                frameRuns.add(new int[] {runStart, lastSpeech + 1});
                runStart = f;
            }
            lastSpeech = f;
        }
        if (runStart < 0) {
            return null;
        }
        frameRuns.add(new int[] {runStart, lastSpeech + 1});
        // one frame of margin each side keeps soft onsets and decays
        int from = Math.max(0, frameRuns.get(0)[0] - 1) * FRAME;
        int to = Math.min(frames, frameRuns.get(frameRuns.size() - 1)[1] + 1) * FRAME;
        List<int[]> regions = new ArrayList<>(frameRuns.size());
        double energy = 0;
        long count = 0;
        for (int r = 0; r < frameRuns.size(); r++) {
            int s = Math.max(from, (frameRuns.get(r)[0] - (r == 0 ? 1 : 0)) * FRAME) - from;
            int e = Math.min(to, (frameRuns.get(r)[1] + (r == frameRuns.size() - 1 ? 1 : 0)) * FRAME) - from;
            regions.add(new int[] {s, e});
            for (int i = s + from; i < e + from; i++) {
                energy += (double) x[i] * x[i];
            }
            count += e - s;
        }
        return new Trimmed(Arrays.copyOfRange(x, from, to), List.copyOf(regions), Math.sqrt(energy / count));
    }
}
