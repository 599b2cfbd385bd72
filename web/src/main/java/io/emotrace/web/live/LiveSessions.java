package io.emotrace.web.live;

import com.fasterxml.jackson.databind.JsonNode;
import io.emotrace.pipeline.Engines;
import io.emotrace.web.AnalysisEvents;
import io.emotrace.web.EventFanout;
import io.emotrace.web.LiveEvent;
import io.emotrace.web.ServiceConfig;
import io.emotrace.web.db.RecordingRow;
import io.emotrace.web.db.RecordingStore;
import io.emotrace.web.jobs.JobRunner;
import io.emotrace.web.jobs.RecordingFiles;
import io.emotrace.web.rules.RuleVersion;
import io.emotrace.web.rules.RulesService;
import io.emotrace.web.ws.LiveHandler;
import io.emotrace.web.ws.WsSession;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The service's live streams (web/docs/websocket.md, "Live streams"): starts them on {@code live.start} within the
 * configured limits, routes their audio, ends them on {@code live.stop}, after the client stayed away longer than
 * the resume timeout, at the length cap or at shutdown, and then queues the offline analysis whose results replace
 * the live ones ({@code live.replaced}). At start it finds streams a killed server left {@code live} and queues
 * their audio for analysis. Threads: one I/O thread (files and database, in arrival order), {@code liveWorkers}
 * analysis threads shared fairly by the streams, one timer.
 */
public final class LiveSessions implements LiveHandler, AnalysisEvents, AutoCloseable {
    private static final int MAX_NAME = 100;

    private final ServiceConfig config;
    private final RecordingStore store;
    private final RecordingFiles files;
    private final Engines engines;
    private final JobRunner jobs;
    private final RulesService rules;
    private final EventFanout events;
    private final ExecutorService ioThread;
    private final ExecutorService workers;
    private final ExecutorService analysers;
    private final ScheduledExecutorService timer;
    private final Map<String, LiveSession> byConnection = new ConcurrentHashMap<>();
    private final Map<String, LiveSession> byRecording = new ConcurrentHashMap<>();
    private final Set<String> replacing = ConcurrentHashMap.newKeySet();
    private final AtomicInteger active = new AtomicInteger();
    private volatile boolean closing;

    public LiveSessions(ServiceConfig config, RecordingStore store, RecordingFiles files, Engines engines,
                        JobRunner jobs, RulesService rules, EventFanout events) {
        this.config = config;
        this.store = store;
        this.files = files;
        this.engines = engines;
        this.jobs = jobs;
        this.rules = rules;
        this.events = events;
        this.ioThread = Executors.newSingleThreadExecutor(daemon("emotrace-live-io"));
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(config.liveWorkers(),
                r -> daemon("emotrace-live-" + n.incrementAndGet()).newThread(r));
        AtomicInteger m = new AtomicInteger();
        this.analysers = Executors.newFixedThreadPool(config.liveWorkers(),
                r -> daemon("emotrace-live-analysis-" + m.incrementAndGet()).newThread(r));
        this.timer = Executors.newSingleThreadScheduledExecutor(daemon("emotrace-live-timer"));
        events.add(this);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    // ---- for the sessions ----

    EventFanout events() {
        return events;
    }

    Engines engines() {
        return engines;
    }

    int maxPendingBytes() {
        return config.liveMaxPendingBytes();
    }

    double maxSeconds() {
        return config.liveMaxSeconds();
    }

    /** The cap in bytes of whole sample frames of {@code f}. */
    long maxBytes(LiveFormat f) {
        return (long) (config.liveMaxSeconds() * f.sampleRate()) * f.frameBytes();
    }

    Duration rulesBudget() {
        return Duration.ofMillis(config.ruleEvaluationBudgetMs());
    }

    /** The current stored rule document (null: the engine's configured rules). */
    String rulesDocument(String recording) {
        try {
            return rules.currentStored().map(RuleVersion::document).orElse(null);
        } catch (SQLException e) {
            System.err.println("emotrace serve: live " + recording + ": current rules not readable, default used");
            return null;
        }
    }

    void io(Runnable task) {
        try {
            ioThread.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            // closed: the file keeps what was written; the next start analyses it
        }
    }

    /** I/O thread: the recording leaves {@code live} and its offline analysis is queued. */
    boolean queueOffline(String recording, long sizeBytes) {
        try {
            boolean queued = store.liveEnded(recording, sizeBytes);
            if (queued) {
                replacing.add(recording);
                events.status(recording, RecordingRow.QUEUED);
                jobs.pumpSoon();
            }
            return queued;
        } catch (SQLException e) {
            System.err.println("emotrace serve: live " + recording + ": not queued for analysis (the next start "
                    + "will): " + e.getMessage());
            return false;
        }
    }

    void ended(LiveSession s) {
        byRecording.remove(s.recording());
        WsSession p = s.producer();
        if (p != null) {
            byConnection.remove(p.id(), s);
        }
        byConnection.values().removeIf(x -> x == s);
        active.decrementAndGet();
    }

    // ---- protocol ----

    @Override
    public Future<String> start(WsSession s, JsonNode msg) {
        LiveFormat format;
        try {
            format = LiveFormat.of(number(msg.get("sampleRate")), text(msg.get("encoding")), number(msg.get("channels")));
        } catch (LiveFormat.Refused e) {
            return Future.failedFuture(new Refused(e.code, e.getMessage()));
        }
        JsonNode nameNode = msg.get("name");
        if (nameNode != null && !nameNode.isNull() && (!nameNode.isTextual() || nameNode.asText().length() > MAX_NAME)) {
            return Future.failedFuture(new Refused("ws.bad_message", "\"name\" must be a string of at most "
                    + MAX_NAME + " characters"));
        }
        String name = nameNode == null || nameNode.isNull() ? "live" : nameNode.asText();
        if (closing) {
            return Future.failedFuture(new Refused("live.unavailable", "the service is stopping"));
        }
        if (byConnection.containsKey(s.id())) {
            return Future.failedFuture(new Refused("live.already_started", "this connection already streams; "
                    + "send live.stop first or open another connection"));
        }
        if (active.incrementAndGet() > config.liveMaxStreams()) {
            active.decrementAndGet();
            return Future.failedFuture(new Refused("live.too_many", "at most " + config.liveMaxStreams()
                    + " live streams at once; try again later"));
        }
        Promise<String> started = Promise.promise();
        io(() -> {
            String id = RecordingFiles.newId();
            Path dir = files.uploadDir(id);
            try {
                Files.createDirectories(dir);
                String fileName = RecordingFiles.safeFileName(name.endsWith(".wav") ? name : name + ".wav");
                Path path = dir.resolve(fileName);
                LiveAudioFile file = new LiveAudioFile(path, format);
                RecordingFiles.syncDirectory(dir);
                RecordingFiles.syncDirectory(dir.getParent());
                RecordingRow row = new RecordingRow(id, fileName, path.toString(), LiveAudioFile.HEADER,
                        System.currentTimeMillis(), RecordingRow.LIVE, null, 0, null, null, null, null, null, null);
                try {
                    store.insertLive(row, UUID.randomUUID().toString());
                } catch (SQLException e) {
                    file.close();
                    throw e;
                }
                LiveSession session = new LiveSession(this, id, format, file, s, new SerialTasks(workers),
                        new SerialTasks(analysers));
                byRecording.put(id, session);
                if (s.isClosed()) {
                    // the client left before the answer: the (empty) stream waits for a resume like any other
                    session.begin();
                    session.away(timer, config.liveResumeTimeoutMs());
                } else {
                    byConnection.put(s.id(), session);
                }
                started.complete(id);
            } catch (Exception e) {
                active.decrementAndGet();
                try {
                    io.emotrace.output.FileTrees.delete(dir);
                } catch (java.io.IOException ignored) {
                    // best effort
                }
                started.fail(e);
            }
        });
        return started.future();
    }

    @Override
    public Future<String> resume(WsSession s, String recording) {
        LiveSession session = byRecording.get(recording);
        if (byConnection.containsKey(s.id())) {
            return Future.failedFuture(new Refused("live.already_started", "this connection already streams"));
        }
        if (session == null || !session.reattach(s)) {
            return Future.failedFuture(new Refused("live.not_found", "no live stream " + recording
                    + " waiting for its client (ended, or never started)"));
        }
        byConnection.put(s.id(), session);
        return Future.succeededFuture(recording);
    }

    @Override
    public void subscribed(WsSession s, String recording) {
        LiveSession session = byRecording.get(recording);
        if (session != null && session.state() == LiveSession.State.STARTING) {
            session.begin();
        }
    }

    @Override
    public boolean stop(WsSession s) {
        LiveSession session = byConnection.get(s.id());
        if (session == null || session.state() == LiveSession.State.STOPPING
                || session.state() == LiveSession.State.ENDED) {
            return false;
        }
        session.stop("stopped");
        return true;
    }

    @Override
    public boolean audio(WsSession s, byte[] data, long bytes) {
        LiveSession session = byConnection.get(s.id());
        if (session == null) {
            return false;
        }
        if (data == null) {
            s.error("live.frame_too_big", "binary message of " + bytes + " bytes; at most "
                    + config.maxWebSocketFrameBytes() + " per message");
            return true;
        }
        if (!session.receive(data)) {
            s.error("live.ended", "the stream " + session.recording() + " has ended; this audio was not kept");
        }
        return true;
    }

    @Override
    public void closed(WsSession s) {
        LiveSession session = byConnection.remove(s.id());
        if (session != null) {
            session.away(timer, config.liveResumeTimeoutMs());
        }
    }

    private final java.util.concurrent.atomic.AtomicLong peakPending = new java.util.concurrent.atomic.AtomicLong();

    void pendingSeen(long bytes) {
        peakPending.accumulateAndGet(bytes, Math::max);
    }

    /** The most audio bytes any stream had received and not yet analysed (what backpressure bounds). */
    public long peakPendingBytes() {
        return peakPending.get();
    }

    /** Streams now. */
    public int activeStreams() {
        return active.get();
    }

    /** A live recording deleted while it streams: the stream ends (its audio went with the recording). */
    @Override
    public void status(String recordingId, String status) {
        if ("deleted".equals(status)) {
            replacing.remove(recordingId);
            LiveSession s = byRecording.get(recordingId);
            if (s != null) {
                WsSession p = s.producer();
                if (p != null) {
                    p.error("live.deleted", "the recording " + recordingId + " was deleted; the stream is ended");
                }
                s.stop("deleted");
            }
        }
    }

    // ---- offline replacement ----

    @Override
    public void done(String recordingId) {
        if (replacing.remove(recordingId)) {
            events.live(recordingId, new LiveEvent("live.replaced", null, LiveEvent.Delivery.ESSENTIAL, Map.of(
                    "message", "the offline analysis of the whole recording replaced the live results; "
                            + "timeline, summary and the HTTP API now answer with it")));
        }
    }

    @Override
    public void failed(String recordingId, String code, String message) {
        replacing.remove(recordingId);
    }

    /**
     * At start: streams a killed server left {@code live} get their WAV header repaired from the file's length
     * and their offline analysis queued. Blocking.
     */
    public int recover() throws SQLException {
        List<RecordingRow> left = store.liveRecordings();
        int n = 0;
        for (RecordingRow r : left) {
            try {
                long bytes = LiveAudioFile.repair(Path.of(r.uploadPath()));
                if (store.liveEnded(r.id(), LiveAudioFile.HEADER + bytes)) {
                    replacing.add(r.id());
                    n++;
                }
            } catch (java.io.IOException e) {
                store.liveLost(r.id(), "live.audio_lost", "the live stream's audio file is not readable: "
                        + e.getMessage());
            }
        }
        if (n > 0) {
            System.err.println("emotrace serve: " + n + " live stream(s) interrupted by the last stop; their audio "
                    + "is queued for analysis");
            jobs.pumpSoon();
        }
        return n;
    }

    private static Object number(JsonNode n) {
        return n != null && n.isNumber() ? n.numberValue() : null;
    }

    private static Object text(JsonNode n) {
        return n != null && n.isTextual() ? n.asText() : null;
    }

    /** Ends every stream (their audio is kept and queued), waiting a little for each; then stops the threads. */
    @Override
    public void close() {
        closing = true;
        List<LiveSession> all = List.copyOf(byRecording.values());
        all.forEach(s -> s.stop("shutdown"));
        for (LiveSession s : all) {
            try {
                s.ended().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                System.err.println("emotrace serve: live " + s.recording() + " did not end in time; the next start "
                        + "analyses its audio");
            }
        }
        events.remove(this);
        timer.shutdownNow();
        workers.shutdown();
        analysers.shutdown();
        ioThread.shutdown();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
            analysers.awaitTermination(5, TimeUnit.SECONDS);
            ioThread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
