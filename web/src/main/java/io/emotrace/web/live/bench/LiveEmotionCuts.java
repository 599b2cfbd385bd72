package io.emotrace.web.live.bench;

import io.emotrace.EmotraceException;
import io.emotrace.diarization.bench.TuningMeetings;
import io.emotrace.diarization.simulate.MeetingConfig;
import io.emotrace.diarization.simulate.MeetingSimulator;
import io.emotrace.diarization.simulate.SimulatedMeeting;
import io.emotrace.diarization.simulate.SimulatedSegment;
import io.emotrace.domain.Emotion;
import io.emotrace.domain.EmotionEstimate;
import io.emotrace.domain.PreparedClip;
import io.emotrace.pipeline.EmotionRecognizer;
import io.emotrace.vad.VoiceActivityDetector;
import io.emotrace.web.live.LiveAttributionReplay;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code bench live --emotion-cuts}: what the silence that ends a live utterance does to the live emotion answers. The
 * held-out speakers' simulated meetings (labelled emotional corpora) are cut as a live stream cuts them at each silence;
 * every utterance is judged alone (its clip, no speaker voice: the same for every silence) and scored against the
 * label of the simulated utterance it overlaps most: accuracy over the four classes every corpus has (argmax over
 * angry, happy, neutral, sad), weighted by the utterance's length, and the share of labelled speech the cuts keep.
 */
final class LiveEmotionCuts {
    private static final List<Emotion> FOUR = List.of(Emotion.ANGRY, Emotion.HAPPY, Emotion.NEUTRAL, Emotion.SAD);

    private LiveEmotionCuts() {
    }

    static void run(VoiceActivityDetector vad, EmotionRecognizer emotion, List<Double> silences,
            int meetings, long seed, double duration, PrintStream out) throws EmotraceException {
        MeetingConfig config = TuningMeetings.heldOut(meetings, seed, duration);
        MeetingSimulator sim = MeetingSimulator.create(config);
        List<SimulatedMeeting> all = new ArrayList<>();
        double labelled = 0;
        for (int i = 0; i < config.count(); i++) {
            SimulatedMeeting m = sim.simulate(i);
            all.add(m);
            for (SimulatedSegment s : m.segments()) {
                labelled += four(s.emotion()) == null ? 0 : s.end() - s.start();
            }
        }
        out.printf(Locale.ROOT, "live emotion on the cuts: %d meetings of the held-out speakers (seed %d), %.0f s of "
                + "speech labelled angry/happy/neutral/sad; each utterance judged alone%n", all.size(), seed + 1, labelled);
        for (double silence : silences) {
            double right = 0;
            double judged = 0;
            int n = 0;
            for (SimulatedMeeting m : all) {
                float[] audio = m.audio();
                for (long[] c : LiveAttributionReplay.cuts(vad, audio, silence)) {
                    double start = c[0] / 16000.0;
                    double end = c[1] / 16000.0;
                    Emotion truth = four(label(m, start, end));
                    if (truth == null) {
                        continue;
                    }
                    // judged alone: no voice, so nothing is read for one (the same answer as the voice pass's)
                    EmotionEstimate e = emotion.recognizePrepared(
                            PreparedClip.of(java.util.Arrays.copyOfRange(audio, (int) c[0], (int) c[1])), null);
                    Emotion best = FOUR.get(0);
                    for (Emotion k : FOUR) {
                        if (e.scores().get(k) > e.scores().get(best)) {
                            best = k;
                        }
                    }
                    double len = end - start;
                    judged += len;
                    right += best == truth ? len : 0;
                    n++;
                }
            }
            out.printf(Locale.ROOT, "  silence %.2f s: %d utterances judged (mean %.2f s), 4-class accuracy %.1f %% "
                    + "(length-weighted), %.0f s of utterances over labelled speech%n", silence, n, judged / n,
                    100 * right / judged, judged);
        }
    }

    /** The emotion of the simulated utterance that overlaps [start, end) most, or null. */
    private static String label(SimulatedMeeting m, double start, double end) {
        String best = null;
        double most = 0;
        for (SimulatedSegment s : m.segments()) {
            double o = Math.min(end, s.end()) - Math.max(start, s.start());
            if (o > most) {
                most = o;
                best = s.emotion();
            }
        }
        return best;
    }

    private static Emotion four(String label) {
        if (label == null) {
            return null;
        }
        for (Emotion c : FOUR) {
            if (c.english().equalsIgnoreCase(label)) {
                return c;
            }
        }
        return null;
    }
}
