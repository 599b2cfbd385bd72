package io.emotrace.web.live.bench;

import io.emotrace.EmotraceException;
import io.emotrace.audio.FfmpegAudioDecoder;
import io.emotrace.diarization.bench.TuningMeetings;
import io.emotrace.diarization.simulate.MeetingConfig;
import io.emotrace.diarization.simulate.MeetingSimulator;
import io.emotrace.diarization.simulate.MeetingWriter;
import io.emotrace.diarization.simulate.SimulatedMeeting;
import io.emotrace.diarization.simulate.TelephoneChannel;
import io.emotrace.pipeline.Diarizer;
import io.emotrace.rttm.RttmReader;
import io.emotrace.rttm.RttmTurn;
import io.emotrace.rttm.UemReader;
import io.emotrace.rttm.UemSegment;
import io.emotrace.scoring.DiarizationScorer;
import io.emotrace.scoring.ScoreReport;
import io.emotrace.vad.VoiceActivityDetector;
import io.emotrace.web.live.LiveAttributionReplay;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * {@code bench live --tune-same-voice}: the live path's same-voice distance chosen on tuning recordings only (AMI
 * trn00..09, the held-out speakers' simulated meetings and telephone calls of {@code bench diarization --tune-heldout}),
 * by replaying the live attribution ({@link LiveAttributionReplay}) at each distance; the test excerpts (AMI dev00,
 * dev01) are scored for the pick and the shipped distance only, after the choice.
 */
final class LiveThresholdTuning {
    /** One recording replayed: its utterances (embedded once) and its reference. */
    private record Replayed(String id, List<LiveAttributionReplay.Utterance> utterances, List<RttmTurn> reference,
            int referenceSpeakers) {
    }

    /** A set of recordings and the scoring region (null: everything). */
    private record Set(String name, List<Replayed> files, List<UemSegment> uem) {
    }

    private final VoiceActivityDetector vad;
    private final Diarizer diarizer;
    private final PrintStream out;

    LiveThresholdTuning(VoiceActivityDetector vad, Diarizer diarizer, PrintStream out) {
        this.vad = vad;
        this.diarizer = diarizer;
        this.out = out;
    }

    /** Sweeps {@code distances}, prints every tuning set's DER, returns the pick (lowest mean DER, collar 0). */
    double run(List<Double> distances, double shipped, Path ami, int meetings, long seed, double duration)
            throws EmotraceException, IOException {
        List<UemSegment> uem = UemReader.read(ami.resolve("reference.uem"));
        List<RttmTurn> amiRef = RttmReader.read(ami.resolve("reference.rttm"));
        List<Set> tuning = new ArrayList<>();
        tuning.add(new Set("ami-trn00..09", ami(ami, amiRef, "trn"), uem));
        tuning.add(new Set("sim-heldout", simulated(TuningMeetings.heldOut(meetings, seed, duration), x -> x), null));
        tuning.add(new Set("telephone-heldout",
                simulated(TuningMeetings.heldOutTelephone(meetings, seed, duration), TelephoneChannel::apply), null));
        out.println("tuning sets (no test speaker): AMI trn00..09, " + meetings + " simulated meetings and " + meetings
                + " telephone calls of the held-out speakers (seed " + seed + ", as bench diarization --tune-heldout)");
        out.printf(Locale.ROOT, "%-9s", "distance");
        for (Set s : tuning) {
            out.printf(Locale.ROOT, " %24s", s.name() + " DER/count");
        }
        out.printf(Locale.ROOT, " %9s%n", "mean DER");
        double best = Double.NaN;
        double bestMean = Double.MAX_VALUE;
        for (double d : distances) {
            double sum = 0;
            out.printf(Locale.ROOT, "%-9.3f", d);
            for (Set s : tuning) {
                double[] r = score(s, d, 0);
                sum += r[0];
                out.printf(Locale.ROOT, " %16.1f %% %4.0f %%", 100 * r[0], 100 * r[1]);
            }
            double mean = sum / tuning.size();
            out.printf(Locale.ROOT, " %7.2f %%%n", 100 * mean);
            if (mean < bestMean - 1e-9) {
                bestMean = mean;
                best = d;
            }
        }
        out.printf(Locale.ROOT, "pick: same-voice distance %.3f (mean tuning DER %.2f %%; shipped %.3f)%n", best,
                100 * bestMean, shipped);
        Set test = new Set("ami-dev00+dev01 (test)", ami(ami, amiRef, "dev"), uem);
        for (double d : best == shipped ? List.of(shipped) : List.of(shipped, best)) {
            double[] c0 = score(test, d, 0);
            double[] c25 = score(test, d, 0.25);
            out.printf(Locale.ROOT, "%s at %.3f%s: DER %.1f %% (collar 0), %.1f %% (collar 0.25 s), exact count %.0f %%%n",
                    test.name(), d, d == shipped ? " (shipped)" : " (pick)", 100 * c0[0], 100 * c25[0], 100 * c0[1]);
            for (Replayed f : test.files()) {
                Set one = new Set(f.id(), List.of(f), test.uem());
                double[] r = score(one, d, 0.25);
                double[] all = score(one, 100, 0.25); // every utterance one speaker: what the cuts alone lose
                out.printf(Locale.ROOT, "  %s: DER %.1f %% (collar 0.25 s); all utterances as one speaker %.1f %%%n",
                        f.id(), 100 * r[0], 100 * all[0]);
            }
        }
        return best;
    }

    /** DER of the set's live labels at {@code distance}, and the share of files with the reference's speaker count. */
    private static double[] score(Set s, double distance, double collar) {
        List<RttmTurn> ref = new ArrayList<>();
        List<RttmTurn> hyp = new ArrayList<>();
        int exact = 0;
        for (Replayed f : s.files()) {
            List<RttmTurn> h = LiveAttributionReplay.attribute(f.id(), f.utterances(), distance);
            ref.addAll(f.reference());
            hyp.addAll(h);
            if (h.stream().map(t -> t.turn().speaker()).distinct().count() == f.referenceSpeakers()) {
                exact++;
            }
        }
        ScoreReport r = DiarizationScorer.score(ref, hyp, s.uem(), collar);
        return new double[] {r.total().der(), exact / (double) s.files().size()};
    }

    private List<Replayed> ami(Path dir, List<RttmTurn> ref, String prefix) throws EmotraceException {
        FfmpegAudioDecoder decoder = new FfmpegAudioDecoder();
        List<Replayed> files = new ArrayList<>();
        for (String id : ref.stream().map(RttmTurn::fileId).filter(f -> f.startsWith(prefix)).distinct().sorted()
                .toList()) {
            List<RttmTurn> mine = ref.stream().filter(t -> t.fileId().equals(id)).toList();
            float[] x = decoder.decodeAll(dir.resolve(id + ".flac"));
            files.add(new Replayed(id, LiveAttributionReplay.utterances(vad, diarizer, x), mine, speakers(mine)));
            out.println("  " + id + ": " + files.get(files.size() - 1).utterances().size() + " utterances");
        }
        return files;
    }

    private List<Replayed> simulated(MeetingConfig config, UnaryOperator<float[]> channel) throws EmotraceException {
        MeetingSimulator sim = MeetingSimulator.create(config);
        List<Replayed> files = new ArrayList<>();
        for (int i = 0; i < config.count(); i++) {
            SimulatedMeeting m = sim.simulate(i);
            List<RttmTurn> ref = MeetingWriter.referenceTurns(m);
            files.add(new Replayed(m.id(), LiveAttributionReplay.utterances(vad, diarizer, channel.apply(m.audio())),
                    ref, m.speakers().size()));
            out.printf(Locale.ROOT, "  %s %5.1f s, %d speakers: %d utterances%n", m.id(), m.durationSeconds(),
                    m.speakers().size(), files.get(files.size() - 1).utterances().size());
        }
        return files;
    }

    private static int speakers(List<RttmTurn> turns) {
        return (int) turns.stream().map(t -> t.turn().speaker()).distinct().count();
    }
}
