package io.emotrace.web.live.bench;

import io.emotrace.diarization.bench.ConfidenceStudy;
import io.emotrace.rttm.RttmTurn;
import io.emotrace.web.live.LiveAttributionReplay;
import java.util.List;

/** Opens the package-private {@link LiveConfidenceStudy} to the live package's tests. */
public final class LiveConfidenceStudyAccess {
    private LiveConfidenceStudyAccess() {
    }

    public static List<ConfidenceStudy.Sample> samples(List<LiveAttributionReplay.Utterance> u,
            List<LiveAttributionReplay.Emitted> sent, List<RttmTurn> reference) {
        return LiveConfidenceStudy.samples(u, sent, reference);
    }
}
