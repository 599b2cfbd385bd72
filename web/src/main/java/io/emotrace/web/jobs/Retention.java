package io.emotrace.web.jobs;

import io.emotrace.web.AnalysisEvents;
import io.emotrace.web.ServiceConfig;
import io.emotrace.web.db.RecordingRow;
import io.emotrace.web.db.RecordingStore;
import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Keeps stored recordings within the configured limits: finished recordings older than
 * {@code retentionMaxAgeDays} are deleted, then the oldest finished ones until all files fit in
 * {@code retentionMaxBytes}. Queued and running recordings are never touched: each delete re-checks that under the
 * recording's row lock ({@link RecordingStore#deleteFinished}).
 *
 * <p>Cluster mode: the nodes share one database and one data directory, so one sweep per period is enough for all
 * of them; each node asks often ({@link #sweepIfTurn}) and the one that claims the period's turn in the database
 * sweeps, so a dead node's turn passes to another at the next period.
 */
public final class Retention {
    private final RecordingStore store;
    private final RecordingFiles files;
    private final AnalysisEvents events;
    private final ServiceConfig config;

    Retention(RecordingStore store, RecordingFiles files, AnalysisEvents events, ServiceConfig config) {
        this.store = store;
        this.files = files;
        this.events = events;
        this.config = config;
    }

    /** Deletes what exceeds the limits; returns the deleted ids. */
    public List<String> sweep(long nowMillis) throws SQLException, IOException {
        List<String> deleted = new ArrayList<>();
        List<RecordingRow> all = store.oldestFirst();
        long maxAgeMs = (long) (config.retentionMaxAgeDays() * 86_400_000L);
        long total = 0;
        List<long[]> sizes = new ArrayList<>();
        for (RecordingRow r : all) {
            long size = RecordingFiles.size(files.uploadDir(r.id())) + RecordingFiles.size(files.outputsDir(r.id()));
            sizes.add(new long[] {size});
            total += size;
        }
        for (int i = 0; i < all.size(); i++) {
            RecordingRow r = all.get(i);
            if (!r.finished()) {
                continue;
            }
            boolean tooOld = maxAgeMs > 0 && nowMillis - r.createdAt() > maxAgeMs;
            boolean overSize = config.retentionMaxBytes() > 0 && total > config.retentionMaxBytes();
            if ((tooOld || overSize) && store.deleteFinished(r.id())) {
                files.deleteAll(r.id());
                total -= sizes.get(i)[0];
                deleted.add(r.id());
                events.status(r.id(), "deleted");
            }
        }
        return deleted;
    }

    /** The {@code cluster_meta} row holding when the last cluster-wide sweep started. */
    static final String TURN_KEY = "retention-last-sweep";

    /**
     * Cluster mode: sweeps only when this node claims the cluster's turn for the period ({@code periodMillis}
     * since the last sweep started on any node); empty when another node has it.
     */
    public Optional<List<String>> sweepIfTurn(long nowMillis, long periodMillis) throws SQLException, IOException {
        if (!store.claimTurn(TURN_KEY, periodMillis)) {
            return Optional.empty();
        }
        return Optional.of(sweep(nowMillis));
    }

    void sweepIfTurnQuietly(long periodMillis) {
        try {
            sweepIfTurn(System.currentTimeMillis(), periodMillis).filter(gone -> !gone.isEmpty()).ifPresent(gone ->
                    System.err.println("emotrace serve: retention removed " + gone.size() + " recording(s)"));
        } catch (SQLException | IOException | RuntimeException e) {
            System.err.println("emotrace serve: retention sweep: " + e);
        }
    }

    void sweepQuietly() {
        try {
            List<String> gone = sweep(System.currentTimeMillis());
            if (!gone.isEmpty()) {
                System.err.println("emotrace serve: retention removed " + gone.size() + " recording(s)");
            }
        } catch (SQLException | IOException | RuntimeException e) {
            System.err.println("emotrace serve: retention sweep: " + e);
        }
    }
}
