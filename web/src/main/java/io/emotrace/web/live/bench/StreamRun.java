package io.emotrace.web.live.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.emotrace.web.live.LiveClient;
import io.emotrace.web.live.LiveFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One bench stream: sends 16 kHz audio in 100 ms buffers at {@code speed} x real time and measures, from the
 * messages' arrival times: each live segment's latency after its utterance ended (stream time mapped to wall time),
 * each partial word's latency after the word ended, the backlog the server reports ({@code live.progress}), and
 * how long the end took after {@code live.stop}. Keeps the live speaker labels (relabels applied) for scoring.
 */
final class StreamRun {
    final List<Double> segmentLatency = new ArrayList<>();
    /** Every partial word at its first appearance: its end to then. */
    final List<Double> partialLatency = new ArrayList<>();
    /** (text, start, end, wall seconds of first appearance) of partial words. */
    private final List<Object[]> partials = new ArrayList<>();
    /** (text, start, end) of final words. */
    private final List<Object[]> finals = new ArrayList<>();
    /** (word texts, wall seconds, audio analysed) of the partials since the last final words. */
    private final List<Object[]> openPartials = new ArrayList<>();
    /** Per final word shown as partial first, by position: its end to that partial, wall time (real time only). */
    final List<Double> positionLatency = new ArrayList<>();
    /** The same in audio time: the audio analysed when that partial was made, minus the word's end. */
    final List<Double> positionAudioDelay = new ArrayList<>();
    /** (stream seconds sent by then, backlog seconds) per live.progress. */
    final List<double[]> backlog = new ArrayList<>();
    final Map<Integer, double[]> segments = new LinkedHashMap<>();
    final Map<Integer, String> labels = new HashMap<>();
    String recording;
    double drainSeconds;
    double sendSeconds;
    int speakersSeen;
    JsonNode ended;

    void run(String server, float[] audio, double speed, String name) throws Exception {
        Set<Integer> seenSegments = new HashSet<>();
        Set<String> seenWords = new HashSet<>();
        long[] t0 = new long[1];
        try (LiveClient c = LiveClient.connect(server, null, r -> {
            if (t0[0] == 0) {
                return;
            }
            JsonNode m = r.message();
            double wall = (r.nanos() - t0[0]) / 1e9;
            switch (r.type()) {
                case "segment" -> {
                    JsonNode s = m.get("segment");
                    int index = s.get("index").asInt();
                    labels.put(index, s.path("speaker").asText(null));
                    if (s.get("stage").asText().equals("live") && seenSegments.add(index)) {
                        segments.put(index, new double[] {s.get("start").asDouble(), s.get("end").asDouble()});
                        if (speed > 0) {
                            segmentLatency.add(wall - s.get("end").asDouble() / speed);
                        }
                    }
                }
                case "words" -> {
                    byPosition(m, wall, speed);
                    for (JsonNode w : m.get("words")) {
                        String text = w.get("text").asText();
                        double start = w.get("start").asDouble();
                        double end = w.get("end").asDouble();
                        if (m.get("final").asBoolean()) {
                            finals.add(new Object[] {text, start, end});
                        } else if (speed > 0 && seenWords.add(text + "@" + Math.round(start * 10))) {
                            partialLatency.add(wall - end / speed);
                            partials.add(new Object[] {text, start, end, wall, m.path("at").asDouble(Double.NaN)});
                        }
                    }
                }
                case "relabel" -> {
                    for (JsonNode ch : m.get("changes")) {
                        labels.put(ch.get("index").asInt(), ch.get("to").asText());
                    }
                }
                case "live.speaker" -> speakersSeen++;
                case "live.progress" -> {
                    double sent = speed > 0 ? wall * speed : m.get("received").asDouble();
                    backlog.add(new double[] {sent, Math.max(0, Math.min(sent, m.get("received").asDouble())
                            - m.get("processed").asDouble())});
                }
                default -> { }
            }
        })) {
            recording = c.start(new LiveFormat(16_000, LiveFormat.Encoding.PCM_S16LE, 1), name);
            t0[0] = c.streamStartNanos();
            for (int off = 0; off < audio.length; off += 1600) {
                c.send(LiveClient.s16(audio, off, Math.min(1600, audio.length - off)), speed);
            }
            long stopAt = System.nanoTime();
            sendSeconds = (stopAt - t0[0]) / 1e9;
            c.stop();
            ended = c.await(r -> r.type().equals("live.ended"), Duration.ofMinutes(10)).message();
            drainSeconds = (System.nanoTime() - stopAt) / 1e9;
        }
    }

    /**
     * The position rule (times of partial words play no part): a partial is the whole hypothesis of the utterance
     * going on, so final word i is shown by the first partial since the previous finals whose word i has its text.
     * Final words that never showed as partial are left out.
     */
    private void byPosition(JsonNode m, double wall, double speed) {
        List<String> texts = new ArrayList<>();
        for (JsonNode w : m.get("words")) {
            texts.add(w.get("text").asText());
        }
        if (!m.get("final").asBoolean()) {
            openPartials.add(new Object[] {texts, wall, m.path("at").asDouble(Double.NaN)});
            return;
        }
        for (int i = 0; i < texts.size(); i++) {
            double end = m.get("words").get(i).get("end").asDouble();
            for (Object[] p : openPartials) {
                @SuppressWarnings("unchecked")
                List<String> shown = (List<String>) p[0];
                if (shown.size() > i && shown.get(i).equals(texts.get(i))) {
                    if (speed > 0) {
                        positionLatency.add((double) p[1] - end / speed);
                    }
                    positionAudioDelay.add((double) p[2] - end);
                    break;
                }
            }
        }
        openPartials.clear();
    }

    /**
     * For each final word (what the recognizer settled on): from its end to the first partial showing it (same
     * text, start within 0.3 s); words that never showed as partial are left out.
     */
    List<Double> finalWordPartialLatency(double speed) {
        List<Double> out = new ArrayList<>();
        for (Object[] f : finals) {
            double best = Double.NaN;
            for (Object[] p : partials) {
                if (p[0].equals(f[0]) && Math.abs((double) p[1] - (double) f[1]) < 0.3) {
                    best = (double) p[3] - (double) f[2] / speed;
                    break;
                }
            }
            if (!Double.isNaN(best)) {
                out.add(best);
            }
        }
        return out;
    }

    /**
     * As {@link #finalWordPartialLatency} but in audio time: the audio the server had analysed when it first showed
     * the word, minus the word's end (the recognizer's own delay, whatever the CPU load).
     */
    List<Double> finalWordPartialDelayInAudio() {
        List<Double> out = new ArrayList<>();
        for (Object[] f : finals) {
            for (Object[] p : partials) {
                if (p[0].equals(f[0]) && Math.abs((double) p[1] - (double) f[1]) < 0.3) {
                    if (!Double.isNaN((double) p[4])) {
                        out.add((double) p[4] - (double) f[2]);
                    }
                    break;
                }
            }
        }
        return out;
    }

    /** Largest backlog reported in the last third of the stream. */
    double lateBacklog() {
        double max = 0;
        if (backlog.isEmpty()) {
            return 0;
        }
        double end = backlog.get(backlog.size() - 1)[0];
        for (double[] b : backlog) {
            if (b[0] >= end * 2 / 3) {
                max = Math.max(max, b[1]);
            }
        }
        return max;
    }
}
