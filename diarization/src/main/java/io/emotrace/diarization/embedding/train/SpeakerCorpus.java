package io.emotrace.diarization.embedding.train;

import io.emotrace.EmotraceException;
import io.emotrace.audio.AudioDecoder;
import io.emotrace.corpus.CorpusCatalog;
import io.emotrace.corpus.CorpusUtterance;
import io.emotrace.diarization.embedding.HeldOutSpeakers;
import io.emotrace.diarization.embedding.SpeakerFbank;
import io.emotrace.diarization.simulate.SpeechTrimmer;
import io.emotrace.rttm.RttmReader;
import io.emotrace.rttm.RttmTurn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The speaker-embedding data: every labelled utterance of the single-speaker corpora, plus the non-overlapped
 * single-speaker stretches of the AMI excerpts cut from {@code ami-dev/reference.rttm}, split by the project's
 * held-out list into training and evaluation speakers. Audio is decoded, trimmed and turned into fbank once.
 */
public final class SpeakerCorpus {
    /** Shortest stretch kept (seconds of speech). */
    static final double MIN_SECONDS = 1.0;

    private final List<SpeakerClip> train;
    private final List<SpeakerClip> eval;
    private final List<String> trainSpeakers;
    private final int skipped;

    private SpeakerCorpus(List<SpeakerClip> train, List<SpeakerClip> eval, int skipped) {
        this.train = List.copyOf(train);
        this.eval = List.copyOf(eval);
        this.trainSpeakers = train.stream().map(SpeakerClip::speaker).distinct().sorted().toList();
        this.skipped = skipped;
    }

    /** A corpus from clips already in memory (tests, other data sources). */
    static SpeakerCorpus of(List<SpeakerClip> train, List<SpeakerClip> eval) {
        return new SpeakerCorpus(train, eval, 0);
    }

    public List<SpeakerClip> train() {
        return train;
    }

    public List<SpeakerClip> eval() {
        return eval;
    }

    /** Training speaker ids, sorted; a speaker's class index is its position here. */
    public List<String> trainSpeakers() {
        return trainSpeakers;
    }

    /** Utterances dropped (silent, shorter than {@link #MIN_SECONDS} after trimming, or undecodable). */
    public int skipped() {
        return skipped;
    }

    /**
     * What to load.
     *
     * @param corpora              corpus folders to read
     * @param heldOutCorpora       whole corpora that only evaluate (never train)
     * @param excluded             speakers left out of training and evaluation (e.g. a diarization tuning fold)
     * @param limitPerSpeaker      at most this many utterances per speaker (0 = all), for smoke runs
     * @param maxSecondsPerSpeaker stop adding a speaker's utterances (in a seeded random order, so emotions stay
     *                             mixed) once this much speech is in (0 = no cap): keeps memory bounded and stops
     *                             the few corpora with hours per speaker from dominating
     * @param includeTrain         false loads only the evaluation speakers
     */
    public record Selection(List<String> corpora, java.util.Set<String> heldOutCorpora, java.util.Set<String> excluded,
            int limitPerSpeaker, double maxSecondsPerSpeaker, boolean includeTrain) {
        public Selection {
            corpora = List.copyOf(corpora);
            heldOutCorpora = java.util.Set.copyOf(heldOutCorpora);
            excluded = java.util.Set.copyOf(excluded);
        }

        /** The original four corpora, no held-out corpus, no cap (what the earlier models trained on). */
        public static Selection legacy(int limitPerSpeaker, boolean includeTrain, java.util.Set<String> excluded) {
            return new Selection(CorpusCatalog.KNOWN_CORPORA, java.util.Set.of(), excluded, limitPerSpeaker, 0, includeTrain);
        }

        boolean evaluates(String corpus, String speaker) {
            return heldOutCorpora.contains(corpus) || HeldOutSpeakers.contains(speaker);
        }
    }

    /**
     * Loads the corpora under {@code dataRoot}.
     *
     * @param limitPerSpeaker at most this many utterances per speaker (0 = all), for smoke runs
     * @param includeTrain    false loads only the held-out speakers (evaluation)
     */
    public static SpeakerCorpus load(Path dataRoot, AudioDecoder decoder, SpeakerFbank fbank, int limitPerSpeaker,
            boolean includeTrain, Consumer<String> log) throws EmotraceException {
        return load(dataRoot, decoder, fbank, Selection.legacy(limitPerSpeaker, includeTrain, java.util.Set.of()), log);
    }

    /** Loads the selected corpora under {@code dataRoot}, split into training and evaluation speakers. */
    public static SpeakerCorpus load(Path dataRoot, AudioDecoder decoder, SpeakerFbank fbank, Selection sel,
            Consumer<String> log) throws EmotraceException {
        CorpusCatalog catalog = CorpusCatalog.load(dataRoot, sel.corpora());
        SpeechTrimmer trimmer = SpeechTrimmer.defaults();
        List<SpeakerClip> train = new ArrayList<>();
        List<SpeakerClip> eval = new ArrayList<>();
        int skipped = 0;
        int done = 0;
        for (String speaker : catalog.speakers()) {
            List<CorpusUtterance> utts = catalog.utterances(speaker);
            String corpus = utts.get(0).corpus();
            boolean heldOut = sel.evaluates(corpus, speaker);
            if (!heldOut && !sel.includeTrain() || sel.excluded().contains(speaker)) {
                continue;
            }
            if (sel.limitPerSpeaker() > 0 && utts.size() > sel.limitPerSpeaker()) {
                utts = spread(utts, sel.limitPerSpeaker());
            }
            if (sel.maxSecondsPerSpeaker() > 0) {
                utts = new ArrayList<>(utts);
                java.util.Collections.shuffle(utts, new java.util.Random(speaker.hashCode()));
            }
            double seconds = 0;
            for (CorpusUtterance u : utts) {
                if (sel.maxSecondsPerSpeaker() > 0 && seconds >= sel.maxSecondsPerSpeaker()) {
                    break;
                }
                SpeakerClip clip = null;
                try {
                    clip = clip(speaker, u.source(), u.emotion(), speechOnly(trimmer, decoder.decodeAll(u.file())), fbank,
                            u.corpus());
                } catch (EmotraceException e) {
                    log.accept("skipping " + u.source() + ": " + e.describe());
                }
                if (clip == null) {
                    skipped++;
                } else {
                    seconds += clip.seconds();
                    (heldOut ? eval : train).add(clip);
                }
                if (++done % 500 == 0) {
                    log.accept("decoded " + done + " utterances");
                }
            }
        }
        if (sel.corpora().contains("ravdess")) { // AMI rides along with the original corpus set
            skipped += addAmi(dataRoot, decoder, fbank, train, eval, sel.includeTrain(), sel.limitPerSpeaker());
        }
        return new SpeakerCorpus(train, eval, skipped);
    }

    /** Evenly spaced subset, so a smoke run still sees each speaker's emotions. */
    private static List<CorpusUtterance> spread(List<CorpusUtterance> utts, int n) {
        List<CorpusUtterance> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(utts.get((int) ((long) i * utts.size() / n)));
        }
        return out;
    }

    /** The speech regions of a trimmed utterance joined end to end (pauses of 0.4 s and more removed). */
    static float[] speechOnly(SpeechTrimmer trimmer, float[] samples) {
        return trimmer.speechOnly(samples);
    }

    private static SpeakerClip clip(String speaker, String source, String emotion, float[] speech, SpeakerFbank fbank,
            String corpus) {
        if (speech.length < MIN_SECONDS * SpeakerFbank.SAMPLE_RATE) {
            return null;
        }
        float[] f = fbank.rawFbank(speech, 0, speech.length);
        return new SpeakerClip(speaker, source, emotion == null ? null : emotion.toLowerCase(Locale.ROOT), speech, f,
                f.length / fbank.bins(), corpus);
    }

    /** Single-speaker (non-overlapped) stretches of each AMI excerpt's reference turns. */
    private static int addAmi(Path dataRoot, AudioDecoder decoder, SpeakerFbank fbank, List<SpeakerClip> train,
            List<SpeakerClip> eval, boolean includeTrain, int limitPerSpeaker) throws EmotraceException {
        Path dir = dataRoot.resolve("ami-dev");
        Path rttm = dir.resolve("reference.rttm");
        if (!Files.isRegularFile(rttm)) {
            return 0;
        }
        Map<String, List<RttmTurn>> byFile = new TreeMap<>();
        for (RttmTurn t : RttmReader.read(rttm)) {
            byFile.computeIfAbsent(t.fileId(), k -> new ArrayList<>()).add(t);
        }
        Map<String, Integer> perSpeaker = new TreeMap<>();
        int skipped = 0;
        for (Map.Entry<String, List<RttmTurn>> e : byFile.entrySet()) {
            boolean heldOutFile = HeldOutSpeakers.AMI_HELD_OUT_FILES.contains(e.getKey());
            if (!heldOutFile && !includeTrain) {
                continue;
            }
            Path audio = dir.resolve(e.getKey() + ".flac");
            if (!Files.isRegularFile(audio)) {
                continue;
            }
            float[] samples = decoder.decodeAll(audio);
            for (double[] s : soloStretches(e.getValue())) {
                String speaker = "ami-" + e.getValue().get((int) s[2]).speaker();
                if (HeldOutSpeakers.contains(speaker) != heldOutFile) {
                    continue; // a dev speaker never trains, a training speaker never scores
                }
                if (limitPerSpeaker > 0 && perSpeaker.merge(speaker, 1, Integer::sum) > limitPerSpeaker) {
                    continue;
                }
                int from = (int) Math.round(s[0] * SpeakerFbank.SAMPLE_RATE);
                int to = Math.min(samples.length, (int) Math.round(s[1] * SpeakerFbank.SAMPLE_RATE));
                String source = String.format(Locale.ROOT, "ami-dev/%s.flac@%.2f-%.2f", e.getKey(), s[0], s[1]);
                SpeakerClip clip = from < to ? clip(speaker, source, null, Arrays.copyOfRange(samples, from, to), fbank, "ami-dev") : null;
                if (clip == null) {
                    skipped++;
                } else {
                    (heldOutFile ? eval : train).add(clip);
                }
            }
        }
        return skipped;
    }

    /** [start, end, turnIndex] of every part of a turn that no other speaker's turn overlaps. */
    static List<double[]> soloStretches(List<RttmTurn> turns) {
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < turns.size(); i++) {
            RttmTurn t = turns.get(i);
            List<double[]> parts = new ArrayList<>(List.of(new double[] {t.start(), t.end()}));
            for (RttmTurn o : turns) {
                if (o.speaker().equals(t.speaker())) {
                    continue;
                }
                List<double[]> next = new ArrayList<>();
                for (double[] p : parts) {
                    if (o.end() <= p[0] || o.start() >= p[1]) {
                        next.add(p);
                        continue;
                    }
                    if (o.start() > p[0]) {
                        next.add(new double[] {p[0], o.start()});
                    }
                    if (o.end() < p[1]) {
                        next.add(new double[] {o.end(), p[1]});
                    }
                }
                parts = next;
            }
            for (double[] p : parts) {
                out.add(new double[] {p[0], p[1], i});
            }
        }
        return out;
    }
}
