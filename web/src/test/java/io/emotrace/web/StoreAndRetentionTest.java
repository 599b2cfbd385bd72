package io.emotrace.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emotrace.domain.RuleFlag;
import io.emotrace.web.db.Database;
import io.emotrace.web.db.JobRow;
import io.emotrace.web.db.Migrations;
import io.emotrace.web.db.RecordingRow;
import io.emotrace.web.db.RecordingStore;
import io.emotrace.web.db.SegmentRow;
import io.emotrace.web.jobs.RecordingFiles;
import io.emotrace.web.jobs.Retention;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SQLite store: migrations recorded once, crash recovery of jobs, segment queries, retention. */
class StoreAndRetentionTest {
    @TempDir
    Path dir;

    private static RecordingRow row(String id, long createdAt) {
        return new RecordingRow(id, "a.flac", "/nowhere/a.flac", 10, createdAt, RecordingRow.QUEUED, null, 0, null,
                null, null, null, null, null);
    }

    @Test
    void migrationsAreAppliedOnceAndRecorded() throws Exception {
        try (Database db = Database.open(null, null, null, dir)) {
            assertEquals(Migrations.SCRIPTS.size(), Migrations.currentVersion(db));
        }
        try (Database db = Database.open(null, null, null, dir)) {
            assertEquals(Migrations.SCRIPTS.size(), Migrations.currentVersion(db), "reopening applies nothing twice");
            int rows = db.tx(c -> {
                try (var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM schema_version")) {
                    rs.next();
                    return rs.getInt(1);
                }
            });
            assertEquals(Migrations.SCRIPTS.size(), rows);
        }
    }

    @Test
    void interruptedJobsAreRequeuedUntilTheirAttemptsRunOut() throws Exception {
        requeueUntilAttemptsRunOut(null);
    }

    /** The same scripts and queries on another SQL dialect (H2 in PostgreSQL mode stands in for PostgreSQL). */
    @Test
    void schemaAndQueriesArePortable() throws Exception {
        requeueUntilAttemptsRunOut("jdbc:h2:mem:emotrace-pg;MODE=PostgreSQL;DB_CLOSE_DELAY=-1");
        try (Database db = Database.open("jdbc:h2:mem:emotrace-pg2;MODE=PostgreSQL;DB_CLOSE_DELAY=-1", null, null,
                dir)) {
            RecordingStore store = new RecordingStore(db);
            String a = RecordingFiles.newId();
            store.insert(row(a, 1), "job-x");
            store.startJob("job-x", a);
            store.complete("job-x", a, "/x", 3.0, "{}", List.of(new SegmentRow(0, "S1", 0, 1, "sad", 0.5, "{}", "t")),
                    List.of(), 1);
            assertEquals(1, store.segments(a, "S1", 0.5, null).size());
            assertEquals(1, store.list(10, 0).size());
            assertTrue(store.delete(a));
        }
    }

    private void requeueUntilAttemptsRunOut(String url) throws Exception {
        String a = RecordingFiles.newId();
        try (Database db = Database.open(url, null, null, dir)) {
            RecordingStore store = new RecordingStore(db);
            store.insert(row(a, 1), "job-a");
            for (int attempt = 1; attempt <= 2; attempt++) {
                assertTrue(store.startJob("job-a", a));
                // as if the process died here: the next start sees the job 'running'
                List<JobRow> again = store.recoverJobs(2);
                if (attempt < 2) {
                    assertEquals(List.of("job-a"), again.stream().map(JobRow::id).toList());
                    assertEquals(RecordingRow.QUEUED, store.get(a).orElseThrow().status());
                } else {
                    assertTrue(again.isEmpty(), "two interruptions: given up");
                    RecordingRow r = store.get(a).orElseThrow();
                    assertEquals(RecordingRow.FAILED, r.status());
                    assertEquals("job.interrupted", r.errorCode());
                }
            }
        }
    }

    @Test
    void segmentsAreQueriedBySpeakerAndTimeRange() throws Exception {
        String a = RecordingFiles.newId();
        try (Database db = Database.open(null, null, null, dir)) {
            RecordingStore store = new RecordingStore(db);
            store.insert(row(a, 1), "job-a");
            store.startJob("job-a", a);
            store.complete("job-a", a, "/x", 30.0, "{}", List.of(
                    new SegmentRow(0, "S1", 0, 4, "happy", 0.9, null, "hello"),
                    new SegmentRow(1, "S2", 4, 9, "angry", 0.8, null, null, 0.42),
                    new SegmentRow(2, "S1", 9, 12, "sad", 0.7, null, "bye"),
                    new SegmentRow(3, "S2", 12, 13, "angry", 0.8, null, null, 0.9),
                    new SegmentRow(4, "S2", 13, 15, "angry", 0.8, null, null)),
                    List.of(new RuleFlag("r", "warning", "S2", 4, 9, "m")), null);
            assertEquals(2, store.segments(a, "S1", null, null).size());
            assertEquals(0.42, store.segments(a, "S2", null, null).get(0).speakerConfidence(), 1e-12);
            assertEquals(null, store.segments(a, "S1", null, null).get(0).speakerConfidence()); // not said: stays null
            assertEquals(List.of(1, 2), store.segments(a, null, 5.0, 10.0).stream().map(SegmentRow::index).toList());
            assertEquals(List.of(0), store.segments(a, "S1", null, 4.0).stream().map(SegmentRow::index).toList());
            assertEquals(1, store.flags(a).size());
            SpeakerSummary s1 = SpeakerSummaries.of(store.segments(a, null, null, null)).get(0);
            assertEquals("S1", s1.speaker());
            assertEquals(7.0, s1.talkSeconds(), 1e-9);
            assertEquals("happy", s1.dominantEmotion());
            assertEquals(1.0 / (7.0 / 60.0), s1.volatilityPerMinute(), 1e-9); // one change in 7 s of talk
            assertEquals(null, s1.speakerConfidence(), "no turn of S1 says how sure its voice is");
            // S2: 5 s at 0.42 and 1 s at 0.9, talk-weighted; its 2 s without one do not count
            assertEquals((5 * 0.42 + 0.9) / 6, SpeakerSummaries.of(store.segments(a, null, null, null)).get(1)
                    .speakerConfidence(), 1e-12);
        }
    }

    @Test
    void retentionDeletesOldAndOversizeFinishedRecordingsOnly() throws Exception {
        RecordingFiles files = new RecordingFiles(dir);
        ServiceConfig cfg = ServiceConfig.defaults().dataDir(dir).retention(1, 2500);
        long day = 86_400_000L;
        long now = 100 * day;
        String old = RecordingFiles.newId();
        String big1 = RecordingFiles.newId();
        String big2 = RecordingFiles.newId();
        String running = RecordingFiles.newId();
        try (Database db = Database.open(null, null, null, dir)) {
            RecordingStore store = new RecordingStore(db);
            String[] ids = {old, big1, big2, running};
            long[] created = {now - 3 * day, now - 3000, now - 2000, now - 5 * day};
            for (int i = 0; i < ids.length; i++) {
                store.insert(row(ids[i], created[i]), "job-" + i);
                Files.createDirectories(files.uploadDir(ids[i]));
                Files.write(files.uploadDir(ids[i]).resolve("a.flac"), new byte[1000]);
                if (!ids[i].equals(running)) {
                    store.startJob("job-" + i, ids[i]);
                    store.fail("job-" + i, ids[i], "x", "y");
                }
            }
            List<String> gone;
            try (var runner = new io.emotrace.web.jobs.JobRunner(store, files,
                    new io.emotrace.pipeline.Engines(ServiceStages.light()), null, AnalysisEvents.NONE, cfg)) {
                Retention retention = runner.retention();
                gone = retention.sweep(now);
            }
            // 'old' is past the age; then 3000 bytes remain > 2500, so the oldest finished one (big1) goes too
            assertEquals(List.of(old, big1), gone);
            assertFalse(Files.exists(files.uploadDir(old)));
            assertTrue(Files.exists(files.uploadDir(big2)));
            assertTrue(store.get(running).isPresent(), "a queued recording is never removed, however old");
        }
    }

    @Test
    void fileNamesAndIdsCannotLeaveTheDataFolder() {
        assertEquals("passwd", RecordingFiles.safeFileName("../../etc/passwd"));
        assertEquals("evil.wav", RecordingFiles.safeFileName("..\\..\\evil.wav"));
        assertEquals("hidden", RecordingFiles.safeFileName(".hidden"));
        assertEquals("upload", RecordingFiles.safeFileName(".."));
        assertEquals("a_b_c_.mp3", RecordingFiles.safeFileName("a b<c>.mp3"));
        assertThrows(ApiException.class, () -> RecordingFiles.checkId("../x"));
        assertThrows(ApiException.class, () -> RecordingFiles.checkId("00000000-0000-0000-0000-00000000000G"));
        assertThrows(ApiException.class, () -> RecordingFiles.checkSpeaker("S1/../x"));
        RecordingFiles files = new RecordingFiles(dir);
        assertTrue(files.contains(files.uploadDir(RecordingFiles.newId())));
        assertFalse(files.contains(dir.resolve("../elsewhere")));
    }
}
