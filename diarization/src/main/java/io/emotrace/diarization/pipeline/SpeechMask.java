package io.emotrace.diarization.pipeline;

import io.emotrace.domain.SpeechRegion;
import java.util.List;

/** Clears frame activity outside VAD speech regions (regions sorted by start, as the VAD returns them). */
final class SpeechMask {
    private SpeechMask() {
    }

    static void apply(byte[] bits, long startFrame, List<SpeechRegion> speech) {
        int r = firstEndingAfter(speech, FrameGrid.seconds(startFrame));
        for (int f = 0; f < bits.length; f++) {
            double t = FrameGrid.seconds(startFrame + f) + FrameGrid.seconds(1) / 2;
            while (r < speech.size() && speech.get(r).end() <= t) {
                r++;
            }
            boolean inside = r < speech.size() && speech.get(r).start() <= t;
            if (!inside) {
                bits[f] = 0;
            }
        }
    }

    private static int firstEndingAfter(List<SpeechRegion> speech, double t) {
        int lo = 0;
        int hi = speech.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (speech.get(mid).end() <= t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
