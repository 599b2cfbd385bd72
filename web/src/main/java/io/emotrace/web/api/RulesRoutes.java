package io.emotrace.web.api;

import io.emotrace.rules.RuleEvaluation;
import io.emotrace.rules.RuleOutcome;
import io.emotrace.rules.RuleProblem;
import io.emotrace.rules.SegmentAdjustment;
import io.emotrace.web.ApiErrors;
import io.emotrace.web.ApiException;
import io.emotrace.web.ApiJson;
import io.emotrace.web.ServiceComponents;
import io.emotrace.web.auth.RequestAuth;
import io.emotrace.web.jobs.RecordingFiles;
import io.emotrace.web.rules.RuleVersion;
import io.emotrace.web.rules.RulesService;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code /api/rules}: the current rule set, its versions, validation, dry runs, and PUT of a new version. */
public final class RulesRoutes {
    private final ServiceComponents c;

    private RulesRoutes(ServiceComponents c) {
        this.c = c;
    }

    public static void mount(Router router, ServiceComponents c) {
        RulesRoutes r = new RulesRoutes(c);
        BodyHandler json = BodyHandler.create(false).setBodyLimit(c.config().maxJsonBytes());
        router.get("/api/rules").handler(r::current);
        router.put("/api/rules").handler(json).handler(r::put);
        router.get("/api/rules/versions").handler(r::versions);
        router.get("/api/rules/versions/:version").handler(r::version);
        router.post("/api/rules/validate").handler(json).handler(r::validate);
        router.post("/api/rules/test").handler(json).handler(r::test);
    }

    private void current(RoutingContext ctx) {
        blocking(() -> json(c.rules().current())).onComplete(ar -> reply(ctx, ar));
    }

    private void versions(RoutingContext ctx) {
        blocking(() -> {
            JsonArray out = new JsonArray();
            for (RuleVersion v : c.rules().versions()) {
                out.add(json(v));
            }
            return new JsonObject().put("versions", out);
        }).onComplete(ar -> reply(ctx, ar));
    }

    private void version(RoutingContext ctx) {
        int v = RecordingRoutes.intParam(ctx, "version", -1, 1, Integer.MAX_VALUE);
        blocking(() -> json(c.rules().version(v).orElseThrow(() -> ApiException.notFound("rule version " + v))))
                .onComplete(ar -> reply(ctx, ar));
    }

    private void put(RoutingContext ctx) {
        String doc = document(ctx);
        String author = RequestAuth.principal(ctx).orElse("?");
        rulesWork(() -> {
            c.rules().requireValid(doc);
            return doc;
        }).compose(valid -> blocking(() -> json(c.rules().store(valid, author)))).onComplete(ar -> reply(ctx, ar));
    }

    private void validate(RoutingContext ctx) {
        String doc = document(ctx);
        rulesWork(() -> {
            List<RuleProblem> problems = c.rules().validate(doc);
            return new JsonObject().put("valid", problems.stream().noneMatch(RuleProblem::isError))
                    .put("problems", problems(problems));
        }).onComplete(ar -> reply(ctx, ar));
    }

    /** {@code POST /api/rules/test?recording=ID}, body = rule document (empty body = the current rules). */
    private void test(RoutingContext ctx) {
        String id = RecordingFiles.checkId(ctx.request().getParam("recording"));
        String body = ctx.body().asString();
        boolean useCurrent = body == null || body.isBlank();
        String doc = useCurrent ? null : document(ctx);
        // lookups on the database pool, the evaluation itself on the rules pool
        blocking(() -> new TestTarget(useCurrent ? c.rules().current().document() : doc,
                c.rules().analysedRunDir(id)))
                .compose(t -> rulesWork(() -> c.rules().preview(t.document(), t.runDir())))
                .map(ev -> preview(id, ev))
                .onComplete(ar -> reply(ctx, ar));
    }

    /**
     * The dry run's answer: {@code flags} (as they would be stored), and for the editor's preview every
     * {@code outcome} (rule, action, speaker, start, end, segment index for segment rules, flag, severity, change,
     * message, explanation), the {@code adjustments} of emotion/confidence and the evaluation's {@code notes}.
     */
    static JsonObject preview(String id, RuleEvaluation ev) {
        JsonArray outcomes = new JsonArray();
        for (RuleOutcome o : ev.outcomes()) {
            outcomes.add(new JsonObject().put("rule", o.rule()).put("action", o.action()).put("speaker", o.speaker())
                    .put("start", o.start()).put("end", o.end()).put("segment", o.segment()).put("flag", o.flag())
                    .put("severity", o.severity()).put("change", o.change()).put("message", o.message())
                    .put("explanation", new JsonObject().put("reason", o.explanation().reason())
                            .put("words", new JsonArray(o.explanation().words()))
                            .put("scores", new JsonObject(new java.util.LinkedHashMap<>(o.explanation().scores())))));
        }
        JsonArray adjustments = new JsonArray();
        for (SegmentAdjustment a : ev.adjustments()) {
            adjustments.add(new JsonObject().put("segment", a.segment())
                    .put("emotionBefore", a.emotionBefore() == null ? null : a.emotionBefore().english())
                    .put("confidenceBefore", a.confidenceBefore())
                    .put("emotionAfter", a.emotionAfter() == null ? null : a.emotionAfter().english())
                    .put("confidenceAfter", a.confidenceAfter()).put("rules", new JsonArray(a.rules())));
        }
        return new JsonObject().put("recording", id)
                .put("ruleSet", new JsonObject().put("name", ev.ruleSet()).put("version", ev.ruleSetVersion()))
                .put("flags", new JsonArray(ev.flags().stream().map(JsonObject::mapFrom).toList()))
                .put("outcomes", outcomes).put("adjustments", adjustments).put("notes", new JsonArray(ev.notes()));
    }

    private record TestTarget(String document, java.nio.file.Path runDir) {
    }

    /** The body, which must be a JSON object (the engine then checks it against the rules schema). */
    private static String document(RoutingContext ctx) {
        String body = ctx.body().asString();
        if (body == null || body.isBlank()) {
            throw ApiException.badRequest("rules.empty", "expected a rule document (JSON object) as the body");
        }
        try {
            Object parsed = Json.decodeValue(body);
            if (!(parsed instanceof JsonObject)) {
                throw ApiException.badRequest("rules.not_object", "a rule document is a JSON object");
            }
        } catch (DecodeException e) {
            throw ApiException.badRequest("rules.bad_json", "not JSON: " + syntaxError(e));
        }
        return body;
    }

    /** The parser's complaint with the line and column where it stopped, without Jackson's source dump. */
    static String syntaxError(DecodeException e) {
        if (e.getCause() instanceof com.fasterxml.jackson.core.JsonProcessingException j) {
            com.fasterxml.jackson.core.JsonLocation at = j.getLocation();
            String msg = j.getOriginalMessage().replaceAll("\\[Source: [^\\]]*?line: (\\d+), column: (\\d+)\\]",
                    "line $1, column $2");
            return at == null ? msg : msg + " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        }
        return e.getMessage();
    }

    private static JsonObject json(RuleVersion v) {
        JsonObject j = new JsonObject().put("version", v.version())
                .put("createdAt", v.createdAt() == 0 ? null : Instant.ofEpochMilli(v.createdAt()).toString())
                .put("author", v.author());
        if (v.document() != null) {
            j.put("rules", Json.decodeValue(v.document()));
        }
        return j;
    }

    private static JsonArray problems(List<RuleProblem> problems) {
        return new JsonArray(problems.stream().map(RulesRoutes::json).toList());
    }

    /** A problem as the API gives it: {@code pointer, message, severity (error|warning), error}. */
    private static JsonObject json(RuleProblem p) {
        return new JsonObject().put("pointer", p.pointer()).put("message", p.message())
                .put("severity", p.severity().name().toLowerCase(Locale.ROOT)).put("error", p.isError());
    }

    private <T> Future<T> blocking(Callable<T> work) {
        return c.dbPool().executeBlocking(work, false);
    }

    private <T> Future<T> rulesWork(Callable<T> work) {
        return c.rulesWork().submit(work);
    }

    private static void reply(RoutingContext ctx, io.vertx.core.AsyncResult<?> ar) {
        if (ar.failed() && ar.cause() instanceof RulesService.InvalidRules bad) {
            ApiJson.send(ctx, 422, new JsonObject().put("error", new JsonObject().put("code", "rules.invalid")
                    .put("message", bad.getMessage()).put("problems", problems(bad.problems()))));
        } else if (ar.failed()) {
            ApiErrors.fail(ctx, ar.cause());
        } else {
            ApiJson.ok(ctx, ar.result());
        }
    }
}
