package io.emotrace.web;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.emotrace.EmotraceException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;

/**
 * Settings of {@code ./emotrace serve}: defaults here, then a JSON file ({@code --config}), then command-line
 * options. Unknown keys in the file are an error so a typo never silently keeps a default.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public final class ServiceConfig {
    public static final long GB = 1L << 30;
    public static final long MB = 1L << 20;

    @JsonProperty String host = "127.0.0.1";
    @JsonProperty int port = 8080;
    @JsonProperty String dataDir = "emotrace-data";
    /** JDBC URL; null means the embedded SQLite file {@code <dataDir>/emotrace.db}. */
    @JsonProperty String jdbcUrl;
    @JsonProperty String jdbcUser;
    @JsonProperty String jdbcPassword;
    @JsonProperty long maxUploadBytes = 2 * GB;
    /** Limit on JSON request bodies (rules documents, ...). */
    @JsonProperty long maxJsonBytes = MB;
    @JsonProperty int maxHeaderBytes = 16 * 1024;
    @JsonProperty int maxWebSocketFrameBytes = 64 * 1024;
    @JsonProperty int maxWebSocketMessageBytes = 256 * 1024;
    /** Time one rule set may take on one recording (dry run, re-evaluation, new analysis) before rules.timeout. */
    @JsonProperty long ruleEvaluationBudgetMs = 2000;
    /** Threads that validate and dry-run rule documents (never the database pool). */
    @JsonProperty int ruleWorkers = 2;
    /** A request's headers must be complete this long after the connection opened or the last response ended. */
    @JsonProperty long requestHeaderTimeoutMs = 10_000;
    /** A request body must bring at least requestBodyMinBytesPerSecond over every requestBodyCheckMs, or 408. */
    @JsonProperty long requestBodyCheckMs = 10_000;
    @JsonProperty int requestBodyMinBytesPerSecond = 1024;
    /** Open connections (HTTP and WebSocket) in total and per client address; more are closed at once. */
    @JsonProperty int maxConnections = 1024;
    @JsonProperty int maxConnectionsPerAddress = 256;
    /** Analyses running at once (each uses the cores the stages use). */
    @JsonProperty int workers = 1;
    /** Load every model at start instead of at the first analysis that needs it. */
    @JsonProperty boolean warm;
    /** Per-token (or per-client address on loopback) request rate, token bucket. */
    @JsonProperty double rateLimitPerSecond = 20;
    @JsonProperty int rateLimitBurst = 60;
    /** Wrong API tokens per client address: a burst, then this many per minute; beyond it 429 before any check. */
    @JsonProperty double authFailuresPerMinute = 10;
    @JsonProperty int authFailureBurst = 10;
    /** Tokens are always required off loopback; this also requires them on loopback. */
    @JsonProperty boolean requireTokens;
    /** Delete outputs of recordings older than this many days (0 = keep). */
    @JsonProperty double retentionMaxAgeDays;
    /** Delete the oldest recordings' files when all stored files exceed this (0 = no limit). */
    @JsonProperty long retentionMaxBytes;
    /** Times a job interrupted by a crash is rerun before it is marked failed. */
    @JsonProperty int maxJobAttempts = 3;
    /** Enrolled voices (voiceprints, personal data); null means {@code <dataDir>/speakers}. */
    @JsonProperty String speakersDir;
    /**
     * Cosine similarity a speaker's voice needs to get an enrolled name (open set), whatever its amount of speech;
     * null means the calibrated threshold, which depends on the speaker's seconds of speech.
     */
    @JsonProperty Double speakerThreshold;

    /** Live streams (WebSocket live.start) at once; one more gets a live.too_many error frame. */
    @JsonProperty int liveMaxStreams = 8;
    /** Threads analysing live streams (0: one per core). */
    @JsonProperty int liveWorkers;
    /** A live stream whose client disappeared ends (and is analysed offline) after this long without a resume. */
    @JsonProperty long liveResumeTimeoutMs = 30_000;
    /** Longest live stream, in seconds of audio; it is then ended like a stop (live.too_long). */
    @JsonProperty double liveMaxSeconds = 4 * 3600;
    /** Received audio bytes a live stream may have waiting for analysis before its socket is paused. */
    @JsonProperty int liveMaxPendingBytes = 512 * 1024;
    /**
     * Cluster mode: several nodes share one PostgreSQL database ({@code jdbcUrl}) as the queue of record and one
     * shared data directory ({@code dataDir}, mounted at the same path everywhere); jobs are leased.
     */
    @JsonProperty boolean cluster;
    /** This node's name in leases and status (default host-pid-random); unique per running process. */
    @JsonProperty String nodeId;
    /** A node's job leases last this long without a heartbeat (heartbeats every third of it). */
    @JsonProperty double leaseSeconds = 30;
    /** How often an idle cluster node looks for queued jobs and expired leases. */
    @JsonProperty long clusterPollMs = 1000;
    /**
     * Cluster event bus (Hazelcast, TCP/IP join, no multicast): the other nodes' Hazelcast addresses
     * ({@code HOST} or {@code HOST:PORT}, {@code HOST:PORT-PORT} for a range), this node's Hazelcast port (the next
     * free one from it), the address the other nodes reach this node at, and a name that keeps clusters apart.
     */
    @JsonProperty java.util.List<String> clusterMembers = new java.util.ArrayList<>(java.util.List.of("127.0.0.1"));
    @JsonProperty int clusterPort = 5701;
    @JsonProperty String clusterHost = "127.0.0.1";
    @JsonProperty String clusterName = "emotrace";

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    public static ServiceConfig defaults() {
        return new ServiceConfig();
    }

    public static ServiceConfig load(Path file) throws EmotraceException {
        try {
            ServiceConfig c = MAPPER.readValue(file.toFile(), ServiceConfig.class);
            c.validate();
            return c;
        } catch (IOException e) {
            throw new EmotraceException("config.invalid", file + ": " + e.getMessage(), e);
        }
    }

    public void validate() throws EmotraceException {
        check(port >= 0 && port <= 65535, "port must be 0..65535");
        check(maxUploadBytes > 0, "maxUploadBytes must be > 0");
        check(maxJsonBytes > 0 && maxJsonBytes <= 64 * MB, "maxJsonBytes must be in (0, 64 MB]");
        check(workers >= 1 && workers <= 64, "workers must be 1..64");
        check(rateLimitPerSecond > 0 && rateLimitBurst >= 1, "rate limits must be positive");
        check(authFailuresPerMinute > 0 && authFailureBurst >= 1, "authentication failure limits must be positive");
        check(maxWebSocketFrameBytes >= 1024 && maxWebSocketMessageBytes >= maxWebSocketFrameBytes,
                "maxWebSocketMessageBytes must be >= maxWebSocketFrameBytes >= 1024");
        check(retentionMaxAgeDays >= 0 && retentionMaxBytes >= 0, "retention limits must be >= 0");
        check(maxJobAttempts >= 1, "maxJobAttempts must be >= 1");
        check(ruleEvaluationBudgetMs >= 10 && ruleEvaluationBudgetMs <= 600_000,
                "ruleEvaluationBudgetMs must be 10..600000");
        check(requestHeaderTimeoutMs >= 100 && requestBodyCheckMs >= 100, "request timeouts must be >= 100 ms");
        check(requestBodyMinBytesPerSecond >= 0, "requestBodyMinBytesPerSecond must be >= 0");
        check(maxConnections >= 1 && maxConnectionsPerAddress >= 1 && maxConnectionsPerAddress <= maxConnections,
                "maxConnections >= maxConnectionsPerAddress >= 1");
        check(ruleWorkers >= 1 && ruleWorkers <= 64, "ruleWorkers must be 1..64");
        check(host != null && !host.isBlank(), "host must be set");
        check(speakerThreshold == null || speakerThreshold >= -1 && speakerThreshold <= 1,
                "speakerThreshold must be in [-1, 1]");
        check(liveMaxStreams >= 0 && liveWorkers >= 0 && liveWorkers <= 64, "liveMaxStreams >= 0, liveWorkers 0..64");
        check(liveResumeTimeoutMs >= 0 && liveMaxSeconds > 0 && liveMaxPendingBytes >= 16 * 1024,
                "liveResumeTimeoutMs >= 0, liveMaxSeconds > 0, liveMaxPendingBytes >= 16384");
        check(leaseSeconds >= 1 && leaseSeconds <= 3600, "leaseSeconds must be 1..3600");
        check(clusterPort >= 0 && clusterPort <= 65535, "clusterPort must be 0..65535");
        check(clusterMembers != null && !clusterMembers.isEmpty(), "clusterMembers must list at least one address");
        check(clusterName != null && !clusterName.isBlank(), "clusterName must be set");
        check(clusterPollMs >= 50 && clusterPollMs <= 60_000, "clusterPollMs must be 50..60000");
        if (cluster) {
            String url;
            try {
                url = io.emotrace.web.db.Database.jdbcUrl(jdbcUrl);
            } catch (IllegalArgumentException e) {
                throw new EmotraceException("config.invalid", e.getMessage(), e);
            }
            check(url != null && url.startsWith("jdbc:postgresql:"), "cluster mode needs a PostgreSQL database: "
                    + "--db postgresql://HOST:PORT/DB?user=... (or EMOTRACE_DB_URL, or jdbcUrl in the config)");
        }
    }

    private static void check(boolean ok, String message) throws EmotraceException {
        if (!ok) {
            throw new EmotraceException("config.invalid", message);
        }
    }

    /**
     * True when the bind address is a loopback one (all of 127.0.0.0/8, ::1, or a name resolving to one); anything
     * else (including 0.0.0.0) needs API tokens.
     */
    public boolean isLoopback() {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    public boolean tokensRequired() {
        return requireTokens || !isLoopback();
    }

    public Path dataPath() {
        return Path.of(dataDir).toAbsolutePath().normalize();
    }

    /** The speakers database: {@code speakersDir}, else {@code <dataDir>/speakers}. */
    public Path speakersPath() {
        return speakersDir != null ? Path.of(speakersDir).toAbsolutePath().normalize() : dataPath().resolve("speakers");
    }

    public io.emotrace.speakers.SpeakerThreshold speakerThreshold() {
        return speakerThreshold == null ? io.emotrace.speakers.SpeakerMatcher.DEFAULT_THRESHOLD
                : io.emotrace.speakers.SpeakerThreshold.fixed(speakerThreshold);
    }

    public ServiceConfig speakersDir(Path v) { speakersDir = v.toString(); return this; }

    public String host() { return host; }
    public int port() { return port; }
    public String jdbcUrl() { return jdbcUrl; }
    public String jdbcUser() { return jdbcUser; }
    public String jdbcPassword() { return jdbcPassword; }
    public long maxUploadBytes() { return maxUploadBytes; }
    public long maxJsonBytes() { return maxJsonBytes; }
    public int maxHeaderBytes() { return maxHeaderBytes; }
    public int maxWebSocketFrameBytes() { return maxWebSocketFrameBytes; }
    public int maxWebSocketMessageBytes() { return maxWebSocketMessageBytes; }
    public int workers() { return workers; }
    public boolean warm() { return warm; }
    public double rateLimitPerSecond() { return rateLimitPerSecond; }
    public int rateLimitBurst() { return rateLimitBurst; }
    public double authFailuresPerMinute() { return authFailuresPerMinute; }
    public int authFailureBurst() { return authFailureBurst; }
    public double retentionMaxAgeDays() { return retentionMaxAgeDays; }
    public long retentionMaxBytes() { return retentionMaxBytes; }
    public int maxJobAttempts() { return maxJobAttempts; }
    public long ruleEvaluationBudgetMs() { return ruleEvaluationBudgetMs; }
    public long requestHeaderTimeoutMs() { return requestHeaderTimeoutMs; }
    public long requestBodyCheckMs() { return requestBodyCheckMs; }
    public int requestBodyMinBytesPerSecond() { return requestBodyMinBytesPerSecond; }
    public int maxConnections() { return maxConnections; }
    public int maxConnectionsPerAddress() { return maxConnectionsPerAddress; }
    public int ruleWorkers() { return ruleWorkers; }
    public int liveMaxStreams() { return liveMaxStreams; }
    public int liveWorkers() { return liveWorkers > 0 ? liveWorkers : Runtime.getRuntime().availableProcessors(); }
    public long liveResumeTimeoutMs() { return liveResumeTimeoutMs; }
    public double liveMaxSeconds() { return liveMaxSeconds; }
    public int liveMaxPendingBytes() { return liveMaxPendingBytes; }
    public ServiceConfig live(int maxStreams, long resumeTimeoutMs, double maxSeconds) { liveMaxStreams = maxStreams; liveResumeTimeoutMs = resumeTimeoutMs; liveMaxSeconds = maxSeconds; return this; }
    public ServiceConfig liveWorkers(int v) { liveWorkers = v; return this; }
    public ServiceConfig liveMaxPendingBytes(int v) { liveMaxPendingBytes = v; return this; }
    public boolean cluster() { return cluster; }
    public double leaseSeconds() { return leaseSeconds; }
    public long clusterPollMs() { return clusterPollMs; }
    public java.util.List<String> clusterMembers() { return clusterMembers; }
    public int clusterPort() { return clusterPort; }
    public String clusterHost() { return clusterHost; }
    public String clusterName() { return clusterName; }

    /** This node's id: the configured one, else host-pid-random (fixed for the process on first use). */
    public synchronized String nodeId() {
        if (nodeId == null || nodeId.isBlank()) {
            String host;
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = "node";
            }
            nodeId = host + "-" + ProcessHandle.current().pid() + "-"
                    + java.util.UUID.randomUUID().toString().substring(0, 8);
        }
        return nodeId;
    }

    public ServiceConfig host(String v) { host = v; return this; }
    public ServiceConfig port(int v) { port = v; return this; }
    public ServiceConfig dataDir(Path v) { dataDir = v.toString(); return this; }
    public ServiceConfig jdbcUrl(String v) { jdbcUrl = v; return this; }
    public ServiceConfig cluster(boolean v) { cluster = v; return this; }
    public ServiceConfig nodeId(String v) { nodeId = v; return this; }
    public ServiceConfig leaseSeconds(double v) { leaseSeconds = v; return this; }
    public ServiceConfig clusterPollMs(long v) { clusterPollMs = v; return this; }
    public ServiceConfig clusterMembers(java.util.List<String> v) { clusterMembers = new java.util.ArrayList<>(v); return this; }
    public ServiceConfig clusterPort(int v) { clusterPort = v; return this; }
    public ServiceConfig clusterHost(String v) { clusterHost = v; return this; }
    public ServiceConfig clusterName(String v) { clusterName = v; return this; }
    public ServiceConfig maxUploadBytes(long v) { maxUploadBytes = v; return this; }
    public ServiceConfig workers(int v) { workers = v; return this; }
    public ServiceConfig warm(boolean v) { warm = v; return this; }
    public ServiceConfig ruleEvaluationBudgetMs(long v) { ruleEvaluationBudgetMs = v; return this; }
    public ServiceConfig requestTimeouts(long headerMs, long bodyCheckMs, int bodyMinBytesPerSecond) { requestHeaderTimeoutMs = headerMs; requestBodyCheckMs = bodyCheckMs; requestBodyMinBytesPerSecond = bodyMinBytesPerSecond; return this; }
    public ServiceConfig connectionLimits(int total, int perAddress) { maxConnections = total; maxConnectionsPerAddress = perAddress; return this; }
    public ServiceConfig requireTokens(boolean v) { requireTokens = v; return this; }
    public ServiceConfig authFailures(double perMinute, int burst) { authFailuresPerMinute = perMinute; authFailureBurst = burst; return this; }
    public ServiceConfig rateLimit(double perSecond, int burst) { rateLimitPerSecond = perSecond; rateLimitBurst = burst; return this; }
    public ServiceConfig retention(double maxAgeDays, long maxBytes) { retentionMaxAgeDays = maxAgeDays; retentionMaxBytes = maxBytes; return this; }
}
