package io.emotrace.asr;

import io.emotrace.domain.Word;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import org.vosk.Model;
import org.vosk.Recognizer;

/**
 * The recognizer alone, as a live stream uses it: audio fed in chunks of a given size, the partial hypothesis read
 * after every chunk. For each word of the final results, the stream time (audio fed so far) at which it first showed
 * in a partial, so its delay after the word's end is what the recognizer itself imposes (plus at most one chunk).
 *
 * <p>A word counts as shown when the partial of its utterance (the audio since the last endpoint) has the same
 * word at the same position; that works both with partial words (timed, {@code setPartialWords(true)}) and
 * without (text only), so the two modes are compared on the same rule.
 */
final class PartialLatencyProbe {
    /** One final word and when it was first shown: in a partial, or else with its final result. */
    record Timed(Word word, double firstShown, boolean inPartial) {
        double delay() {
            return firstShown - word.end();
        }
    }

    /** The words of the final results, their first appearance, and the CPU time the recognizer used. */
    record Result(List<Timed> words, double cpuSeconds) {
        List<String> text() {
            return words.stream().map(t -> t.word().text()).toList();
        }
    }

    private PartialLatencyProbe() {
    }

    static Result run(Model model, float[] audio, int chunk, boolean partialWords) throws IOException {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long cpu0 = mx.getCurrentThreadCpuTime();
        List<Timed> out = new ArrayList<>();
        List<Snapshot> snapshots = new ArrayList<>();
        short[] pcm = new short[chunk];
        try (Recognizer rec = new Recognizer(model, 16_000f)) {
            rec.setWords(true);
            rec.setPartialWords(partialWords);
            for (int off = 0; off < audio.length; off += chunk) {
                int n = Math.min(chunk, audio.length - off);
                for (int i = 0; i < n; i++) {
                    pcm[i] = (short) Math.max(-32768, Math.min(32767, Math.round(audio[off + i] * 32767f)));
                }
                double now = (off + n) / 16_000.0;
                if (rec.acceptWaveForm(pcm, n)) {
                    settle(rec.getResult(), snapshots, now, out);
                } else {
                    snapshots.add(new Snapshot(now, partial(rec.getPartialResult(), partialWords)));
                }
            }
            settle(rec.getFinalResult(), snapshots, audio.length / 16_000.0, out);
        }
        return new Result(out, (mx.getCurrentThreadCpuTime() - cpu0) / 1e9);
    }

    private record Snapshot(double time, List<String> words) {
    }

    private static List<String> partial(String json, boolean partialWords) throws IOException {
        if (partialWords) {
            List<Word> w = new ArrayList<>();
            VoskResults.partialWords(json, w);
            return w.stream().map(Word::text).toList();
        }
        return VoskResults.partialText(json);
    }

    /** An utterance ended: its final words, each with the first snapshot showing it in place. */
    private static void settle(String json, List<Snapshot> snapshots, double now, List<Timed> out) throws IOException {
        List<Word> finals = new ArrayList<>();
        VoskResults.words(json, 0, finals);
        for (int i = 0; i < finals.size(); i++) {
            Snapshot first = null;
            for (Snapshot s : snapshots) {
                if (s.words().size() > i && s.words().get(i).equals(finals.get(i).text())) {
                    first = s;
                    break;
                }
            }
            out.add(new Timed(finals.get(i), first == null ? now : first.time(), first != null));
        }
        snapshots.clear();
    }
}
