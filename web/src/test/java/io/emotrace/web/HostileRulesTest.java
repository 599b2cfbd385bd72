package io.emotrace.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 13, point 1: a rule set can neither hang the service nor starve the database pool. Backtracking regexes
 * are refused at their JSON Pointer; costly ones stop at the evaluation budget on the rules pool.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HostileRulesTest {
    private static final long BUDGET_MS = 300;
    private static TestService service;
    private static String recording;

    static String keywordDoc(String regexJson) {
        return "{\"schemaVersion\": 1, \"name\": \"hostile\", \"version\": \"1\","
                + " \"keywordSets\": {\"k\": {\"regexes\": {\"en\": [" + regexJson + "]}}},"
                + " \"rules\": [{\"id\": \"r\", \"when\": {\"type\": \"keywords\", \"set\": \"k\"},"
                + " \"then\": [{\"type\": \"flag\", \"flag\": \"hit\"}]}]}";
    }

    /** Valid RE2, linear, but slow enough on long transcripts to outlast a short budget. */
    static final String COSTLY = keywordDoc("\".*.*.*.*\\\\d\", \"(?:[a-z]+\\\\s?){1,60}q\"");

    @BeforeAll
    static void start() throws Exception {
        service = TestService.start("emotrace-hostile-rules", c -> c.ruleEvaluationBudgetMs(BUDGET_MS));
        recording = StoredRecordings.addDone(service, 200, "lorem ipsum dolor sit amet ".repeat(800).trim());
    }

    @AfterAll
    static void stop() throws Exception {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void backtrackingRegexesAreRefusedAtTheirPointer() throws Exception {
        String backref = keywordDoc("\"(\\\\w+\\\\s?)+\\\\1\\\\d\"");
        Http.Reply put = service.http().put("/api/rules", backref);
        assertEquals(422, put.status(), put.body());
        assertEquals("rules.invalid", put.errorCode());
        assertEquals("/keywordSets/k/regexes/en/0", put.json().path("error").path("problems").path(0)
                .path("pointer").asText(), put.body());
        Http.Reply lookahead = service.http().post("/api/rules/validate", keywordDoc("\"(?=x)x\""));
        assertFalse(lookahead.json().path("valid").asBoolean(), lookahead.body());
        Http.Reply exploding = service.http().post("/api/rules/validate", keywordDoc("\"((a{1000}){1000}){1000}\""));
        assertFalse(exploding.json().path("valid").asBoolean(), exploding.body());
    }

    @Test
    void costlyRuleTestsStopAtTheBudgetWhileOtherCallsStayFast() throws Exception {
        List<CompletableFuture<Http.Reply>> tests = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < 4; i++) {
            tests.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return service.http().post("/api/rules/test?recording=" + recording, COSTLY);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        long worstList = 0;
        while (!tests.stream().allMatch(CompletableFuture::isDone)) {
            long s = System.nanoTime();
            Http.Reply list = service.http().get("/api/recordings");
            assertEquals(200, list.status(), list.body());
            worstList = Math.max(worstList, (System.nanoTime() - s) / 1_000_000);
            Thread.sleep(20);
        }
        long allMs = (System.nanoTime() - t0) / 1_000_000;
        for (CompletableFuture<Http.Reply> f : tests) {
            Http.Reply r = f.get();
            assertEquals(422, r.status(), r.body());
            assertEquals("rules.timeout", r.errorCode(), r.body());
        }
        assertTrue(worstList < 1000, "GET /api/recordings took " + worstList + " ms during the rule tests");
        // two rules threads, four tests: two rounds of budget plus reading the stored run
        assertTrue(allMs < 8 * BUDGET_MS + 4000, "four tests took " + allMs + " ms");
    }

    @Test
    void aCostlyCurrentRuleSetStopsReevaluationAtTheBudget() throws Exception {
        Http.Reply put = service.http().put("/api/rules", COSTLY);
        assertEquals(200, put.status(), put.body());
        long t0 = System.nanoTime();
        service.server().components().rules().awaitIdle(10_000);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 5000, "re-evaluation held its thread " + ms + " ms");
        // a thread stuck in an evaluation stays RUNNABLE; one merely passing through that state does not
        long deadline = System.nanoTime() + 3_000_000_000L;
        boolean busy = true;
        while (busy && System.nanoTime() < deadline) {
            busy = Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().startsWith("emotrace-rules")
                    && t.getState() == Thread.State.RUNNABLE);
            Thread.sleep(50);
        }
        assertFalse(busy, "a rules thread still busy 3 s after the re-evaluation");
    }
}
