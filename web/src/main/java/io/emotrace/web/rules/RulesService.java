package io.emotrace.web.rules;

import io.emotrace.web.LogText;
import io.emotrace.EmotraceException;
import io.emotrace.domain.RuleFlag;
import io.emotrace.rules.RuleProblem;
import io.emotrace.web.AnalysisEvents;
import io.emotrace.web.ApiException;
import io.emotrace.web.db.Database;
import io.emotrace.web.db.RecordingRow;
import io.emotrace.web.db.RecordingStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Versioned rule sets: every accepted PUT is a new immutable version that becomes current; then every stored
 * analysis is re-evaluated against it on one background thread (no model runs, only the rules), its flags
 * replaced and pushed to live listeners. Each evaluation stops after the configured budget ({@code rules.timeout}).
 * The pass is a catch-up of whatever is behind the current version ({@link #catchUp}), held by one node of a
 * cluster at a time and repeated periodically on every node, so a node killed in the middle of a pass, or an
 * analysis that finished just as a version landed, is caught up by the next pass: re-evaluated once, announced once.
 * Blocking methods: call from worker threads; validation and dry runs from {@link RulesWork}, not the db pool.
 */
public final class RulesService implements AutoCloseable {
    private static final String RULE_SET = "default";

    private final Database db;
    private final RecordingStore store;
    private final RulesBackend backend;
    private final AnalysisEvents events;
    private final Duration budget;
    /** Key of the cluster-wide lock a re-evaluation pass holds ("emotrace" in ASCII). */
    static final long PASS_LOCK = 0x656d6f7472616365L;

    private final ScheduledExecutorService reevaluator = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "emotrace-rules-reevaluate");
        t.setDaemon(true);
        return t;
    });
    /** recording@version evaluations that failed here, with when: retried after {@link #RETRY_FAILED_MS}, not every pass. */
    private final java.util.Map<String, Long> failed = new java.util.concurrent.ConcurrentHashMap<>();
    static final long RETRY_FAILED_MS = 600_000;

    public RulesService(Database db, RecordingStore store, RulesBackend backend, AnalysisEvents events,
                        Duration budget) {
        this.db = db;
        this.store = store;
        this.backend = backend;
        this.events = events;
        this.budget = budget;
    }

    public RulesBackend backend() {
        return backend;
    }

    /** The current rule set: the newest stored version, else the backend's default as version 0. */
    public RuleVersion current() throws SQLException {
        Optional<RuleVersion> stored = currentStored();
        if (stored.isPresent()) {
            return stored.get();
        }
        try {
            return new RuleVersion(0, 0, "default", backend.defaultDocument());
        } catch (EmotraceException e) {
            throw new ApiException(503, e);
        }
    }

    public Optional<RuleVersion> currentStored() throws SQLException {
        return db.tx(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT v.version, v.created_at, v.author, v.document "
                    + "FROM rules r JOIN rule_versions v ON v.version = r.current_version WHERE r.id = ?")) {
                p.setString(1, RULE_SET);
                try (ResultSet r = p.executeQuery()) {
                    return r.next() ? Optional.of(new RuleVersion(r.getInt(1), r.getLong(2), r.getString(3),
                            r.getString(4))) : Optional.<RuleVersion>empty();
                }
            }
        });
    }

    /** Version metadata, newest first (documents left out). */
    public List<RuleVersion> versions() throws SQLException {
        return db.tx(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT version, created_at, author FROM rule_versions ORDER BY version DESC")) {
                List<RuleVersion> out = new ArrayList<>();
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        out.add(new RuleVersion(r.getInt(1), r.getLong(2), r.getString(3), null));
                    }
                }
                return out;
            }
        });
    }

    public Optional<RuleVersion> version(int version) throws SQLException {
        return db.tx(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT version, created_at, author, document FROM rule_versions WHERE version = ?")) {
                p.setInt(1, version);
                try (ResultSet r = p.executeQuery()) {
                    return r.next() ? Optional.of(new RuleVersion(r.getInt(1), r.getLong(2), r.getString(3),
                            r.getString(4))) : Optional.<RuleVersion>empty();
                }
            }
        });
    }

    public List<RuleProblem> validate(String document) {
        requireBackend();
        return backend.validate(document);
    }

    /** Throws {@link InvalidRules} listing every problem unless {@code document} is free of errors (CPU work). */
    public void requireValid(String document) {
        List<RuleProblem> problems = validate(document);
        if (problems.stream().anyMatch(RuleProblem::isError)) {
            throw new InvalidRules(problems);
        }
    }

    /**
     * Validates and stores {@code document} as the next version (only when free of errors, so a bad document is
     * never half-applied), makes it current, and starts re-evaluating stored analyses.
     */
    public RuleVersion put(String document, String author) throws SQLException {
        requireValid(document);
        return store(document, author);
    }

    /**
     * Stores an already validated document as the next, current version (database work only). The rule set's row
     * is locked for the transaction ({@code FOR UPDATE} on PostgreSQL; SQLite serialises writers), so PUTs on
     * several cluster nodes at once each get their own consecutive version: none is lost, none is numbered twice.
     */
    public RuleVersion store(String document, String author) throws SQLException {
        RuleVersion v = commitVersion(document, author);
        events.rulesChanged(v.version());
        reevaluator.execute(this::catchUpQuietly);
        return v;
    }

    /** The version-numbering transaction alone: the new version is current once it returns (no pass started). */
    RuleVersion commitVersion(String document, String author) throws SQLException {
        long now = System.currentTimeMillis();
        int version = db.tx(c -> {
            lockRuleSet(c);
            int next;
            try (PreparedStatement p = c.prepareStatement("SELECT COALESCE(MAX(version), 0) + 1 FROM rule_versions");
                 ResultSet r = p.executeQuery()) {
                r.next();
                next = r.getInt(1);
            }
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO rule_versions(version, created_at, author, document) VALUES (?,?,?,?)")) {
                p.setInt(1, next);
                p.setLong(2, now);
                p.setString(3, author);
                p.setString(4, document);
                p.executeUpdate();
            }
            try (PreparedStatement p = c.prepareStatement("UPDATE rules SET current_version = ? WHERE id = ?")) {
                p.setInt(1, next);
                p.setString(2, RULE_SET);
                p.executeUpdate();
            }
            return next;
        });
        return new RuleVersion(version, now, author, document);
    }

    /**
     * Creates the rule set's row when missing (version 0: none stored; a racing creator's insert is waited for and
     * kept), then locks it until the transaction ends: the lock every version-numbering transaction queues on.
     */
    private void lockRuleSet(java.sql.Connection c) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "INSERT INTO rules(id, current_version) VALUES (?, 0) ON CONFLICT (id) DO NOTHING")) {
            p.setString(1, RULE_SET);
            p.executeUpdate();
        }
        try (PreparedStatement p = c.prepareStatement("SELECT current_version FROM rules WHERE id = ?"
                + db.forUpdate())) {
            p.setString(1, RULE_SET);
            p.executeQuery().close();
        }
    }

    /** Dry run of {@code document} on one stored analysis. */
    public List<RuleFlag> test(String document, String recordingId) throws SQLException {
        return dryRun(document, analysedRunDir(recordingId));
    }

    /** The run folder of a recording whose analysis is done (database work only); 404/409 otherwise. */
    public Path analysedRunDir(String recordingId) throws SQLException {
        RecordingRow r = store.get(recordingId).orElseThrow(() -> ApiException.notFound("recording " + recordingId));
        if (!RecordingRow.DONE.equals(r.status()) || r.runDir() == null) {
            throw new ApiException(409, "recording.not_analysed", "recording " + recordingId + " is " + r.status()
                    + "; rules can be tested once its analysis is done");
        }
        return Path.of(r.runDir());
    }

    /** Validates and evaluates {@code document} on a run without writing anything, within the time budget. */
    public List<RuleFlag> dryRun(String document, Path runDir) {
        requireValid(document);
        try {
            return backend.evaluate(document, runDir, false, budget);
        } catch (EmotraceException e) {
            throw new ApiException(422, e);
        }
    }

    /**
     * Validates {@code document} and evaluates it on a run without writing anything or storing a version, within
     * the time budget: the full evaluation (outcomes with segments and explanations, adjustments, notes).
     */
    public io.emotrace.rules.RuleEvaluation preview(String document, Path runDir) {
        requireValid(document);
        try {
            return backend.preview(document, runDir, budget);
        } catch (EmotraceException e) {
            throw new ApiException(422, e);
        }
    }

    /**
     * Flags for a just-finished analysis when a stored rule version is current (the pipeline's own rules stage
     * used the engine's default), or empty when there is none or no backend.
     */
    public Optional<Applied> applyCurrent(Path runDir) throws SQLException, EmotraceException {
        if (!backend.availability().available()) {
            return Optional.empty();
        }
        Optional<RuleVersion> cur = currentStored();
        if (cur.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Applied(cur.get().version(), backend.evaluate(cur.get().document(), runDir, true, budget)));
    }

    public record Applied(int version, List<RuleFlag> flags) {
    }

    /** Runs {@link #catchUp} every {@code periodMs} on this node's re-evaluation thread (started with the service). */
    public void startCatchUp(long periodMs) {
        reevaluator.scheduleWithFixedDelay(this::catchUpQuietly, periodMs, periodMs, TimeUnit.MILLISECONDS);
    }

    private void catchUpQuietly() {
        try {
            catchUp();
        } catch (SQLException | RuntimeException e) {
            System.err.println("emotrace serve: rules re-evaluation stopped: " + LogText.safe(e));
        }
    }

    /**
     * Re-evaluates every analysed recording whose flags are older than the current stored version, while holding
     * the cluster's pass lock (another node holding it does the work; it re-reads the current version as it goes).
     * Returns the number re-evaluated. A version that lands during the pass restarts it on the newer one.
     */
    int catchUp() throws SQLException {
        if (!backend.availability().available() || !db.tryPassLock(PASS_LOCK)) {
            return 0;
        }
        long generation = db.generation();
        int done = 0;
        try {
            boolean restart = true;
            while (restart) {
                restart = false;
                Optional<RuleVersion> cur = currentStored();
                if (cur.isEmpty()) {
                    return done;
                }
                int version = cur.get().version();
                for (RecordingRow r : store.analysedBehind(version)) {
                    Optional<RuleVersion> now = currentStored();
                    if (now.isEmpty() || now.get().version() != version) {
                        restart = true; // a newer version: its flags supersede these
                        break;
                    }
                    if (db.generation() != generation) {
                        return done; // the connection (and with it the pass lock) was replaced: stop, a later pass resumes
                    }
                    String key = r.id() + "@" + version;
                    Long failedAt = failed.get(key);
                    if (failedAt != null && System.currentTimeMillis() - failedAt < RETRY_FAILED_MS) {
                        continue;
                    }
                    try {
                        Path run = Path.of(r.runDir());
                        if (!Files.isDirectory(run)) {
                            continue;
                        }
                        List<RuleFlag> flags = backend.evaluate(cur.get().document(), run, true, budget);
                        // only over older flags: a deleted recording or a newer version's flags are left alone
                        if (store.replaceFlagsIfBehind(r.id(), flags, version)) {
                            events.flagsReplaced(r.id(), version, flags);
                            done++;
                        }
                        failed.remove(key);
                    } catch (EmotraceException | SQLException | RuntimeException e) {
                        failed.put(key, System.currentTimeMillis()); // one recording's trouble does not stop the pass
                        System.err.println("emotrace serve: re-evaluating " + r.id() + " with rules v" + version
                                + ": " + LogText.safe(e instanceof EmotraceException ee ? ee.describe() : e.toString()));
                    }
                }
            }
            return done;
        } finally {
            try {
                db.releasePassLock(PASS_LOCK);
            } catch (SQLException e) {
                // a lost connection took the lock with it; the pass's own outcome stands
                System.err.println("emotrace serve: releasing the rules pass lock: " + LogText.safe(e.getMessage()));
            }
        }
    }

    private void requireBackend() {
        if (!backend.availability().available()) {
            throw new ApiException(503, "rules.unavailable", "rules engine not available: "
                    + backend.availability().detail());
        }
    }

    /** Waits (bounded) for a running re-evaluation; tests use it. */
    public void awaitIdle(long timeoutMs) throws InterruptedException {
        var f = reevaluator.submit(() -> { });
        try {
            f.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("re-evaluation did not finish in " + timeoutMs + " ms", e);
        }
    }

    @Override
    public void close() {
        reevaluator.shutdownNow();
    }

    /** A rule document with errors: answered 422 with every problem. */
    public static final class InvalidRules extends RuntimeException {
        private final List<RuleProblem> problems;

        public InvalidRules(List<RuleProblem> problems) {
            super(problems.size() + " problem(s) in the rule document");
            this.problems = List.copyOf(problems);
        }

        public List<RuleProblem> problems() {
            return problems;
        }
    }
}
