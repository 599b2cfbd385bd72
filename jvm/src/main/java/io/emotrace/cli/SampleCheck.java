package io.emotrace.cli;

import io.emotrace.EmotraceException;
import io.emotrace.pipeline.AnalysisRun;
import io.emotrace.rttm.RttmReader;
import io.emotrace.rttm.RttmTurn;
import io.emotrace.scoring.DiarizationScorer;
import io.emotrace.scoring.ScoreReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The sample meeting tells the truth about itself: its run's diarization scored against the reference turns the
 * sample was synthesised from (DER at collar 0, overlap scored, the same scorer as {@code score-diarization}).
 */
final class SampleCheck {
    /** Speaker attribution on the sample is good enough at or below this DER. */
    static final double TARGET_DER = 0.10;

    private SampleCheck() {
    }

    static String describe(Path referenceRttm, AnalysisRun run) {
        Path hypothesis = run.directory().resolve("diarization.rttm");
        if (!Files.isRegularFile(hypothesis)) {
            return "sample check: diarization did not run (see its stage above), so who-spoke-when is not scored";
        }
        try {
            List<RttmTurn> ref = sameFile(RttmReader.read(referenceRttm));
            List<RttmTurn> hyp = sameFile(RttmReader.read(hypothesis));
            ScoreReport s = DiarizationScorer.score(ref, hyp, null, 0.0);
            long refSpeakers = ref.stream().map(RttmTurn::speaker).distinct().count();
            long hypSpeakers = hyp.stream().map(RttmTurn::speaker).distinct().count();
            var t = s.total();
            return String.format(Locale.ROOT, "sample check: DER %.1f %% against the sample's reference (collar 0, "
                            + "overlap scored: missed %.1f %%, false alarm %.1f %%, confusion %.1f %%); %d voices -> "
                            + "%d %s found; %s (target DER <= %.0f %%)", 100 * t.der(), pct(t.missed(), t),
                    pct(t.falseAlarm(), t), pct(t.confusion(), t), refSpeakers, hypSpeakers,
                    hypSpeakers == 1 ? "speaker" : "speakers",
                    t.der() <= TARGET_DER && refSpeakers == hypSpeakers ? "OK" : "BELOW TARGET", 100 * TARGET_DER);
        } catch (EmotraceException e) {
            return "sample check: cannot score the diarization: " + e.describe();
        }
    }

    private static double pct(double part, io.emotrace.scoring.DerComponents t) {
        return t.total() > 0 ? 100 * part / t.total() : 0;
    }

    /** One file id for both sides: the run names its RTTM after the input's safe name. */
    private static List<RttmTurn> sameFile(List<RttmTurn> turns) {
        return turns.stream().map(t -> new RttmTurn("sample", t.speaker(), t.start(), t.end())).toList();
    }
}
