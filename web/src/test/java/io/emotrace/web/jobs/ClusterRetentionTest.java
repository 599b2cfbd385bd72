package io.emotrace.web.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emotrace.output.FileTrees;
import io.emotrace.web.AnalysisEvents;
import io.emotrace.web.ServiceConfig;
import io.emotrace.web.cluster.AtOnce;
import io.emotrace.web.cluster.PostgresTestDb;
import io.emotrace.web.db.Database;
import io.emotrace.web.db.RecordingRow;
import io.emotrace.web.db.RecordingStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Retention on two nodes sharing one real PostgreSQL database and one data directory (two connections, two
 * {@link Retention}s, as two nodes have): sweeps racing over the same recordings delete each once and never one
 * a node is running, and of two nodes asking for the period's turn at once exactly one sweeps.
 */
class ClusterRetentionTest {
    private static final long DAY = 86_400_000L;

    /** One node's view: its own connection, store and retention; what it announced as deleted. */
    private record Node(Database db, RecordingStore store, Retention retention, List<String> deleted) {
        static Node open(String url, Path data, ServiceConfig cfg) throws Exception {
            Database db = Database.open(url, null, null, data);
            RecordingStore store = new RecordingStore(db);
            List<String> deleted = new CopyOnWriteArrayList<>();
            AnalysisEvents events = new AnalysisEvents() {
                @Override
                public void status(String id, String status) {
                    if (status.equals("deleted")) {
                        deleted.add(id);
                    }
                }
            };
            return new Node(db, store, new Retention(store, new RecordingFiles(data), events, cfg), deleted);
        }
    }

    @Test
    void racingSweepsDeleteEachOldRecordingOnceAndNeverARunningOne() throws Exception {
        Path data = Files.createTempDirectory("emotrace-cluster-retention");
        ServiceConfig cfg = ServiceConfig.defaults().dataDir(data).cluster(true).retention(1, 0);
        RecordingFiles files = new RecordingFiles(data);
        long now = System.currentTimeMillis();
        try (PostgresTestDb pg = PostgresTestDb.require()) {
            Node a = Node.open(pg.url(), data, cfg);
            Node b = Node.open(pg.url(), data, cfg);
            try {
                // the oldest recording is being analysed by node A (leased); 30 finished ones are past the age
                String running = RecordingFiles.newId();
                addRecording(a.store, files, running, now - 10 * DAY);
                assertEquals(1, a.store.claim("node-a", 1, 60_000).size());
                List<String> old = new ArrayList<>();
                for (int i = 0; i < 30; i++) {
                    String id = RecordingFiles.newId();
                    addRecording(a.store, files, id, now - 5 * DAY + i);
                    finish(a.store, id);
                    old.add(id);
                }
                String recent = RecordingFiles.newId();
                addRecording(a.store, files, recent, now - 1000);
                finish(a.store, recent);

                List<List<String>> swept = AtOnce.run(() -> a.retention.sweep(now), () -> b.retention.sweep(now));
                List<String> all = new ArrayList<>(swept.get(0));
                all.addAll(swept.get(1));
                System.err.println("cluster retention test: node A deleted " + swept.get(0).size() + ", node B "
                        + swept.get(1).size());
                assertEquals(Set.copyOf(old), new HashSet<>(all), "every old finished recording went");
                assertEquals(old.size(), all.size(), "none deleted twice: " + all);
                List<String> announced = new ArrayList<>(a.deleted);
                announced.addAll(b.deleted);
                assertEquals(old.size(), announced.size(), "each deletion announced once");
                for (String id : old) {
                    assertTrue(a.store.get(id).isEmpty() && !Files.exists(files.uploadDir(id)), id);
                }
                assertEquals(RecordingRow.RUNNING, b.store.get(running).orElseThrow().status(),
                        "the recording a node runs stays, however old");
                assertTrue(Files.exists(files.uploadDir(running)), "its upload stays");
                assertTrue(b.store.get(recent).isPresent(), "a recent one stays");

                // the period's turn: two nodes ask at once, one sweeps; asking again within the period, none
                for (int i = 0; i < 5; i++) {
                    String id = RecordingFiles.newId();
                    addRecording(a.store, files, id, now - 3 * DAY + i);
                    finish(a.store, id);
                }
                long period = 600_000;
                List<Optional<List<String>>> turns = AtOnce.run(() -> a.retention.sweepIfTurn(now, period),
                        () -> b.retention.sweepIfTurn(now, period));
                assertEquals(1, turns.stream().filter(Optional::isPresent).count(), "one node had the turn: " + turns);
                assertEquals(5, turns.stream().flatMap(Optional::stream).findFirst().orElseThrow().size());
                assertTrue(a.retention.sweepIfTurn(now, period).isEmpty(), "once per period");
                assertTrue(b.retention.sweepIfTurn(now, period).isEmpty(), "once per period");
            } finally {
                a.db.close();
                b.db.close();
                FileTrees.delete(data);
            }
        }
    }

    private static void addRecording(RecordingStore store, RecordingFiles files, String id, long createdAt)
            throws Exception {
        store.insert(new RecordingRow(id, "a.flac", files.uploadDir(id).resolve("a.flac").toString(), 1000,
                createdAt, RecordingRow.QUEUED, null, 0, null, null, null, null, null, null), "job-" + id);
        Files.createDirectories(files.uploadDir(id));
        Files.write(files.uploadDir(id).resolve("a.flac"), new byte[1000]);
    }

    private static void finish(RecordingStore store, String id) throws Exception {
        store.startJob("job-" + id, id);
        store.fail("job-" + id, id, "test.failed", "finished as failed");
    }
}
