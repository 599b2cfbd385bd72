package io.emotrace.web.db;

import io.emotrace.domain.RuleFlag;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Recordings, their jobs, segments and rule flags. Blocking JDBC: call from worker threads only. */
public final class RecordingStore {
    private static final String COLUMNS = "id, file_name, upload_path, size_bytes, created_at, status, stage, "
            + "progress, error_code, error_message, run_dir, duration_seconds, summary_json, rules_version";
    private static final String JOB_COLUMNS = "id, recording_id, kind, status, attempts, created_at";

    /** Reads the current row of a result set as one value; one per row type, so a SELECT cannot misread one. */
    @FunctionalInterface
    private interface RowMapper<T> {
        T map(ResultSet r) throws SQLException;
    }

    /** Columns as in {@link #COLUMNS}. */
    private static final RowMapper<RecordingRow> RECORDING = r -> new RecordingRow(r.getString(1), r.getString(2),
            r.getString(3), r.getLong(4), r.getLong(5), r.getString(6), r.getString(7), r.getDouble(8),
            r.getString(9), r.getString(10), r.getString(11), nullableDouble(r, 12), r.getString(13),
            nullableInt(r, 14));

    /** Columns as in {@link #JOB_COLUMNS}. */
    private static final RowMapper<JobRow> JOB = r -> new JobRow(r.getString(1), r.getString(2), r.getString(3),
            r.getString(4), r.getInt(5), r.getLong(6));

    /** Columns: rule, severity, speaker, start_s, end_s, message. */
    private static final RowMapper<RuleFlag> FLAG = r -> new RuleFlag(r.getString(1), r.getString(2),
            r.getString(3), r.getDouble(4), r.getDouble(5), r.getString(6));

    /** Columns: idx, speaker, start_s, end_s, emotion, confidence, scores_json, text, speaker_confidence. */
    private static final RowMapper<SegmentRow> SEGMENT = r -> new SegmentRow(r.getInt(1), r.getString(2),
            r.getDouble(3), r.getDouble(4), r.getString(5), nullableDouble(r, 6), r.getString(7), r.getString(8),
            nullableDouble(r, 9));

    private final Database db;

    public RecordingStore(Database db) {
        this.db = db;
    }

    public Database database() {
        return db;
    }

    /** Records an upload (already durable on disk) and its analysis job in one transaction. */
    public void insert(RecordingRow r, String jobId) throws SQLException {
        insert(r, jobId, RecordingRow.QUEUED);
    }

    /**
     * Records a live stream that has begun (status {@code live}) with its analysis job held back (job status
     * {@code live}): the job runner does not see it until {@link #liveEnded} queues it.
     */
    public void insertLive(RecordingRow r, String jobId) throws SQLException {
        insert(r, jobId, RecordingRow.LIVE);
    }

    /** The live stream ended: its size is known and its held-back job is queued for the offline analysis. */
    public boolean liveEnded(String recordingId, long sizeBytes) throws SQLException {
        return db.tx(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "UPDATE jobs SET status = 'queued' WHERE recording_id = ? AND status = 'live'")) {
                p.setString(1, recordingId);
                p.executeUpdate();
            }
            try (PreparedStatement p = c.prepareStatement("UPDATE recordings SET status = 'queued', size_bytes = ? "
                    + "WHERE id = ? AND status = 'live'")) {
                p.setLong(1, sizeBytes);
                p.setString(2, recordingId);
                return p.executeUpdate() == 1;
            }
        });
    }

    /** A live recording whose audio cannot be analysed: it and its held-back job fail with the reason. */
    public void liveLost(String recordingId, String code, String message) throws SQLException {
        db.tx(c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE jobs SET status = 'failed', error_code = ?, "
                    + "error_message = ? WHERE recording_id = ? AND status = 'live'")) {
                p.setString(1, code);
                p.setString(2, message);
                p.setString(3, recordingId);
                p.executeUpdate();
            }
            updateRecording(c, recordingId, RecordingRow.FAILED, code, message);
            return null;
        });
    }

    /** Recordings still marked live (after a crash: streams that never ended). */
    public List<RecordingRow> liveRecordings() throws SQLException {
        return db.tx(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS
                    + " FROM recordings WHERE status = 'live' ORDER BY created_at, id")) {
                return rows(p, RECORDING);
            }
        });
    }

    private void insert(RecordingRow r, String jobId, String jobStatus) throws SQLException {
        db.tx(c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO recordings(" + COLUMNS
                    + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
                p.setString(1, r.id());
                p.setString(2, r.fileName());
                p.setString(3, r.uploadPath());
                p.setLong(4, r.sizeBytes());
                p.setLong(5, r.createdAt());
                p.setString(6, r.status());
                p.setString(7, r.stage());
                p.setDouble(8, r.progress());
                p.setString(9, r.errorCode());
                p.setString(10, r.errorMessage());
                p.setString(11, r.runDir());
                setDouble(p, 12, r.durationSeconds());
                p.setString(13, r.summaryJson());
                setInt(p, 14, r.rulesVersion());
                p.executeUpdate();
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO jobs(id, recording_id, kind, status, attempts, "
                    + "created_at) VALUES (?,?,?,?,0,?)")) {
                p.setString(1, jobId);
                p.setString(2, r.id());
                p.setString(3, "analyze");
                p.setString(4, jobStatus);
                p.setLong(5, r.createdAt());
                p.executeUpdate();
            }
            return null;
        });
    }

    public Optional<RecordingRow> get(String id) throws SQLException {
        return db.tx(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM recordings WHERE id = ?")) {
                p.setString(1, id);
                return rows(p, RECORDING).stream().findFirst();
            }
        });
    }

    /** Newest first. */
    public List<RecordingRow> list(int limit, int offset) throws SQLException {
        return db.tx(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS
                    + " FROM recordings ORDER BY created_at DESC, id LIMIT ? OFFSET ?")) {
                p.setInt(1, limit);
                p.setInt(2, offset);
                return rows(p, RECORDING);
            }
        });
    }

    /** Oldest first: what retention deletes first. */
    public List<RecordingRow> oldestFirst() throws SQLException {
        return db.tx(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS
                    + " FROM recordings ORDER BY created_at, id")) {
                return rows(p, RECORDING);
            }
        });
    }

    /** Finished recordings that have a stored analysis (for rule re-evaluation). */
    /**
     * Analysed recordings whose flags come from a rule version older than {@code version}, or from the built-in rules
     * (no stored version then): what a re-evaluation pass still has to do.
     */
    public List<RecordingRow> analysedBehind(int version) throws SQLException {
        return analysedWhere(" AND (rules_version IS NULL OR rules_version < ?)", version);
    }

    public List<RecordingRow> analysed() throws SQLException {
        return analysedWhere("", null);
    }

    private List<RecordingRow> analysedWhere(String condition, Integer version) throws SQLException {
        return db.tx(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM recordings WHERE status = 'done' "
                    + "AND run_dir IS NOT NULL" + condition + " ORDER BY created_at")) {
                if (version != null) {
                    p.setInt(1, version);
                }
                return rows(p, RECORDING);
            }
        });
    }

    /**
     * At start: jobs left {@code running} by a crash go back to {@code queued}, unless they were already started
     * {@code maxAttempts} times (then failed, so a recording that kills the process cannot loop forever).
     * Returns the jobs to run, oldest first.
     */
    public List<JobRow> recoverJobs(int maxAttempts) throws SQLException {
        return db.tx(c -> {
            List<String[]> exhausted = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT id, recording_id FROM jobs WHERE status = 'running' AND attempts >= ?")) {
                p.setInt(1, maxAttempts);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        exhausted.add(new String[] {r.getString(1), r.getString(2)});
                    }
                }
            }
            for (String[] j : exhausted) {
                String msg = "the analysis was interrupted " + maxAttempts + " times (crash or kill); not retried";
                finishJob(c, j[0], RecordingRow.FAILED, "job.interrupted", msg);
                updateRecording(c, j[1], RecordingRow.FAILED, "job.interrupted", msg);
            }
            try (PreparedStatement p = c.prepareStatement(
                    "UPDATE jobs SET status = 'queued' WHERE status = 'running'")) {
                p.executeUpdate();
            }
            try (PreparedStatement p = c.prepareStatement("UPDATE recordings SET status = 'queued', progress = 0, "
                    + "stage = NULL WHERE status = 'running'")) {
                p.executeUpdate();
            }
            try (PreparedStatement p = c.prepareStatement("SELECT " + JOB_COLUMNS
                    + " FROM jobs WHERE status = 'queued' ORDER BY created_at, id")) {
                return rows(p, JOB);
            }
        });
    }

    /** Jobs waiting to run, oldest first. */
    public List<JobRow> queuedJobs(int limit) throws SQLException {
        return db.tx(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT " + JOB_COLUMNS
                    + " FROM jobs WHERE status = 'queued' ORDER BY created_at, id LIMIT ?")) {
                p.setInt(1, limit);
                return rows(p, JOB);
            }
        });
    }

    /** How many jobs wait in the queue of record (queued, not yet started). */
    public int queuedCount() throws SQLException {
        return db.tx(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT COUNT(*) FROM jobs WHERE status = 'queued'");
                 java.sql.ResultSet rs = p.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        });
    }

    /** Marks a job started (and counts the attempt) before any work, so a crash during it is seen at restart. */
    public boolean startJob(String jobId, String recordingId) throws SQLException {
        return db.tx(c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE jobs SET status = 'running', attempts = attempts + 1,"
                    + " started_at = ? WHERE id = ? AND status = 'queued'")) {
                p.setLong(1, System.currentTimeMillis());
                p.setString(2, jobId);
                if (p.executeUpdate() == 0) {
                    return false; // deleted meanwhile
                }
            }
            updateRecording(c, recordingId, RecordingRow.RUNNING, null, null);
            return true;
        });
    }

    public void progress(String recordingId, String stage, double fraction) throws SQLException {
        db.tx(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "UPDATE recordings SET stage = ?, progress = ? WHERE id = ?")) {
                p.setString(1, stage);
                p.setDouble(2, fraction);
                p.setString(3, recordingId);
                return p.executeUpdate();
            }
        });
    }

    /** Stores a finished analysis: the run directory, summary, segments and flags, and ends the job. */
    public void complete(String jobId, String recordingId, String runDir, Double duration, String summaryJson,
                         List<SegmentRow> segments, List<RuleFlag> flags, Integer rulesVersion) throws SQLException {
        complete(jobId, recordingId, runDir, duration, summaryJson, segments, flags, rulesVersion, null);
    }

    /**
     * As above; with a {@code leaseOwner} (cluster mode) the result is stored only while that node still holds the
     * job's lease (the row is locked first, so an expiry cannot slip in between), else {@link LeaseLostException}
     * and nothing is written: a node that lost its lease can never overwrite the rerun's result.
     */
    public void complete(String jobId, String recordingId, String runDir, Double duration, String summaryJson,
                         List<SegmentRow> segments, List<RuleFlag> flags, Integer rulesVersion, String leaseOwner)
            throws SQLException {
        db.tx(c -> {
            checkLease(c, jobId, leaseOwner);
            try (PreparedStatement p = c.prepareStatement("DELETE FROM segments WHERE recording_id = ?")) {
                p.setString(1, recordingId);
                p.executeUpdate();
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO segments(recording_id, idx, speaker, start_s, "
                    + "end_s, emotion, confidence, scores_json, text, speaker_confidence) VALUES (?,?,?,?,?,?,?,?,?,?)")) {
                for (SegmentRow s : segments) {
                    p.setString(1, recordingId);
                    p.setInt(2, s.index());
                    p.setString(3, s.speaker());
                    p.setDouble(4, s.start());
                    p.setDouble(5, s.end());
                    p.setString(6, s.emotion());
                    setDouble(p, 7, s.confidence());
                    p.setString(8, s.scoresJson());
                    p.setString(9, s.text());
                    setDouble(p, 10, s.speakerConfidence());
                    p.addBatch();
                }
                p.executeBatch();
            }
            writeFlags(c, recordingId, flags, rulesVersion);
            try (PreparedStatement p = c.prepareStatement("UPDATE recordings SET status = 'done', stage = NULL, "
                    + "progress = 1, error_code = NULL, error_message = NULL, run_dir = ?, duration_seconds = ?, "
                    + "summary_json = ?, rules_version = ? WHERE id = ?")) {
                p.setString(1, runDir);
                setDouble(p, 2, duration);
                p.setString(3, summaryJson);
                setInt(p, 4, rulesVersion);
                p.setString(5, recordingId);
                p.executeUpdate();
            }
            finishJob(c, jobId, RecordingRow.DONE, null, null);
            return null;
        });
    }

    public void fail(String jobId, String recordingId, String code, String message) throws SQLException {
        fail(jobId, recordingId, code, message, null);
    }

    /** As above, fenced by the lease like {@link #complete(String, String, String, Double, String, List, List, Integer, String)}. */
    public void fail(String jobId, String recordingId, String code, String message, String leaseOwner)
            throws SQLException {
        db.tx(c -> {
            checkLease(c, jobId, leaseOwner);
            finishJob(c, jobId, RecordingRow.FAILED, code, message);
            updateRecording(c, recordingId, RecordingRow.FAILED, code, message);
            return null;
        });
    }

    /** Replaces a recording's rule flags after a re-evaluation with {@code rulesVersion}. */
    /**
     * Replaces the flags of an analysed recording whose flags are older than {@code rulesVersion} (one transaction:
     * the version is claimed first, so a recording deleted meanwhile or already at a newer version is left alone).
     * Returns whether it did.
     */
    public boolean replaceFlagsIfBehind(String recordingId, List<RuleFlag> flags, int rulesVersion) throws SQLException {
        return db.tx(c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE recordings SET rules_version = ? WHERE id = ? "
                    + "AND status = 'done' AND (rules_version IS NULL OR rules_version < ?)")) {
                p.setInt(1, rulesVersion);
                p.setString(2, recordingId);
                p.setInt(3, rulesVersion);
                if (p.executeUpdate() == 0) {
                    return false;
                }
            }
            writeFlags(c, recordingId, flags, rulesVersion);
            return true;
        });
    }

    public List<RuleFlag> flags(String recordingId) throws SQLException {
        return db.tx(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT rule, severity, speaker, start_s, end_s, message "
                    + "FROM flags WHERE recording_id = ? ORDER BY start_s, idx")) {
                p.setString(1, recordingId);
                return rows(p, FLAG);
            }
        });
    }

    /** Segments overlapping [from, to] (null = open), optionally of one speaker, in time order. */
    public List<SegmentRow> segments(String recordingId, String speaker, Double from, Double to) throws SQLException {
        return db.tx(c -> {
            StringBuilder sql = new StringBuilder("SELECT idx, speaker, start_s, end_s, emotion, confidence, "
                    + "scores_json, text, speaker_confidence FROM segments WHERE recording_id = ?");
            if (speaker != null) {
                sql.append(" AND speaker = ?");
            }
            if (from != null) {
                sql.append(" AND end_s > ?");
            }
            if (to != null) {
                sql.append(" AND start_s < ?");
            }
            sql.append(" ORDER BY start_s, idx");
            try (PreparedStatement p = c.prepareStatement(sql.toString())) {
                int i = 1;
                p.setString(i++, recordingId);
                if (speaker != null) {
                    p.setString(i++, speaker);
                }
                if (from != null) {
                    p.setDouble(i++, from);
                }
                if (to != null) {
                    p.setDouble(i, to);
                }
                return rows(p, SEGMENT);
            }
        });
    }

    /** The names given by hand to speakers of a recording, by speaker id (sorted). */
    public java.util.Map<String, String> speakerNames(String recordingId) throws SQLException {
        return db.tx(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT speaker, name FROM speaker_names WHERE recording_id = ? ORDER BY speaker")) {
                p.setString(1, recordingId);
                java.util.Map<String, String> out = new java.util.TreeMap<>();
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        out.put(r.getString(1), r.getString(2));
                    }
                }
                return out;
            }
        });
    }

    /** Names speaker {@code speaker} of a recording ({@code name} null: removes the name given by hand). */
    public void setSpeakerName(String recordingId, String speaker, String name) throws SQLException {
        db.tx(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "DELETE FROM speaker_names WHERE recording_id = ? AND speaker = ?")) {
                p.setString(1, recordingId);
                p.setString(2, speaker);
                p.executeUpdate();
            }
            if (name != null) {
                try (PreparedStatement p = c.prepareStatement(
                        "INSERT INTO speaker_names(recording_id, speaker, name, updated_at) VALUES (?,?,?,?)")) {
                    p.setString(1, recordingId);
                    p.setString(2, speaker);
                    p.setString(3, name);
                    p.setLong(4, System.currentTimeMillis());
                    p.executeUpdate();
                }
            }
            return null;
        });
    }

    /** Deletes the recording with its jobs, segments, flags and speaker names; true when it existed. */
    public boolean delete(String id) throws SQLException {
        return db.tx(c -> {
            for (String table : List.of("segments", "flags", "jobs", "speaker_names")) {
                try (PreparedStatement p = c.prepareStatement("DELETE FROM " + table + " WHERE recording_id = ?")) {
                    p.setString(1, id);
                    p.executeUpdate();
                }
            }
            try (PreparedStatement p = c.prepareStatement("DELETE FROM recordings WHERE id = ?")) {
                p.setString(1, id);
                return p.executeUpdate() > 0;
            }
        });
    }

    /**
     * Retention's delete: the recording goes (as {@link #delete}) only if, with its row locked, it is finished and
     * none of its jobs is queued or running; false otherwise, also when it is already gone. So a sweep never
     * deletes what a node is analysing, and two sweeps racing over one recording delete it once.
     */
    public boolean deleteFinished(String id) throws SQLException {
        return db.tx(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT status FROM recordings WHERE id = ?"
                    + db.forUpdate())) {
                p.setString(1, id);
                try (ResultSet r = p.executeQuery()) {
                    if (!r.next() || !(RecordingRow.DONE.equals(r.getString(1))
                            || RecordingRow.FAILED.equals(r.getString(1)))) {
                        return false;
                    }
                }
            }
            try (PreparedStatement p = c.prepareStatement("SELECT COUNT(*) FROM jobs WHERE recording_id = ? "
                    + "AND status IN ('queued', 'running', 'live')")) {
                p.setString(1, id);
                try (ResultSet r = p.executeQuery()) {
                    r.next();
                    if (r.getInt(1) > 0) {
                        return false;
                    }
                }
            }
            for (String table : List.of("segments", "flags", "jobs", "speaker_names")) {
                try (PreparedStatement p = c.prepareStatement("DELETE FROM " + table + " WHERE recording_id = ?")) {
                    p.setString(1, id);
                    p.executeUpdate();
                }
            }
            try (PreparedStatement p = c.prepareStatement("DELETE FROM recordings WHERE id = ?")) {
                p.setString(1, id);
                return p.executeUpdate() > 0;
            }
        });
    }

    /**
     * Cluster-wide turn-taking for periodic work: true for exactly one caller per {@code periodMillis} across all
     * nodes. A row of {@code cluster_meta} keeps when the work last started (the database's clock); a conditional
     * UPDATE claims the turn, and on PostgreSQL a second node's UPDATE waits on the first's row lock and then no
     * longer matches, so two nodes never both win.
     */
    public boolean claimTurn(String key, long periodMillis) throws SQLException {
        return db.tx(c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO cluster_meta(meta_key, meta_value) "
                    + "VALUES (?, '0') ON CONFLICT (meta_key) DO NOTHING")) {
                p.setString(1, key);
                p.executeUpdate();
            }
            String now = db.nowMillisSql();
            try (PreparedStatement p = c.prepareStatement("UPDATE cluster_meta SET meta_value = CAST(" + now
                    + " AS TEXT) WHERE meta_key = ? AND CAST(meta_value AS BIGINT) <= " + now + " - ?")) {
                p.setString(1, key);
                p.setLong(2, periodMillis);
                return p.executeUpdate() == 1;
            }
        });
    }

    // ---- cluster mode: the jobs table as a leased queue shared by every node ----

    /** Thrown inside a fenced write when the node no longer holds the job's lease; the transaction rolls back. */
    public static final class LeaseLostException extends SQLException {
        public LeaseLostException(String jobId, String owner) {
            super("job " + jobId + " is no longer leased to " + owner + " (expired and requeued, or deleted)");
        }
    }

    private void checkLease(Connection c, String jobId, String owner) throws SQLException {
        if (owner == null) {
            return;
        }
        try (PreparedStatement p = c.prepareStatement("SELECT id FROM jobs WHERE id = ? AND status = 'running' "
                + "AND lease_owner = ?" + db.forUpdate())) {
            p.setString(1, jobId);
            p.setString(2, owner);
            try (ResultSet r = p.executeQuery()) {
                if (!r.next()) {
                    throw new LeaseLostException(jobId, owner);
                }
            }
        }
    }

    /**
     * Takes up to {@code max} queued jobs, oldest first, for {@code owner} until the database clock passes now +
     * {@code leaseMillis}; each is marked running and its attempt counted in the same transaction. Rows another
     * node is claiming at the same moment are skipped ({@code FOR UPDATE SKIP LOCKED}), so two nodes never take
     * the same job and neither waits for the other.
     */
    public List<JobRow> claim(String owner, int max, long leaseMillis) throws SQLException {
        if (max <= 0) {
            return List.of();
        }
        return db.tx(c -> {
            List<JobRow> queued;
            try (PreparedStatement p = c.prepareStatement("SELECT " + JOB_COLUMNS + " FROM jobs WHERE status = "
                    + "'queued' ORDER BY created_at, id LIMIT ?" + db.skipLocked())) {
                p.setInt(1, max);
                queued = rows(p, JOB);
            }
            List<JobRow> claimed = new ArrayList<>();
            for (JobRow j : queued) {
                try (PreparedStatement p = c.prepareStatement("UPDATE jobs SET status = 'running', attempts = "
                        + "attempts + 1, started_at = ?, lease_owner = ?, lease_until = " + db.nowMillisSql()
                        + " + ? WHERE id = ? AND status = 'queued'")) {
                    p.setLong(1, System.currentTimeMillis());
                    p.setString(2, owner);
                    p.setLong(3, leaseMillis);
                    p.setString(4, j.id());
                    if (p.executeUpdate() == 0) {
                        continue;
                    }
                }
                updateRecording(c, j.recordingId(), RecordingRow.RUNNING, null, null);
                claimed.add(new JobRow(j.id(), j.recordingId(), j.kind(), RecordingRow.RUNNING, j.attempts() + 1,
                        j.createdAt()));
            }
            return claimed;
        });
    }

    /** Extends every lease {@code owner} holds; returns the ids of the jobs it still holds. */
    public java.util.Set<String> heartbeat(String owner, long leaseMillis) throws SQLException {
        return db.tx(c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE jobs SET lease_until = " + db.nowMillisSql()
                    + " + ? WHERE lease_owner = ? AND status = 'running'")) {
                p.setLong(1, leaseMillis);
                p.setString(2, owner);
                p.executeUpdate();
            }
            java.util.Set<String> held = new java.util.HashSet<>();
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT id FROM jobs WHERE lease_owner = ? AND status = 'running'")) {
                p.setString(1, owner);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        held.add(r.getString(1));
                    }
                }
            }
            return held;
        });
    }

    /**
     * Jobs whose lease ran out (their node died or lost the database) go back to the queue, or fail once they were
     * started {@code maxAttempts} times. Any node may call it; rows being finished or expired elsewhere are
     * skipped. Returns how many were requeued or failed.
     */
    public int expireLeases(int maxAttempts) throws SQLException {
        return db.tx(c -> {
            List<String[]> expired = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT id, recording_id, attempts, lease_owner FROM jobs "
                    + "WHERE status = 'running' AND lease_until IS NOT NULL AND lease_until < " + db.nowMillisSql()
                    + db.skipLocked())) {
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        expired.add(new String[] {r.getString(1), r.getString(2), Integer.toString(r.getInt(3)),
                                r.getString(4)});
                    }
                }
            }
            for (String[] j : expired) {
                if (Integer.parseInt(j[2]) >= maxAttempts) {
                    String msg = "the analysis was interrupted " + maxAttempts + " times (node lost); not retried";
                    finishJob(c, j[0], RecordingRow.FAILED, "job.interrupted", msg);
                    updateRecording(c, j[1], RecordingRow.FAILED, "job.interrupted", msg);
                } else {
                    requeue(c, j[0], j[1], false);
                }
            }
            return expired.size();
        });
    }

    /**
     * A node stopping normally hands its running jobs back at once (no wait for the lease to run out); the attempt
     * is not counted, so a rolling restart never uses up a job's attempts. Returns how many.
     */
    public int releaseLeases(String owner) throws SQLException {
        return db.tx(c -> {
            List<String[]> held = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT id, recording_id FROM jobs WHERE lease_owner = ? "
                    + "AND status = 'running'" + db.forUpdate())) {
                p.setString(1, owner);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        held.add(new String[] {r.getString(1), r.getString(2)});
                    }
                }
            }
            for (String[] j : held) {
                requeue(c, j[0], j[1], true);
            }
            return held.size();
        });
    }

    private static void requeue(Connection c, String jobId, String recordingId, boolean uncount) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("UPDATE jobs SET status = 'queued', lease_owner = NULL, "
                + "lease_until = NULL" + (uncount ? ", attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END"
                : "") + " WHERE id = ? AND status = 'running'")) {
            p.setString(1, jobId);
            p.executeUpdate();
        }
        try (PreparedStatement p = c.prepareStatement("UPDATE recordings SET status = 'queued', progress = 0, "
                + "stage = NULL WHERE id = ? AND status = 'running'")) {
            p.setString(1, recordingId);
            p.executeUpdate();
        }
    }

    /** A job's status and the node that last leased it; empty when the job (its recording) was deleted. */
    public Optional<String[]> jobState(String jobId) throws SQLException {
        return db.tx(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT status, lease_owner FROM jobs WHERE id = ?")) {
                p.setString(1, jobId);
                try (ResultSet r = p.executeQuery()) {
                    return r.next() ? Optional.of(new String[] {r.getString(1), r.getString(2)})
                            : Optional.<String[]>empty();
                }
            }
        });
    }

    /** The node holding a running job's lease, if any (status, tests). */
    public Optional<String> leaseOwner(String recordingId) throws SQLException {
        return db.tx(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT lease_owner FROM jobs WHERE recording_id = ? "
                    + "AND status = 'running' AND lease_owner IS NOT NULL")) {
                p.setString(1, recordingId);
                try (ResultSet r = p.executeQuery()) {
                    return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
                }
            }
        });
    }

    private static void writeFlags(Connection c, String recordingId, List<RuleFlag> flags, Integer version)
            throws SQLException {
        try (PreparedStatement p = c.prepareStatement("DELETE FROM flags WHERE recording_id = ?")) {
            p.setString(1, recordingId);
            p.executeUpdate();
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO flags(recording_id, idx, rules_version, rule, "
                + "severity, speaker, start_s, end_s, message) VALUES (?,?,?,?,?,?,?,?,?)")) {
            int i = 0;
            for (RuleFlag f : flags) {
                p.setString(1, recordingId);
                p.setInt(2, i++);
                setInt(p, 3, version);
                p.setString(4, f.rule());
                p.setString(5, f.severity());
                p.setString(6, f.speaker());
                p.setDouble(7, f.start());
                p.setDouble(8, f.end());
                p.setString(9, f.message());
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    private static void finishJob(Connection c, String jobId, String status, String code, String message)
            throws SQLException {
        try (PreparedStatement p = c.prepareStatement("UPDATE jobs SET status = ?, finished_at = ?, error_code = ?, "
                + "error_message = ? WHERE id = ?")) {
            p.setString(1, status);
            p.setLong(2, System.currentTimeMillis());
            p.setString(3, code);
            p.setString(4, message);
            p.setString(5, jobId);
            p.executeUpdate();
        }
    }

    private static void updateRecording(Connection c, String id, String status, String code, String message)
            throws SQLException {
        try (PreparedStatement p = c.prepareStatement("UPDATE recordings SET status = ?, error_code = ?, "
                + "error_message = ?, stage = NULL, progress = 0 WHERE id = ?")) {
            p.setString(1, status);
            p.setString(2, code);
            p.setString(3, message);
            p.setString(4, id);
            p.executeUpdate();
        }
    }

    private static <T> List<T> rows(PreparedStatement p, RowMapper<T> mapper) throws SQLException {
        List<T> out = new ArrayList<>();
        try (ResultSet r = p.executeQuery()) {
            while (r.next()) {
                out.add(mapper.map(r));
            }
        }
        return out;
    }

    private static Double nullableDouble(ResultSet r, int column) throws SQLException {
        double v = r.getDouble(column);
        return r.wasNull() ? null : v;
    }

    private static Integer nullableInt(ResultSet r, int column) throws SQLException {
        int v = r.getInt(column);
        return r.wasNull() ? null : v;
    }

    private static void setDouble(PreparedStatement p, int i, Double v) throws SQLException {
        if (v == null) {
            p.setNull(i, Types.DOUBLE);
        } else {
            p.setDouble(i, v);
        }
    }

    private static void setInt(PreparedStatement p, int i, Integer v) throws SQLException {
        if (v == null) {
            p.setNull(i, Types.INTEGER);
        } else {
            p.setInt(i, v);
        }
    }
}
