package io.emotrace.web.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emotrace.domain.AnalyzedSegment;
import io.emotrace.domain.EmotionEstimate;
import io.emotrace.domain.RuleFlag;
import io.emotrace.output.FileTrees;
import io.emotrace.web.AnalysisEvents;
import io.emotrace.web.StoredRecordings;
import io.emotrace.web.cluster.AtOnce;
import io.emotrace.web.cluster.PostgresTestDb;
import io.emotrace.web.db.Database;
import io.emotrace.web.db.RecordingStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Rule re-evaluation on two nodes sharing one real PostgreSQL database: a version stored by a node that died before
 * its pass is caught up by the others, each analysis re-evaluated and announced once even when both nodes try at
 * the same moment, and a pass lock held by a killed node's session does not block the survivors.
 */
class ClusterRulesCatchUpTest {
    /** One node's view: its own connection, store and rules service; the flags events it announced. */
    private record Node(Database db, RulesService rules, Map<String, AtomicInteger> announced) {
        static Node open(String url, Path data) throws Exception {
            Database db = Database.open(url, null, null, data);
            Map<String, AtomicInteger> announced = new ConcurrentHashMap<>();
            AnalysisEvents events = new AnalysisEvents() {
                @Override
                public void flagsReplaced(String recordingId, int rulesVersion, List<RuleFlag> flags) {
                    announced.computeIfAbsent(recordingId + "@v" + rulesVersion, k -> new AtomicInteger())
                            .incrementAndGet();
                }
            };
            return new Node(db, new RulesService(db, new RecordingStore(db), RulesBackend.fromClasspath(), events,
                    Duration.ofSeconds(5)), announced);
        }

        int announcedTimes(String id, int version) {
            return announced.getOrDefault(id + "@v" + version, new AtomicInteger()).get();
        }
    }

    @Test
    void aVersionWhosePassNeverRanIsCaughtUpOnceByTheSurvivors() throws Exception {
        Path data = Files.createTempDirectory("emotrace-rules-catch-up");
        try (PostgresTestDb pg = PostgresTestDb.require()) {
            Node a = Node.open(pg.url(), data);
            Node b = Node.open(pg.url(), data);
            try {
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    ids.add(addAnalysed(a.db, data));
                }
                // node A committed version 1 and died before its pass: the version is current, no flags use it yet
                a.rules.commitVersion(a.rules.backend().defaultDocument(), "test");
                assertEquals(8, new RecordingStore(b.db).analysedBehind(1).size());

                List<Integer> done = AtOnce.run(a.rules::catchUp, b.rules::catchUp);
                assertEquals(8, done.get(0) + done.get(1), "every analysis re-evaluated once: " + done);
                assertTrue(new RecordingStore(a.db).analysedBehind(1).isEmpty(), "none left behind");
                for (String id : ids) {
                    assertEquals(1, a.announcedTimes(id, 1) + b.announcedTimes(id, 1),
                            id + " announced once over both nodes");
                }
                assertEquals(0, a.rules.catchUp(), "nothing behind: nothing done");

                // a node holding the pass lock blocks the others' passes; killed (its session ends), it does not
                a.rules.commitVersion(a.rules.backend().defaultDocument(), "test");
                assertTrue(a.db.tryPassLock(RulesService.PASS_LOCK));
                assertEquals(0, b.rules.catchUp(), "the holder's pass is running");
                a.db.close();
                // the server ends the closed session (and frees its lock) a moment after the client hangs up; the
                // survivors' periodic pass retries, as this loop does
                assertEquals(8, survivorPass(b.rules, Duration.ofSeconds(10)), "the survivor catches up version 2");
                for (String id : ids) {
                    assertEquals(1, b.announcedTimes(id, 2), id);
                }
            } finally {
                a.rules.close();
                b.rules.close();
                a.db.close();
                b.db.close();
                FileTrees.delete(data);
            }
        }
    }

    /** Retries a node's catch-up while another's lock is still held, as its periodic pass would; 0 on timeout. */
    private static int survivorPass(RulesService rules, Duration within) throws Exception {
        long end = System.nanoTime() + within.toNanos();
        int done;
        while ((done = rules.catchUp()) == 0 && System.nanoTime() < end) {
            Thread.sleep(50);
        }
        return done;
    }

    /** A finished analysis: two angry segments, a 'done' row (flags of the built-in rules). */
    private static String addAnalysed(Database db, Path data) throws Exception {
        float[] angry = {0.8f, 0.05f, 0.05f, 0.02f, 0.02f, 0.02f, 0.02f, 0.01f, 0.01f};
        return StoredRecordings.addDone(db, data.resolve("runs"), List.of(
                new AnalyzedSegment("S1", 0, 2, EmotionEstimate.fromScores(angry), "this is unacceptable", List.of()),
                new AnalyzedSegment("S2", 2, 4, EmotionEstimate.fromScores(angry), "thank you so much", List.of())));
    }
}
