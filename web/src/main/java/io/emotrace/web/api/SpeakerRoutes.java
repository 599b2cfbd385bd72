package io.emotrace.web.api;

import io.emotrace.EmotraceException;
import io.emotrace.domain.SpeakerName;
import io.emotrace.output.AnalysisResult;
import io.emotrace.output.NpyReader;
import io.emotrace.output.ResultJson;
import io.emotrace.rules.RuleRevisions;
import io.emotrace.speakers.Voiceprint;
import io.emotrace.web.ApiErrors;
import io.emotrace.web.ApiException;
import io.emotrace.web.ApiJson;
import io.emotrace.web.ServiceComponents;
import io.emotrace.web.db.RecordingRow;
import io.emotrace.web.jobs.RecordingFiles;
import io.emotrace.web.speakers.SpeakerService;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * Known speakers: {@code /api/speakers} (list, enrol from audio, delete: voiceprints are personal data) and the
 * names of one recording's speakers ({@code GET /api/recordings/{id}/speakers}, {@code PUT .../speakers/{speaker}}:
 * a rename of that recording only, or "this is Alice" that also enrols the speaker's voice).
 */
public final class SpeakerRoutes {
    /** Enrolment audio is short; this bounds what one request may upload. */
    static final long MAX_ENROL_BYTES = 64L << 20;

    private final ServiceComponents c;
    private final WorkerExecutor work;

    private SpeakerRoutes(ServiceComponents c) {
        this.c = c;
        // decoding and embedding enrolment audio: one at a time, off the event loop and the database pool
        this.work = c.vertx().createSharedWorkerExecutor("emotrace-speakers", 1, 10, java.util.concurrent.TimeUnit.MINUTES);
    }

    public static void mount(Router router, ServiceComponents c) {
        SpeakerRoutes r = new SpeakerRoutes(c);
        BodyHandler upload = BodyHandler.create(c.files().uploadsTmp().toString())
                .setBodyLimit(Math.min(MAX_ENROL_BYTES, c.config().maxUploadBytes()))
                .setHandleFileUploads(true)
                .setDeleteUploadedFilesOnEnd(true)
                .setMergeFormAttributes(false);
        BodyHandler json = BodyHandler.create(false).setBodyLimit(c.config().maxJsonBytes());
        router.get("/api/speakers").handler(r::list);
        router.post("/api/speakers").handler(ctx -> {
            if (MultipartType.isMultipart(ctx.request().getHeader("content-type"))) {
                MultipartType.requireBoundary(ctx.request().getHeader("content-type"));
            }
            upload.handle(ctx);
        }).handler(r::enroll);
        router.delete("/api/speakers/:voice").handler(r::delete);
        router.get("/api/recordings/:id/speakers").handler(r::recordingSpeakers);
        router.put("/api/recordings/:id/speakers/:speaker").handler(json).handler(r::rename);
    }

    private SpeakerService speakers() {
        return c.speakers();
    }

    private void list(RoutingContext ctx) {
        blocking(() -> {
            JsonArray out = new JsonArray();
            for (Voiceprint v : speakers().directory().voices()) {
                out.add(JsonObject.mapFrom(v.summary()));
            }
            JsonArray threshold = new JsonArray();
            for (var p : speakers().threshold().points()) {
                threshold.add(new JsonObject().put("seconds", p.seconds()).put("cosine", p.cosine()));
            }
            return new JsonObject().put("threshold", threshold).put("speakers", out);
        }).onComplete(ar -> reply(ctx, ar, 200));
    }

    /** multipart: a {@code name} field and one or more audio files; or a raw audio body with {@code ?name=}. */
    private void enroll(RoutingContext ctx) {
        boolean multipart = MultipartType.isMultipart(ctx.request().getHeader("content-type"));
        String name = multipart ? ctx.request().getFormAttribute("name") : ctx.request().getParam("name");
        String checked;
        try {
            checked = SpeakerName.check(name);
        } catch (IllegalArgumentException e) {
            ApiErrors.send(ctx, 400, "speakers.bad_name", e.getMessage());
            return;
        }
        List<Path> files = new ArrayList<>();
        Path raw = null;
        if (multipart) {
            for (FileUpload f : ctx.fileUploads()) {
                files.add(Path.of(f.uploadedFileName()));
            }
        } else if (ctx.body() != null && ctx.body().length() > 0) {
            raw = c.files().uploadsTmp().resolve(UUID.randomUUID() + ".enrol");
            files.add(raw);
        }
        if (files.isEmpty()) {
            ApiErrors.send(ctx, 400, "upload.no_file", "enrolment needs audio: multipart file parts, or a raw body");
            return;
        }
        Path rawFile = raw;
        byte[] rawBytes = raw == null ? null : ctx.body().buffer().getBytes();
        work.executeBlocking(() -> {
            try {
                if (rawFile != null) {
                    Files.createDirectories(rawFile.getParent());
                    Files.write(rawFile, rawBytes);
                }
                Voiceprint v = speakers().enrollAudio(checked, files, c.engines().decoder());
                return JsonObject.mapFrom(v.summary());
            } finally {
                if (rawFile != null) {
                    Files.deleteIfExists(rawFile);
                }
            }
        }, false).onComplete(ar -> reply(ctx, ar, 201));
    }

    private void delete(RoutingContext ctx) {
        String voice = ctx.pathParam("voice");
        blocking(() -> {
            var deleted = speakers().directory().delete(voice);
            if (deleted.isEmpty()) {
                throw ApiException.notFound("enrolled voice '" + printable(voice) + "'");
            }
            return JsonObject.mapFrom(deleted.get()).put("deleted", true);
        }).onComplete(ar -> reply(ctx, ar, 200));
    }

    private void recordingSpeakers(RoutingContext ctx) {
        String id = RecordingFiles.checkId(ctx.pathParam("id"));
        blocking(() -> speakersJson(id, result(id))).onComplete(ar -> reply(ctx, ar, 200));
    }

    /** {@code {"name": "Alice" | null, "enroll": false}}: null or empty removes the rename. */
    private void rename(RoutingContext ctx) {
        String id = RecordingFiles.checkId(ctx.pathParam("id"));
        String speaker = RecordingFiles.checkSpeaker(ctx.pathParam("speaker"));
        JsonObject body;
        try {
            body = ctx.body().asJsonObject();
        } catch (RuntimeException e) {
            ApiErrors.send(ctx, 400, "bad_json", "expected a JSON object {\"name\": ..., \"enroll\": false}");
            return;
        }
        if (body == null) {
            ApiErrors.send(ctx, 400, "bad_json", "expected a JSON object {\"name\": ..., \"enroll\": false}");
            return;
        }
        Object rawName = body.getValue("name");
        if (rawName != null && !(rawName instanceof String)) {
            ApiErrors.send(ctx, 400, "speakers.bad_name", "name must be a string or null");
            return;
        }
        String name;
        try {
            name = rawName == null || ((String) rawName).isBlank() ? null : SpeakerName.check((String) rawName);
        } catch (IllegalArgumentException e) {
            ApiErrors.send(ctx, 400, "speakers.bad_name", e.getMessage());
            return;
        }
        boolean enrol = Boolean.TRUE.equals(body.getValue("enroll"));
        if (enrol && name == null) {
            ApiErrors.send(ctx, 400, "speakers.bad_name", "enrolling a voice needs a name");
            return;
        }
        work.executeBlocking(() -> {
            Stored s = result(id);
            AnalysisResult.Speaker sp = s.result().speakers().stream().filter(x -> x.id().equals(speaker)).findFirst()
                    .orElseThrow(() -> ApiException.notFound("speaker " + speaker + " in recording " + id));
            if (name != null) {
                Map<String, SpeakerName> now = SpeakerService.names(s.result(), c.store().speakerNames(id));
                for (Map.Entry<String, SpeakerName> e : now.entrySet()) {
                    if (!e.getKey().equals(speaker) && e.getValue().name().toLowerCase(Locale.ROOT)
                            .equals(name.toLowerCase(Locale.ROOT))) {
                        throw new ApiException(409, "speakers.name_taken", "speaker " + e.getKey()
                                + " of this recording is already named '" + e.getValue().name() + "'");
                    }
                }
            }
            Voiceprint enrolled = null;
            if (enrol) {
                Path npy = s.runDir().resolve("embeddings").resolve(speaker + ".npy");
                if (!Files.isRegularFile(npy, LinkOption.NOFOLLOW_LINKS)) {
                    throw new ApiException(409, "speakers.no_embedding", "no voice embedding for " + speaker
                            + " in this recording (the diarization stage writes one when it ran)");
                }
                enrolled = speakers().directory().enrollVector(name, NpyReader.read(npy).data(), sp.speakingSeconds(),
                        speakers().embedderName());
            }
            c.store().setSpeakerName(id, speaker, name);
            JsonObject out = speakersJson(id, s);
            SpeakerName effective = SpeakerService.names(s.result(), c.store().speakerNames(id)).get(speaker);
            c.events().speakerNamed(id, speaker, effective);
            return out.put("enrolled", enrolled == null ? null : JsonObject.mapFrom(enrolled.summary()));
        }, false).onComplete(ar -> reply(ctx, ar, 200));
    }

    /** A recording's analysed result as currently stored, and its run folder. */
    public record Stored(AnalysisResult result, Path runDir) {
    }

    private Stored result(String id) throws Exception {
        RecordingRow r = c.store().get(id).orElseThrow(() -> ApiException.notFound("recording " + id));
        if (!RecordingRow.DONE.equals(r.status()) || r.runDir() == null) {
            throw new ApiException(409, "recording.not_analysed", "recording " + id + " is " + r.status()
                    + "; its speakers are known once its analysis is done");
        }
        Path run = Path.of(r.runDir());
        if (!c.files().contains(run) || !Files.isDirectory(run)) {
            throw new ApiException(410, "output.gone", "the outputs of recording " + id + " were removed");
        }
        Path file = RuleRevisions.current(run).resolve("result.json");
        return new Stored(ResultJson.read(file), run);
    }

    private JsonObject speakersJson(String id, Stored s) throws Exception {
        Map<String, SpeakerName> names = SpeakerService.names(s.result(), c.store().speakerNames(id));
        JsonArray out = new JsonArray();
        for (AnalysisResult.Speaker sp : s.result().speakers()) {
            SpeakerName n = names.get(sp.id());
            out.add(new JsonObject().put("id", sp.id()).put("speakingSeconds", sp.speakingSeconds())
                    .put("turns", sp.turns()).put("name", n == null ? null : n.name())
                    .put("nameScore", n == null ? null : n.score()).put("nameSource", n == null ? null : n.source()));
        }
        return new JsonObject().put("recording", id).put("speakers", out);
    }

    private <T> Future<T> blocking(Callable<T> job) {
        return c.dbPool().executeBlocking(job, false);
    }

    private static void reply(RoutingContext ctx, io.vertx.core.AsyncResult<?> ar, int status) {
        if (ar.failed()) {
            Throwable t = ar.cause();
            if (t instanceof EmotraceException e && e.code().startsWith("speakers.bad_name")) {
                ApiErrors.send(ctx, 400, e.code(), e.getMessage());
            } else if (t instanceof EmotraceException e && e.code().equals("speakers.embedder_mismatch")) {
                ApiErrors.send(ctx, 409, e.code(), e.getMessage());
            } else {
                ApiErrors.fail(ctx, t);
            }
        } else {
            ApiJson.send(ctx, status, ar.result());
        }
    }

    private static String printable(String s) {
        if (s == null) {
            return "";
        }
        String t = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return t.replaceAll("\\p{Cntrl}", "?");
    }
}
