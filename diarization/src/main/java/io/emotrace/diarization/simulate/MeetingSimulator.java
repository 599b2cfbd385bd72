package io.emotrace.diarization.simulate;

import io.emotrace.corpus.CorpusCatalog;
import io.emotrace.corpus.CorpusException;
import io.emotrace.corpus.CorpusUtterance;
import io.emotrace.audio.AudioDecoder;
import io.emotrace.audio.AudioStream;
import io.emotrace.audio.FfmpegAudioDecoder;
import io.emotrace.audio.UnsupportedAudioException;
import io.emotrace.domain.SpeechRegion;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Builds multi-speaker meetings from single-speaker corpora, with a reference that is known exactly.
 *
 * <p>Per meeting: a speaker count in the configured range, that many distinct eligible speakers, a level offset
 * per speaker, then turns until the target duration: each turn is 1..n utterances of one speaker (never the
 * speaker of the previous turn), separated by a random pause, or, with probability {@code overlapRatio},
 * starting before the previous turn ends. Utterances are energy-trimmed ({@link SpeechTrimmer}) and normalised
 * to a common speech level before the speaker's offset is applied, so the reference marks where speech really is
 * and the level differences are the configured ones. Noise, if any, is scaled against the speech power inside
 * the reference regions. Meeting {@code i} depends only on the config and {@code i}; StrictMath keeps the
 * bytes identical across JVMs and CPUs, not only across runs.
 */
public final class MeetingSimulator {
    /** The rate the decoder delivers; one source of truth in {@link AudioStream}. */
    public static final int SAMPLE_RATE = AudioStream.SAMPLE_RATE;
    private static final double LEAD_IN_SECONDS = 0.5;
    private static final double TAIL_SECONDS = 0.5;
    private static final int BABBLE_STREAMS = 4;
    private static final double CLIP_PEAK = 0.98;
    private static final int CACHE_ENTRIES = 256;

    private final MeetingConfig config;
    private final CorpusCatalog catalog;
    private final AudioDecoder decoder;
    private final SpeechTrimmer trimmer;
    private final List<String> eligible;
    // decoded + trimmed utterances; bounded LRU so long runs do not grow without limit
    private final Map<Path, Optional<SpeechTrimmer.Trimmed>> cache =
            new LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Path, Optional<SpeechTrimmer.Trimmed>> e) {
                    return size() > CACHE_ENTRIES;
                }
            };

    private MeetingSimulator(MeetingConfig config, CorpusCatalog catalog, AudioDecoder decoder,
            SpeechTrimmer trimmer) throws SimulationException {
        this.config = config;
        this.catalog = catalog;
        this.decoder = decoder;
        this.trimmer = trimmer;
        List<String> pool = new ArrayList<>();
        for (String s : catalog.speakers()) {
            boolean wanted = config.onlySpeakers().isEmpty() || config.onlySpeakers().contains(s);
            if (wanted && !config.excludeSpeakers().contains(s)) {
                pool.add(s);
            }
        }
        if (pool.size() < config.minSpeakers()) {
            throw new SimulationException("simulate.too-few-speakers", String.format(Locale.ROOT,
                    "only %d eligible speakers in %s after --only/--exclude filters; need at least %d",
                    pool.size(), config.corpora(), config.minSpeakers()));
        }
        this.eligible = List.copyOf(pool);
    }

    public static MeetingSimulator create(MeetingConfig config) throws SimulationException {
        return create(config, new FfmpegAudioDecoder());
    }

    public static MeetingSimulator create(MeetingConfig config, AudioDecoder decoder) throws SimulationException {
        CorpusCatalog catalog;
        try {
            catalog = CorpusCatalog.load(config.dataRoot(), config.corpora());
        } catch (CorpusException e) {
            throw new SimulationException(e.code(), e.getMessage(), e);
        }
        return new MeetingSimulator(config, catalog, decoder, SpeechTrimmer.defaults());
    }

    public MeetingConfig config() {
        return config;
    }

    /** Ids in the only/exclude lists that no loaded corpus has (typos, or corpora not selected), sorted. */
    public List<String> unknownListedSpeakers() {
        java.util.TreeSet<String> unknown = new java.util.TreeSet<>(config.onlySpeakers());
        unknown.addAll(config.excludeSpeakers());
        unknown.removeAll(catalog.speakers());
        return List.copyOf(unknown);
    }

    /** Speakers that may appear, sorted. */
    public List<String> eligibleSpeakers() {
        return eligible;
    }

    public static String meetingId(int index) {
        return String.format(Locale.ROOT, "meeting_%03d", index);
    }

    /** A seed per meeting so meeting i is the same whatever the count (SplitMix64 finaliser over seed and i). */
    static long meetingSeed(long seed, int index) {
        long z = seed + 0x9E3779B97F4A7C15L * (index + 1L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    public SimulatedMeeting simulate(int index) throws SimulationException {
        long seed = meetingSeed(config.seed(), index);
        SplittableRandom rng = new SplittableRandom(seed);
        int maxK = Math.min(config.maxSpeakers(), eligible.size());
        int k = config.minSpeakers() + rng.nextInt(maxK - config.minSpeakers() + 1);
        List<String> shuffled = shuffle(new ArrayList<>(eligible), rng);
        List<String> speakers = List.copyOf(shuffled.subList(0, k));

        Map<String, Double> levelDb = new LinkedHashMap<>();
        List<UtteranceQueue> queues = new ArrayList<>();
        for (String s : speakers) {
            double r = config.levelDbRange();
            levelDb.put(s, r == 0 ? 0.0 : round3(-r / 2 + rng.nextDouble() * r));
            queues.add(new UtteranceQueue(catalog.utterances(s), rng.split()));
        }

        Plan plan = planTurns(speakers, queues, rng);
        List<Placed> placed = plan.placed();
        int length = Math.toIntExact(plan.end() + seconds(TAIL_SECONDS));
        float[] mix = new float[length];
        double[] gains = new double[placed.size()];
        boolean[] speechMask = new boolean[length];
        for (int i = 0; i < placed.size(); i++) {
            Placed p = placed.get(i);
            double norm = StrictMath.pow(10, config.speechLevelDbfs() / 20) / p.trimmed().speechRms();
            gains[i] = norm * StrictMath.pow(10, levelDb.get(speakers.get(p.speaker())) / 20);
            float[] x = p.trimmed().samples();
            float g = (float) gains[i];
            int at = Math.toIntExact(p.start());
            for (int j = 0; j < x.length; j++) {
                mix[at + j] += g * x[j];
            }
            for (int[] r : p.trimmed().regions()) {
                java.util.Arrays.fill(speechMask, at + r[0], at + r[1], true);
            }
        }
        List<String> noiseSources = new ArrayList<>();
        NoiseType noise = config.noise() == NoiseType.NONE ? NoiseType.NONE
                : addNoise(mix, speechMask, speakers, rng.split(), noiseSources);
        double peak = 0;
        for (float v : mix) {
            peak = Math.max(peak, Math.abs(v));
        }
        double guard = peak > CLIP_PEAK ? CLIP_PEAK / peak : 1.0; // scales speech and noise alike: SNR kept
        if (guard < 1) {
            for (int i = 0; i < length; i++) {
                mix[i] *= (float) guard;
            }
        }
        List<SimulatedSegment> segments = new ArrayList<>(placed.size());
        for (int i = 0; i < placed.size(); i++) {
            Placed p = placed.get(i);
            CorpusUtterance u = p.picked().utterance();
            List<SpeechRegion> regions = new ArrayList<>();
            for (int[] r : p.trimmed().regions()) {
                regions.add(new SpeechRegion(time(p.start() + r[0]), time(p.start() + r[1])));
            }
            String spk = speakers.get(p.speaker());
            segments.add(new SimulatedSegment(spk, time(p.start()), time(p.start() + p.trimmed().samples().length),
                    List.copyOf(regions), p.turn(), p.overlaps(), u.source(), u.corpus(), u.emotion(), u.text(),
                    gains[i] * guard, levelDb.get(spk)));
        }
        segments.sort(Comparator.comparingDouble(SimulatedSegment::start));
        return new SimulatedMeeting(meetingId(index), seed, mix, List.copyOf(segments),
                java.util.Collections.unmodifiableMap(levelDb), noise,
                noise == NoiseType.NONE ? null : config.noiseSnrDb(), List.copyOf(noiseSources), plan.turns(),
                plan.overlapped());
    }

    /**
     * Lays out turns until the target duration: the first k turns introduce every chosen speaker (already in
     * random order), so the reference always holds exactly k speakers even when the target is short; later
     * turns go to any speaker but the previous one.
     */
    private Plan planTurns(List<String> speakers, List<UtteranceQueue> queues, SplittableRandom rng)
            throws SimulationException {
        int k = speakers.size();
        long target = seconds(config.durationSeconds());
        long timelineEnd = seconds(LEAD_IN_SECONDS);
        long lastTurnStart = 0;
        long[] speakerEnd = new long[k];
        java.util.Arrays.fill(speakerEnd, Long.MIN_VALUE / 4);
        int lastSpeaker = -1;
        int turns = 0;
        int overlapped = 0;
        List<Placed> placed = new ArrayList<>();
        while (timelineEnd < target || turns < k) {
            int spk = turns < k ? turns : k == 1 ? 0 : (lastSpeaker + 1 + rng.nextInt(k - 1)) % k;
            int n = config.minUtterancesPerTurn()
                    + rng.nextInt(config.maxUtterancesPerTurn() - config.minUtterancesPerTurn() + 1);
            List<Picked> utts = new ArrayList<>();
            for (int u = 0; u < n; u++) {
                utts.add(nextUsable(queues.get(spk), speakers.get(spk)));
            }
            long gap = seconds(config.intraTurnGapSeconds());
            long turnLen = (n - 1) * gap;
            for (Picked p : utts) {
                turnLen += p.trimmed.samples().length;
            }
            long start;
            boolean overlaps = false;
            if (turns == 0) {
                start = timelineEnd;
            } else if (k > 1 && rng.nextDouble() < config.overlapRatio()) {
                // capped at half of either turn: an overlapping turn never hides inside the previous one
                long cap = Math.min((timelineEnd - lastTurnStart) / 2, turnLen / 2);
                long want = seconds(config.minOverlapSeconds()
                        + rng.nextDouble() * (config.maxOverlapSeconds() - config.minOverlapSeconds()));
                start = timelineEnd - Math.min(want, cap);
                start = Math.max(start, speakerEnd[spk] + gap); // a speaker never overlaps themself
                overlaps = start < timelineEnd;
            } else {
                start = timelineEnd + seconds(pause(rng));
            }
            long pos = start;
            for (int u = 0; u < utts.size(); u++) {
                placed.add(new Placed(utts.get(u), spk, pos, turns, overlaps));
                pos += utts.get(u).trimmed.samples().length + (u < utts.size() - 1 ? gap : 0);
            }
            speakerEnd[spk] = pos;
            lastTurnStart = start;
            timelineEnd = Math.max(timelineEnd, pos);
            lastSpeaker = spk;
            turns++;
            if (overlaps) {
                overlapped++;
            }
        }
        return new Plan(List.copyOf(placed), timelineEnd, turns, overlapped);
    }

    /** Adds the configured noise at the configured SNR; returns the type used (babble may fall back to pink). */
    private NoiseType addNoise(float[] mix, boolean[] speechMask, List<String> speakers, SplittableRandom rng,
            List<String> sources) throws SimulationException {
        NoiseType type = config.noise();
        float[] n = null;
        if (type == NoiseType.BABBLE) {
            n = babble(mix.length, speakers, rng, sources);
            if (n == null) {
                type = NoiseType.PINK; // no eligible speaker left outside the meeting to babble
            }
        }
        if (type == NoiseType.WHITE) {
            n = NoiseGenerator.white(mix.length, rng);
        } else if (type == NoiseType.PINK) {
            n = NoiseGenerator.pink(mix.length, rng);
        }
        double speechPower = meanPower(mix, speechMask);
        float scale = (float) Math.sqrt(speechPower / StrictMath.pow(10, config.noiseSnrDb() / 10));
        for (int i = 0; i < mix.length; i++) {
            mix[i] += scale * n[i];
        }
        return type;
    }

    private double pause(SplittableRandom rng) {
        double extra = config.meanPauseSeconds() - config.minPauseSeconds();
        double p = config.minPauseSeconds() + (extra <= 0 ? 0 : -extra * StrictMath.log(1 - rng.nextDouble()));
        return Math.min(p, config.maxPauseSeconds());
    }

    /** Utterances by eligible speakers outside the meeting, laid end to end in a few overlaid streams. */
    private float[] babble(int length, List<String> meetingSpeakers, SplittableRandom rng, List<String> sources)
            throws SimulationException {
        List<String> others = new ArrayList<>(eligible);
        others.removeAll(meetingSpeakers);
        if (others.isEmpty()) {
            return null;
        }
        float[] out = new float[length];
        for (int s = 0; s < BABBLE_STREAMS; s++) {
            int pos = -rng.nextInt(SAMPLE_RATE); // streams start out of phase
            for (int misses = 0; pos < length && misses < 100; ) {
                String spk = others.get(rng.nextInt(others.size()));
                List<CorpusUtterance> utts = catalog.utterances(spk);
                CorpusUtterance u = utts.get(rng.nextInt(utts.size()));
                Optional<SpeechTrimmer.Trimmed> t = trimmed(u);
                if (t.isEmpty()) {
                    misses++;
                    continue;
                }
                float[] x = t.get().samples();
                float g = (float) (1 / t.get().speechRms());
                for (int j = Math.max(0, -pos); j < x.length && pos + j < length; j++) {
                    out[pos + j] += g * x[j];
                }
                sources.add(u.source());
                pos += x.length;
            }
        }
        return NoiseGenerator.normalise(out);
    }

    private Picked nextUsable(UtteranceQueue q, String speaker) throws SimulationException {
        for (int tries = 0; tries < q.size() * 2 + 1; tries++) {
            CorpusUtterance u = q.next();
            Optional<SpeechTrimmer.Trimmed> t = trimmed(u);
            if (t.isPresent()) {
                return new Picked(u, t.get());
            }
        }
        throw new SimulationException("simulate.no-speech",
                "speaker " + speaker + " has no utterance with detectable speech");
    }

    private Optional<SpeechTrimmer.Trimmed> trimmed(CorpusUtterance u) throws SimulationException {
        Optional<SpeechTrimmer.Trimmed> hit = cache.get(u.file());
        if (hit != null) {
            return hit;
        }
        try {
            Optional<SpeechTrimmer.Trimmed> t = Optional.ofNullable(trimmer.trim(decoder.decodeAll(u.file())));
            cache.put(u.file(), t);
            return t;
        } catch (UnsupportedAudioException e) {
            throw new SimulationException("simulate.decode", "cannot decode " + u.file() + ": " + e.getMessage(), e);
        }
    }

    private static double meanPower(float[] x, boolean[] mask) {
        double e = 0;
        long n = 0;
        for (int i = 0; i < x.length; i++) {
            if (mask[i]) {
                e += (double) x[i] * x[i];
                n++;
            }
        }
        return n == 0 ? 0 : e / n;
    }

    private static <T> List<T> shuffle(List<T> list, SplittableRandom rng) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            T tmp = list.get(i);
            list.set(i, list.get(j));
            list.set(j, tmp);
        }
        return list;
    }

    private static long seconds(double s) {
        return Math.round(s * SAMPLE_RATE);
    }

    private static double time(long samples) {
        return samples / (double) SAMPLE_RATE;
    }

    private static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private record Plan(List<Placed> placed, long end, int turns, int overlapped) {
    }

    private record Picked(CorpusUtterance utterance, SpeechTrimmer.Trimmed trimmed) {
    }

    private record Placed(Picked picked, int speaker, long start, int turn, boolean overlaps) {
        SpeechTrimmer.Trimmed trimmed() {
            return picked.trimmed();
        }
    }

    /** A speaker's utterances in a seeded random order, reshuffled when used up. */
    private static final class UtteranceQueue {
        private final List<CorpusUtterance> order;
        private final SplittableRandom rng;
        private int next;

        UtteranceQueue(List<CorpusUtterance> utterances, SplittableRandom rng) {
            this.order = shuffle(new ArrayList<>(utterances), rng);
            this.rng = rng;
        }

        int size() {
            return order.size();
        }

        CorpusUtterance next() {
            if (next == order.size()) {
                shuffle(order, rng);
                next = 0;
            }
            return order.get(next++);
        }
    }
}
