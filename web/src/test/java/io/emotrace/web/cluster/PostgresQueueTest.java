package io.emotrace.web.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emotrace.web.db.Database;
import io.emotrace.web.db.JobRow;
import io.emotrace.web.db.RecordingRow;
import io.emotrace.web.db.RecordingStore;
import io.emotrace.web.jobs.RecordingFiles;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PostgreSQL queue of record on a real server, each "node" with its own connection: migrations applied exactly
 * once when nodes start together, claims that never overlap, lease expiry, fencing of a node that lost its lease,
 * and the hand-back at a normal stop.
 */
class PostgresQueueTest {
    @TempDir
    Path dir;

    private static RecordingRow row(String id, long createdAt) {
        return new RecordingRow(id, "a.flac", "/nowhere/a.flac", 10, createdAt, RecordingRow.QUEUED, null, 0, null,
                null, null, null, null, null);
    }

    @Test
    void migrationsRunExactlyOnceWhenNodesStartTogether() throws Exception {
        try (PostgresTestDb pg = PostgresTestDb.require()) {
            int nodes = 6;
            ExecutorService pool = Executors.newFixedThreadPool(nodes);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Database>> opened = new ArrayList<>();
            for (int i = 0; i < nodes; i++) {
                opened.add(pool.submit(() -> {
                    go.await();
                    return Database.open(pg.url(), null, null, dir);
                }));
            }
            go.countDown();
            List<Database> dbs = new ArrayList<>();
            try {
                for (Future<Database> f : opened) {
                    dbs.add(f.get(60, TimeUnit.SECONDS)); // none failed on a half-made schema
                }
                List<Integer> versions = dbs.get(0).tx(c -> {
                    List<Integer> v = new ArrayList<>();
                    try (ResultSet r = c.createStatement().executeQuery(
                            "SELECT version FROM schema_version ORDER BY version")) {
                        while (r.next()) {
                            v.add(r.getInt(1));
                        }
                    }
                    return v;
                });
                List<Integer> expected = new ArrayList<>();
                for (int v = 1; v <= io.emotrace.web.db.Migrations.SCRIPTS.size(); v++) {
                    expected.add(v);
                }
                assertEquals(expected, versions, "each script recorded exactly once");
                assertTrue(dbs.get(0).isPostgres());
            } finally {
                dbs.forEach(Database::close);
                pool.shutdownNow();
            }
        }
    }

    @Test
    void concurrentClaimsNeverTakeAJobTwice() throws Exception {
        try (PostgresTestDb pg = PostgresTestDb.require()) {
            int jobs = 60;
            try (Database setup = Database.open(pg.url(), null, null, dir)) {
                RecordingStore store = new RecordingStore(setup);
                for (int i = 0; i < jobs; i++) {
                    store.insert(row(RecordingFiles.newId(), i), "job-" + i);
                }
            }
            int nodes = 4;
            ExecutorService pool = Executors.newFixedThreadPool(nodes);
            CountDownLatch go = new CountDownLatch(1);
            List<String> taken = Collections.synchronizedList(new ArrayList<>());
            List<Future<?>> done = new ArrayList<>();
            for (int n = 0; n < nodes; n++) {
                String node = "node-" + n;
                done.add(pool.submit(() -> {
                    try (Database db = Database.open(pg.url(), null, null, dir)) {
                        RecordingStore store = new RecordingStore(db);
                        go.await();
                        while (true) {
                            List<JobRow> got = store.claim(node, 2, 30_000);
                            if (got.isEmpty()) {
                                return null;
                            }
                            got.forEach(j -> taken.add(j.id()));
                        }
                    }
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
            pool.shutdownNow();
            assertEquals(jobs, taken.size(), "every job claimed once: " + taken.size());
            assertEquals(jobs, new HashSet<>(taken).size(), "no job claimed by two nodes");
        }
    }

    @Test
    void anExpiredLeaseIsRequeuedAndItsOldHolderCanNoLongerWrite() throws Exception {
        try (PostgresTestDb pg = PostgresTestDb.require();
             Database a = Database.open(pg.url(), null, null, dir);
             Database b = Database.open(pg.url(), null, null, dir)) {
            RecordingStore nodeA = new RecordingStore(a);
            RecordingStore nodeB = new RecordingStore(b);
            String rec = RecordingFiles.newId();
            nodeA.insert(row(rec, 1), "job-1");
            assertEquals(1, nodeA.claim("A", 1, 300).size());
            assertEquals(0, nodeB.claim("B", 1, 300).size(), "leased: not claimable");
            assertEquals(Set.of("job-1"), nodeA.heartbeat("A", 300), "the holder's heartbeat extends it");
            assertEquals(0, nodeB.expireLeases(3), "not expired yet");
            Thread.sleep(600); // no heartbeat: A is as good as dead
            assertEquals(1, nodeB.expireLeases(3));
            assertEquals("queued", nodeB.get(rec).orElseThrow().status());
            List<JobRow> rerun = nodeB.claim("B", 1, 30_000);
            assertEquals(1, rerun.size());
            assertEquals(2, rerun.get(0).attempts(), "the rerun counts as the second attempt");
            assertEquals("B", nodeB.leaseOwner(rec).orElseThrow());
            assertEquals(Set.of(), nodeA.heartbeat("A", 300), "A sees it lost the lease");
            assertThrows(RecordingStore.LeaseLostException.class, () -> nodeA.complete("job-1", rec, "/a", 1.0, "{}",
                    List.of(), List.of(), null, "A"), "a node that lost the lease cannot store a result");
            assertThrows(RecordingStore.LeaseLostException.class,
                    () -> nodeA.fail("job-1", rec, "x", "y", "A"));
            nodeB.complete("job-1", rec, "/b", 1.0, "{}", List.of(), List.of(), null, "B");
            assertEquals(List.of("done", "B"), List.of(nodeA.jobState("job-1").orElseThrow()));
            RecordingRow done = nodeA.get(rec).orElseThrow();
            assertEquals("done", done.status());
            assertEquals("/b", done.runDir(), "the lease holder's result, not the old holder's");
        }
    }

    @Test
    void aConnectionTheServerDroppedIsOpenedAgain() throws Exception {
        try (PostgresTestDb pg = PostgresTestDb.require(); Database db = Database.open(pg.url(), null, null, dir);
             Database admin = Database.open(pg.url(), null, null, dir)) {
            RecordingStore store = new RecordingStore(db);
            int pid = db.tx(c -> {
                try (ResultSet r = c.createStatement().executeQuery("SELECT pg_backend_pid()")) {
                    r.next();
                    return r.getInt(1);
                }
            });
            admin.tx(c -> {
                try (var p = c.prepareStatement("SELECT pg_terminate_backend(?)")) {
                    p.setInt(1, pid);
                    p.executeQuery().close();
                }
                return null;
            });
            Thread.sleep(200);
            // the call that meets the dead connection may fail; the next ones work on a new one
            try {
                store.queuedCount();
            } catch (java.sql.SQLException expected) {
                // connection lost
            }
            assertEquals(0, store.queuedCount());
            store.insert(row(RecordingFiles.newId(), 1), "job-1");
            assertEquals(1, store.queuedCount());
        }
    }

    @Test
    void leasesExpiredTooOftenFailTheJob() throws Exception {
        try (PostgresTestDb pg = PostgresTestDb.require(); Database db = Database.open(pg.url(), null, null, dir)) {
            RecordingStore store = new RecordingStore(db);
            String rec = RecordingFiles.newId();
            store.insert(row(rec, 1), "job-1");
            for (int i = 0; i < 2; i++) {
                assertEquals(1, store.claim("N" + i, 1, 1).size());
                Thread.sleep(20);
                assertEquals(1, store.expireLeases(2));
            }
            assertEquals("failed", store.get(rec).orElseThrow().status(), "a job that kills its node stops looping");
            assertEquals("job.interrupted", store.get(rec).orElseThrow().errorCode());
        }
    }

    @Test
    void aNodeStoppingNormallyHandsItsJobsBackWithoutUsingAnAttempt() throws Exception {
        try (PostgresTestDb pg = PostgresTestDb.require(); Database db = Database.open(pg.url(), null, null, dir)) {
            RecordingStore store = new RecordingStore(db);
            String rec = RecordingFiles.newId();
            store.insert(row(rec, 1), "job-1");
            assertEquals(1, store.claim("A", 1, 60_000).size());
            assertEquals(1, store.releaseLeases("A"));
            List<JobRow> again = store.claim("B", 1, 60_000);
            assertEquals(1, again.size(), "claimable at once, no lease timeout");
            assertEquals(1, again.get(0).attempts(), "the handed-back run did not count");
            assertTrue(store.delete(rec));
            assertTrue(store.jobState("job-1").isEmpty(), "a deleted recording's job is gone");
        }
    }
}
