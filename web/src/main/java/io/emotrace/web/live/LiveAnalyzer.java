package io.emotrace.web.live;

import io.emotrace.vad.UtteranceSegmenter;
import io.emotrace.EmotraceException;
import io.emotrace.diarization.online.OnlineSpeakers;
import io.emotrace.domain.AnalyzedSegment;
import io.emotrace.domain.EmotionEstimate;
import io.emotrace.domain.RuleFlag;
import io.emotrace.domain.Word;
import io.emotrace.pipeline.Diarizer;
import io.emotrace.domain.PreparedClip;
import io.emotrace.pipeline.Engines;
import io.emotrace.pipeline.ProgressListener;
import io.emotrace.pipeline.SharedEngine;
import io.emotrace.pipeline.TranscriberStream;
import io.emotrace.vad.VadStream;
import io.emotrace.web.LiveEvent;
import io.emotrace.web.SegmentEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The analysis of one live stream on the service's engines, fed 16 kHz mono audio as it arrives: streaming VAD
 * cuts utterances; each finished utterance gets a speaker (online assignment against running centroids of the
 * diarizer's embeddings, re-clustered every few utterances, relabels announced), its emotion, its words and the
 * rules over the segments so far; while an utterance goes on, sliding-window emotion points and partial words
 * flow. A stage that is not available is announced once and the others go on.
 *
 * <p>Two lanes, each serial: {@link #accept} (VAD, ASR, the audio ring) runs on the session's stream lane and is
 * never held up by the model work of finished utterances, which goes to the {@code analysis} lane with a copy of
 * its audio (embedding, emotion, rules, sliding windows, attaching final words to segments). Owns its VAD and ASR
 * streams and closes them at the end of {@link #finish}.
 */
final class LiveAnalyzer implements AutoCloseable {
    static final int RATE = 16_000;
    /** Seconds of audio kept for utterance clips (an utterance is cut at {@link UtteranceSegmenter#LIVE_MAX_UTTERANCE}). */
    private static final int RING_SECONDS = 40;
    private static final double WINDOW_HOP = 1.0;
    private static final double WINDOW_SECONDS = 2.0;
    private static final int RULE_SEGMENTS = 200;

    /** Where the analysis goes (the service's event fan-out for this recording). */
    interface Sink {
        void event(LiveEvent e);

        void segment(SegmentEvent s);

        void flag(RuleFlag f);
    }

    /** One analysed utterance. */
    private static final class Utterance {
        final int index;
        final double start;
        final double end;
        String speaker;
        /** The calibrated probability that {@code speaker} (as first sent) is right; null: not said or relabelled. */
        Double speakerConfidence;
        EmotionEstimate emotion;
        /** The voice statistics of this utterance, when the emotion model normalises by the speaker's voice. */
        io.emotrace.domain.SpeakerVoice voice;
        final List<Word> words = new ArrayList<>();

        Utterance(int index, double start, double end) {
            this.index = index;
            this.start = start;
            this.end = end;
        }
    }

    private final Engines engines;
    private final Sink sink;
    private final String rulesDocument;
    private final Duration rulesBudget;
    private final VadStream vad;
    private final TranscriberStream asr;
    private final Diarizer diarizer;
    /** How sure a live label is (null: the speaker model has no live calibration for these settings). */
    private final java.util.function.ToDoubleFunction<double[]> liveConfidence;
    private final OnlineSpeakers speakers;
    private final UtteranceSegmenter segmenter;
    private final float[] ring = new float[RING_SECONDS * RATE];
    private long total;
    private final List<Utterance> utterances = new ArrayList<>();
    /** Each speaker's voice over its utterances so far, kept up to date on relabels (analysis lane only). */
    private final Map<String, io.emotrace.domain.SpeakerVoice> voiceSums = new java.util.HashMap<>();
    /** The band of the stream's speech so far: every voice of one stream is judged as one channel (a call, a room). */
    private io.emotrace.domain.BandEnergy streamBand = io.emotrace.domain.BandEnergy.NONE;
    private final List<Word> pendingFinals = new ArrayList<>();
    private final Set<String> flagged = new HashSet<>();
    private final Set<String> announced = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private double nextWindow = -1;
    private volatile boolean emotionAvailable = true;
    private boolean closed;
    private boolean rulesAvailable = true;

    private final SerialTasks analysis;

    LiveAnalyzer(Engines engines, Sink sink, String rulesDocument, Duration rulesBudget, SerialTasks analysis) {
        this.analysis = analysis;
        this.engines = engines;
        this.sink = sink;
        this.rulesDocument = rulesDocument;
        this.rulesBudget = rulesBudget;
        VadStream v = null;
        try {
            v = engines.vad().get().openStream();
        } catch (EmotraceException | RuntimeException e) {
            unavailable("vad", e);
        }
        this.vad = v;
        TranscriberStream t = null;
        try {
            t = engines.transcriber().get().openStream();
        } catch (EmotraceException | RuntimeException e) {
            unavailable("asr", e);
        }
        this.asr = t;
        Diarizer d = null;
        try {
            d = engines.diarizer().get();
            d.embedClips(List.of(new float[RATE])); // proves embeddings are there before the first utterance
        } catch (EmotraceException | RuntimeException e) {
            d = null;
            unavailable("diarization", e);
        }
        this.diarizer = d;
        this.speakers = OnlineSpeakers.live(d == null ? 0.5 : d.sameVoiceDistance());
        this.liveConfidence = d == null ? null : d.liveAttributionConfidence().orElse(null);
        this.segmenter = UtteranceSegmenter.live(vad == null ? 512 : vad.chunkSamples(), new UtteranceSegmenter.Listener() {
                    @Override
                    public void started(long start) {
                        nextWindow = start / (double) RATE + WINDOW_HOP;
                    }

                    @Override
                    public void ended(long start, long end, boolean dropped) {
                        if (!dropped) {
                            float[] x = clip(start, end);
                            analysis.submit(() -> utterance(start, end, x));
                        }
                    }
                });
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("vad", vad != null);
        f.put("asr", asr != null);
        f.put("diarization", diarizer != null);
        sink.event(new LiveEvent("live.stages", null, LiveEvent.Delivery.ESSENTIAL, f));
    }

    private void unavailable(String stage, Exception e) {
        if (announced.add(stage)) {
            String detail = e instanceof EmotraceException ee ? ee.describe() : e.toString();
            sink.event(new LiveEvent("live.stage", null, LiveEvent.Delivery.ESSENTIAL,
                    Map.of("stage", stage, "status", "unavailable", "detail", detail)));
        }
    }

    /** Seconds of audio analysed so far. */
    double seconds() {
        return total / (double) RATE;
    }

    /** Feeds 16 kHz mono samples. */
    void accept(float[] x) {
        for (int off = 0; off < x.length; off += 1600) {
            int n = Math.min(1600, x.length - off);
            for (int i = 0; i < n; i++) {
                ring[(int) ((total + i) % ring.length)] = x[off + i];
            }
            total += n;
            if (vad != null) {
                vad.accept(x, off, n, segmenter::accept);
            }
            transcribe(x, off, n);
            window();
        }
    }

    /**
     * The stream ended (stream lane): an open utterance ends, the recognizer's last words come; {@code then} runs
     * on the analysis lane once everything before it there is done, after the streams are closed.
     */
    void finish(Runnable then) {
        segmenter.finish(total);
        if (asr != null) {
            try {
                finals(asr.finish());
            } catch (EmotraceException | RuntimeException e) {
                unavailable("asr", e);
            }
        }
        analysis.submit(() -> {
            try {
                close();
            } finally {
                then.run();
            }
        });
    }

    private void transcribe(float[] x, int off, int n) {
        if (asr == null) {
            return;
        }
        TranscriberStream.Update u;
        try {
            u = asr.accept(x, off, n);
        } catch (EmotraceException | RuntimeException e) {
            unavailable("asr", e);
            return;
        }
        if (!u.finals().isEmpty()) {
            finals(u.finals());
        }
        if (u.partial() != null) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("final", false);
            f.put("at", seconds());
            f.put("words", u.partial());
            sink.event(new LiveEvent("words", null, LiveEvent.Delivery.LATEST, f));
        }
    }

    private void finals(List<Word> words) {
        if (words.isEmpty()) {
            return;
        }
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("final", true);
        f.put("at", seconds());
        f.put("words", words);
        sink.event(new LiveEvent("words", null, LiveEvent.Delivery.ESSENTIAL, f));
        analysis.submit(() -> attach(words));
    }

    /** Analysis lane: final words join their segments (re-sent with the text) or wait for theirs. */
    private void attach(List<Word> words) {
        List<Utterance> changed = new ArrayList<>();
        for (Word w : words) {
            Utterance u = owner(w);
            if (u == null) {
                pendingFinals.add(w);
            } else {
                u.words.add(w);
                if (!changed.contains(u)) {
                    changed.add(u);
                }
            }
        }
        for (Utterance u : changed) {
            emit(u, "asr");
        }
        while (pendingFinals.size() > 500) {
            pendingFinals.remove(0);
        }
    }

    /** The analysed utterance a word belongs to (its middle inside, or within 0.3 s), or null. */
    private Utterance owner(Word w) {
        double mid = (w.start() + w.end()) / 2;
        Utterance best = null;
        double bestGap = 0.3;
        for (int i = utterances.size() - 1; i >= 0 && i >= utterances.size() - 20; i--) {
            Utterance u = utterances.get(i);
            double gap = mid < u.start ? u.start - mid : mid > u.end ? mid - u.end : 0;
            if (gap <= bestGap) {
                best = u;
                bestGap = gap;
                if (gap == 0) {
                    break;
                }
            }
        }
        return best;
    }

    private float[] clip(long start, long end) {
        long from = Math.max(Math.max(0, total - ring.length), start);
        int n = (int) Math.max(0, Math.min(total, end) - from);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = ring[(int) ((from + i) % ring.length)];
        }
        return out;
    }

    /** A sliding-window emotion point every second while an utterance goes on. */
    private void window() {
        if (!segmenter.inSpeech() || !emotionAvailable) {
            return;
        }
        double now = seconds();
        if (now < nextWindow) {
            return;
        }
        nextWindow = now + WINDOW_HOP;
        if (analysis.queued() > 2) {
            return; // the analysis lane is behind: skip this point rather than pile up work
        }
        double from = Math.max(segmenter.utteranceStart() / (double) RATE, now - WINDOW_SECONDS);
        float[] x = clip(Math.round(from * RATE), total);
        analysis.submit(() -> windowPoint(x, from, now));
    }

    /** Analysis lane: one sliding-window emotion point. */
    private void windowPoint(float[] x, double from, double now) {
        // the speaker of an utterance in progress is not known yet
        EmotionEstimate e = emotion(PreparedClip.of(x), null);
        if (e == null) {
            return;
        }
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("time", (from + now) / 2);
        f.put("start", from);
        f.put("end", now);
        f.put("utterance", utterances.size()); // analysis lane: the utterance in progress is the next one
        f.put("emotion", e.emotion().english());
        f.put("confidence", e.confidence());
        f.put("scores", scores(e));
        sink.event(new LiveEvent("emotion", null, LiveEvent.Delivery.DROPPABLE, f));
    }

    /** Analysis lane: a finished utterance. */
    private void utterance(long start, long end, float[] x) {
        if (x.length < RATE / 10) {
            return;
        }
        Utterance u = new Utterance(utterances.size(), start / (double) RATE, end / (double) RATE);
        utterances.add(u);
        u.speaker = speaker(u, x);
        // read once for its voice and its answer; what was read lives only until the answer (this call)
        PreparedClip read = prepare(x);
        u.voice = read.voice();
        addVoice(u.speaker, u.voice);
        if (u.voice != null) {
            streamBand = streamBand.plus(u.voice.band());
        }
        io.emotrace.domain.SpeakerVoice voice = u.speaker == null ? null : voiceSums.get(u.speaker);
        u.emotion = emotion(read, voice == null ? null : voice.withBand(streamBand));
        for (java.util.Iterator<Word> it = pendingFinals.iterator(); it.hasNext(); ) {
            Word w = it.next();
            if (owner(w) == u) {
                u.words.add(w);
                it.remove();
            }
        }
        emit(u, "live");
        rules();
        if (diarizer != null && speakers.reclusterDue()) {
            recluster();
        }
    }

    private String speaker(Utterance u, float[] x) {
        if (diarizer == null) {
            return null;
        }
        float[] e;
        try {
            e = diarizer.embedClips(List.of(x))[0];
        } catch (EmotraceException | RuntimeException ex) {
            unavailable("diarization", ex);
            return null;
        }
        OnlineSpeakers.Assignment a = speakers.assign(e, u.end - u.start);
        u.speakerConfidence = liveConfidence == null ? null : liveConfidence.applyAsDouble(a.features());
        if (a.created()) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("speaker", a.speaker());
            f.put("firstSeen", u.start);
            f.put("speakers", speakers.speakers());
            sink.event(new LiveEvent("live.speaker", a.speaker(), LiveEvent.Delivery.ESSENTIAL, f));
        }
        return a.speaker();
    }

    private void recluster() {
        List<OnlineSpeakers.Relabel> changes = speakers.recluster();
        if (changes.isEmpty()) {
            return;
        }
        // utterances without a speaker (none assigned) are not in the online model; indices line up otherwise
        List<Utterance> withSpeaker = utterances.stream().filter(x -> x.speaker != null).toList();
        List<Map<String, Object>> list = new ArrayList<>();
        for (OnlineSpeakers.Relabel r : changes) {
            Utterance u = withSpeaker.get(r.utterance());
            if (u.voice != null) { // out of the old speaker's sum (gone with its last frames), into the new one's
                voiceSums.computeIfPresent(u.speaker, (k, v) -> v.frames() == u.voice.frames() ? null : v.minus(u.voice));
            }
            u.speaker = r.to();
            u.speakerConfidence = null; // the re-clustering's label: no calibration says how sure it is
            addVoice(u.speaker, u.voice);
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("index", u.index);
            c.put("start", u.start);
            c.put("end", u.end);
            c.put("from", r.from());
            c.put("to", r.to());
            list.add(c);
        }
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("reason", "recluster");
        f.put("changes", list);
        f.put("speakers", speakers.speakers());
        sink.event(new LiveEvent("relabel", null, LiveEvent.Delivery.ESSENTIAL, f));
    }

    /**
     * The utterance read by the recognizer for its voice statistics and, reused, its estimate
     * ({@link io.emotrace.pipeline.EmotionRecognizer#prepare}); its voice is null when the emotion model uses none, is
     * not {@link io.emotrace.pipeline.EmotionRecognizer#concurrent() concurrent} (not called beside an offline analysis
     * holding the engine) or is unavailable: nothing is read then.
     */
    private PreparedClip prepare(float[] x) {
        PreparedClip nothing = PreparedClip.of(x);
        if (!emotionAvailable) {
            return nothing;
        }
        try {
            io.emotrace.pipeline.EmotionRecognizer r = engines.emotion().get();
            return r.usesSpeakerVoice() && r.concurrent() ? r.prepare(x) : nothing;
        } catch (Exception e) {
            return nothing; // the estimate falls back to the clip alone; emotion() reports a broken model
        }
    }

    /**
     * Adds an utterance's voice to its speaker's running sum (relabels by re-clustering move it between sums), so each
     * utterance costs the same however long the stream has run.
     */
    private void addVoice(String speaker, io.emotrace.domain.SpeakerVoice voice) {
        if (speaker != null && voice != null) {
            voiceSums.merge(speaker, voice, io.emotrace.domain.SpeakerVoice::plus);
        }
    }

    /** The estimate of a clip ({@link #prepare}d, or not) against its speaker's voice (null: unknown). */
    private EmotionEstimate emotion(PreparedClip x, io.emotrace.domain.SpeakerVoice voice) {
        SharedEngine<io.emotrace.pipeline.EmotionRecognizer> engine = engines.emotion();
        if (!emotionAvailable) {
            return null;
        }
        try {
            SharedEngine.Call<io.emotrace.pipeline.EmotionRecognizer, EmotionEstimate> call =
                    r -> r.recognizePrepared(x, voice);
            io.emotrace.pipeline.EmotionRecognizer r = engine.get();
            // a thread-safe recognizer is not waited for behind an offline analysis holding the engine's lock
            return r.concurrent() ? call.apply(r) : engine.call(call);
        } catch (Exception e) {
            emotionAvailable = false;
            unavailable("emotion", e);
            return null;
        }
    }

    private void emit(Utterance u, String stage) {
        EmotionEstimate e = u.emotion;
        String text = u.words.isEmpty() ? null : String.join(" ", u.words.stream().map(Word::text).toList());
        sink.segment(new SegmentEvent(u.index, stage, u.speaker, u.start, u.end,
                e == null ? null : e.emotion().english(), e == null ? null : e.confidence(), scores(e), text,
                u.speakerConfidence));
    }

    private static Map<String, Double> scores(EmotionEstimate e) {
        Map<String, Double> m = new LinkedHashMap<>();
        if (e != null) {
            e.scores().forEach((k, v) -> m.put(k.english(), v));
        }
        return m;
    }

    /** Segment and history rules over the recent segments; each flag is sent once. */
    private void rules() {
        if (!rulesAvailable) {
            return;
        }
        List<AnalyzedSegment> segs = new ArrayList<>();
        for (int i = Math.max(0, utterances.size() - RULE_SEGMENTS); i < utterances.size(); i++) {
            Utterance u = utterances.get(i);
            String text = u.words.isEmpty() ? null : String.join(" ", u.words.stream().map(Word::text).toList());
            segs.add(new AnalyzedSegment(u.speaker == null ? "S?" : u.speaker, u.start, u.end, u.emotion, text,
                    u.words));
        }
        List<RuleFlag> flags;
        try {
            flags = engines.rules().call(r -> r.evaluate(rulesDocument, rulesBudget, segs, ProgressListener.NONE))
                    .flags();
        } catch (Exception e) {
            rulesAvailable = false;
            unavailable("rules", e);
            return;
        }
        for (RuleFlag f : flags) {
            String key = f.rule() + "|" + f.speaker() + "|" + Math.round(f.start() * 100) + "|" + Math.round(f.end() * 100);
            if (flagged.add(key)) {
                sink.flag(f);
            }
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (vad != null) {
                vad.close();
            }
        } finally {
            if (asr != null) {
                asr.close();
            }
        }
    }
}
