package io.emotrace.diarization.simulate;

import io.emotrace.corpus.CorpusCatalog;
import io.emotrace.corpus.CorpusUtterance;
import io.emotrace.SharedData;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Everything that determines a set of simulated meetings; with the same config (seed included) the simulator
 * writes the same bytes. Build with {@link #builder()}; every field has a sensible default.
 *
 * @param dataRoot           folder holding the corpora ({@code ../shared/data})
 * @param corpora            corpus folder names to draw speakers from
 * @param onlySpeakers       if not empty, only these speaker ids are eligible (e.g. speakers held out of training)
 * @param excludeSpeakers    speaker ids never used (neither as meeting speakers nor in babble noise)
 * @param count              number of meetings
 * @param seed               master seed; meeting i uses a seed derived from (seed, i)
 * @param minSpeakers        fewest speakers per meeting
 * @param maxSpeakers        most speakers per meeting (capped by the eligible pool)
 * @param minUtterancesPerTurn fewest utterances a speaker says in one turn
 * @param maxUtterancesPerTurn most utterances a speaker says in one turn
 * @param minPauseSeconds    shortest pause between non-overlapping turns
 * @param meanPauseSeconds   mean pause: min + exponential(mean - min), clipped at max
 * @param maxPauseSeconds    longest pause between non-overlapping turns
 * @param intraTurnGapSeconds gap between two utterances of the same turn
 * @param overlapRatio       fraction of turns (after the first) that start before the previous turn ends
 * @param minOverlapSeconds  shortest overlap of an overlapping turn
 * @param maxOverlapSeconds  longest overlap; also capped at half of either turn so turns never nest
 * @param noise              background noise type
 * @param noiseSnrDb         speech-to-noise ratio (speech power over reference speech / noise power)
 * @param levelDbRange       per-speaker level offsets are uniform in [-range/2, +range/2] dB
 * @param speechLevelDbfs    every utterance's speech RMS is first normalised to this level
 * @param durationSeconds    target length: turns are added until the speech timeline reaches it
 */
public record MeetingConfig(Path dataRoot, List<String> corpora, Set<String> onlySpeakers,
        Set<String> excludeSpeakers, int count, long seed, int minSpeakers, int maxSpeakers,
        int minUtterancesPerTurn, int maxUtterancesPerTurn, double minPauseSeconds, double meanPauseSeconds,
        double maxPauseSeconds, double intraTurnGapSeconds, double overlapRatio, double minOverlapSeconds,
        double maxOverlapSeconds, NoiseType noise, double noiseSnrDb, double levelDbRange, double speechLevelDbfs,
        double durationSeconds) {

    public MeetingConfig {
        corpora = List.copyOf(corpora);
        onlySpeakers = Set.copyOf(new TreeSet<>(onlySpeakers));
        excludeSpeakers = Set.copyOf(new TreeSet<>(excludeSpeakers));
        require(!corpora.isEmpty(), "at least one corpus");
        require(count >= 0, "count >= 0");
        require(minSpeakers >= 1 && maxSpeakers >= minSpeakers, "1 <= min speakers <= max speakers");
        require(minUtterancesPerTurn >= 1 && maxUtterancesPerTurn >= minUtterancesPerTurn,
                "1 <= min utterances per turn <= max");
        require(minPauseSeconds >= 0 && meanPauseSeconds >= minPauseSeconds && maxPauseSeconds >= meanPauseSeconds,
                "0 <= min pause <= mean pause <= max pause");
        require(intraTurnGapSeconds >= 0, "intra-turn gap >= 0");
        require(overlapRatio >= 0 && overlapRatio <= 1, "overlap ratio in [0, 1]");
        require(minOverlapSeconds > 0 && maxOverlapSeconds >= minOverlapSeconds, "0 < min overlap <= max overlap");
        require(noise != null, "noise type");
        require(Double.isFinite(noiseSnrDb), "finite noise SNR");
        require(levelDbRange >= 0 && levelDbRange <= 40, "level range in [0, 40] dB");
        require(speechLevelDbfs < 0 && speechLevelDbfs > -60, "speech level in (-60, 0) dBFS");
        require(durationSeconds > 0 && durationSeconds <= 4 * 3600, "duration in (0, 4 h]");
    }

    private static void require(boolean ok, String what) {
        if (!ok) {
            throw new IllegalArgumentException("invalid meeting config: need " + what);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The parameters as a JSON-friendly map (written into manifest.json). */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("corpora", corpora);
        m.put("onlySpeakers", new TreeSet<>(onlySpeakers));
        m.put("excludeSpeakers", new TreeSet<>(excludeSpeakers));
        m.put("count", count);
        m.put("seed", seed);
        m.put("speakers", List.of(minSpeakers, maxSpeakers));
        m.put("utterancesPerTurn", List.of(minUtterancesPerTurn, maxUtterancesPerTurn));
        Map<String, Object> pause = new LinkedHashMap<>(); // ordered: Map.of order changes between JVM runs
        pause.put("min", minPauseSeconds);
        pause.put("mean", meanPauseSeconds);
        pause.put("max", maxPauseSeconds);
        pause.put("distribution", "min + exponential(mean - min), clipped at max");
        m.put("pauseSeconds", pause);
        m.put("intraTurnGapSeconds", intraTurnGapSeconds);
        m.put("overlapRatio", overlapRatio);
        m.put("overlapSeconds", List.of(minOverlapSeconds, maxOverlapSeconds));
        m.put("noise", noise.name().toLowerCase(java.util.Locale.ROOT));
        m.put("noiseSnrDb", noiseSnrDb);
        m.put("levelDbRange", levelDbRange);
        m.put("speechLevelDbfs", speechLevelDbfs);
        m.put("durationSeconds", durationSeconds);
        return m;
    }

    /** Mutable builder; {@link #build()} validates. */
    public static final class Builder {
        private Path dataRoot = SharedData.root().resolve("data");
        private List<String> corpora = CorpusCatalog.KNOWN_CORPORA;
        private Set<String> onlySpeakers = Set.of();
        private Set<String> excludeSpeakers = Set.of();
        private int count = 1;
        private long seed = 1;
        private int minSpeakers = 2;
        private int maxSpeakers = 4;
        private int minUtterancesPerTurn = 1;
        private int maxUtterancesPerTurn = 3;
        private double minPauseSeconds = 0.2;
        private double meanPauseSeconds = 0.7;
        private double maxPauseSeconds = 3.0;
        private double intraTurnGapSeconds = 0.25;
        private double overlapRatio = 0.2;
        private double minOverlapSeconds = 0.3;
        private double maxOverlapSeconds = 1.5;
        private NoiseType noise = NoiseType.NONE;
        private double noiseSnrDb = 20;
        private double levelDbRange = 6;
        private double speechLevelDbfs = -26;
        private double durationSeconds = 60;

        private Builder() {
        }

        private Builder(MeetingConfig c) {
            dataRoot = c.dataRoot;
            corpora = c.corpora;
            onlySpeakers = c.onlySpeakers;
            excludeSpeakers = c.excludeSpeakers;
            count = c.count;
            seed = c.seed;
            minSpeakers = c.minSpeakers;
            maxSpeakers = c.maxSpeakers;
            minUtterancesPerTurn = c.minUtterancesPerTurn;
            maxUtterancesPerTurn = c.maxUtterancesPerTurn;
            minPauseSeconds = c.minPauseSeconds;
            meanPauseSeconds = c.meanPauseSeconds;
            maxPauseSeconds = c.maxPauseSeconds;
            intraTurnGapSeconds = c.intraTurnGapSeconds;
            overlapRatio = c.overlapRatio;
            minOverlapSeconds = c.minOverlapSeconds;
            maxOverlapSeconds = c.maxOverlapSeconds;
            noise = c.noise;
            noiseSnrDb = c.noiseSnrDb;
            levelDbRange = c.levelDbRange;
            speechLevelDbfs = c.speechLevelDbfs;
            durationSeconds = c.durationSeconds;
        }

        public Builder dataRoot(Path v) {
            dataRoot = v;
            return this;
        }

        public Builder corpora(List<String> v) {
            corpora = v;
            return this;
        }

        public Builder onlySpeakers(Set<String> v) {
            onlySpeakers = v;
            return this;
        }

        public Builder excludeSpeakers(Set<String> v) {
            excludeSpeakers = v;
            return this;
        }

        public Builder count(int v) {
            count = v;
            return this;
        }

        public Builder seed(long v) {
            seed = v;
            return this;
        }

        public Builder speakers(int min, int max) {
            minSpeakers = min;
            maxSpeakers = max;
            return this;
        }

        public Builder utterancesPerTurn(int min, int max) {
            minUtterancesPerTurn = min;
            maxUtterancesPerTurn = max;
            return this;
        }

        public Builder pauseSeconds(double min, double mean, double max) {
            minPauseSeconds = min;
            meanPauseSeconds = mean;
            maxPauseSeconds = max;
            return this;
        }

        public Builder intraTurnGapSeconds(double v) {
            intraTurnGapSeconds = v;
            return this;
        }

        public Builder overlapRatio(double v) {
            overlapRatio = v;
            return this;
        }

        public Builder overlapSeconds(double min, double max) {
            minOverlapSeconds = min;
            maxOverlapSeconds = max;
            return this;
        }

        public Builder noise(NoiseType type, double snrDb) {
            noise = type;
            noiseSnrDb = snrDb;
            return this;
        }

        public Builder levelDbRange(double v) {
            levelDbRange = v;
            return this;
        }

        public Builder speechLevelDbfs(double v) {
            speechLevelDbfs = v;
            return this;
        }

        public Builder durationSeconds(double v) {
            durationSeconds = v;
            return this;
        }

        public MeetingConfig build() {
            return new MeetingConfig(dataRoot.toAbsolutePath().normalize(), corpora, onlySpeakers, excludeSpeakers,
                    count, seed, minSpeakers, maxSpeakers, minUtterancesPerTurn, maxUtterancesPerTurn,
                    minPauseSeconds, meanPauseSeconds, maxPauseSeconds, intraTurnGapSeconds, overlapRatio,
                    minOverlapSeconds, maxOverlapSeconds, noise, noiseSnrDb, levelDbRange, speechLevelDbfs,
                    durationSeconds);
        }
    }
}
