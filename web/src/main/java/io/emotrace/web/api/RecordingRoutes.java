package io.emotrace.web.api;

import io.emotrace.output.AnalysisResult;
import io.emotrace.output.DiarizationRttm;
import io.emotrace.output.ResultJson;
import io.emotrace.output.TranscriptText;
import io.emotrace.rttm.RttmTurn;
import io.emotrace.rttm.RttmWriter;
import io.emotrace.web.ApiErrors;
import io.emotrace.web.ApiException;
import io.emotrace.web.ApiJson;
import io.emotrace.web.ServiceComponents;
import io.emotrace.web.db.RecordingRow;
import io.emotrace.web.db.SegmentRow;
import io.emotrace.web.jobs.RecordingFiles;
import io.emotrace.web.speakers.SpeakerService;
import io.vertx.core.Future;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import io.emotrace.rules.RuleRevisions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/** {@code /api/recordings}: upload, list, status, outputs, delete. */
public final class RecordingRoutes {
    private static final Pattern NPY = Pattern.compile("([A-Za-z0-9_-]{1,64})\\.npy");
    /** Multipart framing around the file: boundaries, part headers. */
    private static final long MULTIPART_OVERHEAD = 64 * 1024;

    private final ServiceComponents c;

    private RecordingRoutes(ServiceComponents c) {
        this.c = c;
    }

    public static void mount(Router router, ServiceComponents c) {
        RecordingRoutes r = new RecordingRoutes(c);
        BodyHandler multipart = BodyHandler.create(c.files().uploadsTmp().toString())
                .setBodyLimit(c.config().maxUploadBytes() + MULTIPART_OVERHEAD)
                .setHandleFileUploads(true)
                .setDeleteUploadedFilesOnEnd(false)
                .setMergeFormAttributes(false);
        router.post("/api/recordings").handler(r::checkLength).handler(ctx -> {
            if (isMultipart(ctx.request())) {
                MultipartType.requireBoundary(ctx.request().getHeader("content-type"));
                multipart.handle(ctx);
            } else {
                ctx.next();
            }
        }).handler(r::upload);
        router.get("/api/recordings").handler(r::list);
        router.get("/api/recordings/:id").handler(r::get);
        router.delete("/api/recordings/:id").handler(r::delete);
        router.get("/api/recordings/:id/timeline").handler(r::timeline);
        router.get("/api/recordings/:id/summary").handler(r::summary);
        router.get("/api/recordings/:id/flags").handler(r::flags);
        router.get("/api/recordings/:id/transcript").handler(r::transcript);
        router.get("/api/recordings/:id/rttm").handler(r::rttm);
        router.get("/api/recordings/:id/result.json").handler(r::resultJson);
        router.get("/api/recordings/:id/report.html").handler(r::report);
        router.get("/api/recordings/:id/segments.csv").handler(r::segmentsCsv);
        router.get("/api/recordings/:id/embeddings/:file").handler(r::embedding);
    }

    private static boolean isMultipart(HttpServerRequest req) {
        return MultipartType.isMultipart(req.getHeader("content-type"));
    }

    /** Refuses a declared oversize body before reading a byte of it. */
    private void checkLength(RoutingContext ctx) {
        String len = ctx.request().getHeader("content-length");
        long limit = c.config().maxUploadBytes() + (isMultipart(ctx.request()) ? MULTIPART_OVERHEAD : 0);
        if (len != null) {
            try {
                if (Long.parseLong(len.trim()) > limit) {
                    tooLarge(ctx);
                    return;
                }
            } catch (NumberFormatException e) {
                ApiErrors.send(ctx, 400, "bad_request", "bad Content-Length");
                return;
            }
        }
        ctx.next();
    }

    /** Answers 413 and closes the connection: the client must not go on sending gigabytes nobody reads. */
    private void tooLarge(RoutingContext ctx) {
        if (ctx.response().ended()) {
            return;
        }
        ApiErrors.send(ctx, 413, "too_large", "upload exceeds the limit of " + c.config().maxUploadBytes()
                + " bytes");
    }

    private void upload(RoutingContext ctx) {
        if (isMultipart(ctx.request())) {
            List<FileUpload> uploads = ctx.fileUploads();
            if (uploads.isEmpty()) {
                ApiErrors.send(ctx, 400, "upload.no_file", "multipart upload without a file part");
                return;
            }
            FileUpload first = uploads.get(0);
            for (FileUpload extra : uploads.subList(1, uploads.size())) {
                c.vertx().fileSystem().delete(extra.uploadedFileName());
            }
            intake(ctx, Path.of(first.uploadedFileName()), first.fileName());
        } else {
            streamRaw(ctx);
        }
    }

    /** Raw body ({@code ?name=meeting.mp3} names it): streamed to a temp file with back-pressure and a byte cap. */
    private void streamRaw(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        Path tmp = c.files().uploadsTmp().resolve(UUID.randomUUID() + ".part");
        String name = Optional.ofNullable(req.getParam("name")).orElse("upload");
        long max = c.config().maxUploadBytes();
        c.vertx().fileSystem().mkdirs(tmp.getParent().toString())
                .compose(v -> c.vertx().fileSystem().open(tmp.toString(),
                        new OpenOptions().setWrite(true).setCreateNew(true)))
                .onFailure(err -> ApiErrors.fail(ctx, err))
                .onSuccess(file -> {
                    long[] received = {0};
                    boolean[] aborted = {false};
                    req.handler(buf -> {
                        if (aborted[0]) {
                            return;
                        }
                        received[0] += buf.length();
                        if (received[0] > max) {
                            aborted[0] = true;
                            discard(file, tmp);
                            tooLarge(ctx);
                            return;
                        }
                        file.write(buf);
                        if (file.writeQueueFull()) {
                            req.pause();
                            file.drainHandler(v -> req.resume());
                        }
                    });
                    req.exceptionHandler(err -> {
                        if (!aborted[0]) {
                            aborted[0] = true;
                            discard(file, tmp);
                        }
                    });
                    req.endHandler(v -> {
                        if (aborted[0]) {
                            return;
                        }
                        file.close().onComplete(closed -> {
                            if (closed.failed()) {
                                c.vertx().fileSystem().delete(tmp.toString());
                                ApiErrors.fail(ctx, closed.cause());
                            } else {
                                intake(ctx, tmp, name);
                            }
                        });
                    });
                    if ("100-continue".equalsIgnoreCase(req.getHeader("expect"))) {
                        ctx.response().writeContinue(); // curl waits for this before sending large bodies
                    }
                    req.resume();
                });
    }

    private void discard(AsyncFile file, Path tmp) {
        file.close().onComplete(x -> c.vertx().fileSystem().delete(tmp.toString()));
    }

    private void intake(RoutingContext ctx, Path tmp, String clientName) {
        blocking(() -> UploadIntake.accept(c, tmp, clientName)).onComplete(ar -> {
            if (ar.failed()) {
                ApiErrors.fail(ctx, ar.cause());
                return;
            }
            RecordingRow row = ar.result();
            c.events().status(row.id(), RecordingRow.QUEUED);
            c.jobs().pumpSoon();
            ctx.response().putHeader("location", "/api/recordings/" + row.id());
            ApiJson.send(ctx, 202, c.queries().json(row));
        });
    }

    private void list(RoutingContext ctx) {
        int limit = intParam(ctx, "limit", 100, 1, 1000);
        int offset = intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        blocking(() -> {
            JsonArray items = new JsonArray();
            for (RecordingRow r : c.store().list(limit, offset)) {
                items.add(c.queries().json(r));
            }
            return new JsonObject().put("recordings", items).put("limit", limit).put("offset", offset);
        }).onComplete(ar -> reply(ctx, ar));
    }

    private void get(RoutingContext ctx) {
        String id = RecordingFiles.checkId(ctx.pathParam("id"));
        c.queries().recording(id).onComplete(ar -> reply(ctx, ar));
    }

    private void delete(RoutingContext ctx) {
        String id = RecordingFiles.checkId(ctx.pathParam("id"));
        c.jobs().cancel(id);
        blocking(() -> {
            boolean existed = c.store().delete(id);
            c.files().deleteAll(id);
            return existed;
        }).onComplete(ar -> {
            if (ar.failed()) {
                ApiErrors.fail(ctx, ar.cause());
            } else if (!ar.result()) {
                ApiErrors.fail(ctx, ApiException.notFound("recording " + id));
            } else {
                c.events().status(id, "deleted");
                ctx.response().setStatusCode(204).end();
            }
        });
    }

    private void timeline(RoutingContext ctx) {
        String id = RecordingFiles.checkId(ctx.pathParam("id"));
        String speaker = speakerParam(ctx);
        Double from = doubleParam(ctx, "from");
        Double to = doubleParam(ctx, "to");
        c.queries().timeline(id, speaker, from, to).map(list -> new JsonObject()
                .put("id", id).put("speaker", speaker).put("from", from).put("to", to)
                .put("segments", new JsonArray(list.stream().map(JsonObject::mapFrom).toList())))
                .onComplete(ar -> reply(ctx, ar));
    }

    private void summary(RoutingContext ctx) {
        String id = RecordingFiles.checkId(ctx.pathParam("id"));
        String speaker = speakerParam(ctx);
        Double from = doubleParam(ctx, "from");
        Double to = doubleParam(ctx, "to");
        c.queries().summary(id, speaker, from, to).map(list -> new JsonObject()
                .put("id", id).put("from", from).put("to", to)
                .put("speakers", new JsonArray(list.stream().map(JsonObject::mapFrom).toList())))
                .onComplete(ar -> reply(ctx, ar));
    }

    private void flags(RoutingContext ctx) {
        String id = RecordingFiles.checkId(ctx.pathParam("id"));
        blocking(() -> {
            RecordingRow r = find(id);
            return new JsonObject().put("id", id).put("rulesVersion", r.rulesVersion())
                    .put("flags", new JsonArray(c.store().flags(id).stream().map(JsonObject::mapFrom).toList()));
        }).onComplete(ar -> reply(ctx, ar));
    }

    private void transcript(RoutingContext ctx) {
        String id = RecordingFiles.checkId(ctx.pathParam("id"));
        blocking(() -> {
            Path run = runDir(find(id));
            Optional<Path> file = child(RuleRevisions.current(run), "transcript.txt");
            if (file.isPresent()) {
                Map<String, String> renames = c.store().speakerNames(id);
                if (renames.isEmpty()) {
                    return file.get();
                }
                AnalysisResult written = writtenResult(id);
                return TranscriptText.relabel(Files.readString(file.get()), written, named(id, written));
            }
            // no transcript.txt in this build's outputs: the stored segments' text is the same information
            StringBuilder out = new StringBuilder();
            for (SegmentRow s : c.store().segments(id, null, null, null)) {
                if (s.text() != null && !s.text().isBlank()) {
                    out.append(String.format(java.util.Locale.ROOT, "[%.2f-%.2f] %s (%s): %s%n", s.start(), s.end(),
                            s.speaker() == null ? "?" : s.speaker(), s.emotion() == null ? "-" : s.emotion(),
                            s.text().strip()));
                }
            }
            if (out.isEmpty()) {
                throw new ApiException(404, "output.not_available", "no transcript: the ASR stage did not run or "
                        + "produced no text for this recording (see its stages in the summary)");
            }
            return out.toString();
        }).onComplete(ar -> sendFileOrText(ctx, ar, "text/plain; charset=utf-8"));
    }

    private void rttm(RoutingContext ctx) {
        String id = RecordingFiles.checkId(ctx.pathParam("id"));
        blocking(() -> {
            Path run = runDir(find(id));
            Optional<Path> file = firstWithSuffix(run, ".rttm");
            if (file.isPresent()) {
                if (c.store().speakerNames(id).isEmpty()) {
                    return file.get();
                }
                return DiarizationRttm.format(named(id, writtenResult(id)));
            }
            List<RttmTurn> turns = new ArrayList<>();
            for (SegmentRow s : c.store().segments(id, null, null, null)) {
                if (s.speaker() != null && s.end() > s.start()) {
                    turns.add(new RttmTurn(id, new io.emotrace.domain.SpeakerTurn(s.speaker(), s.start(), s.end(),
                            s.speakerConfidence())));
                }
            }
            if (turns.isEmpty()) {
                throw new ApiException(404, "output.not_available", "no speaker turns: the diarization stage did not "
                        + "run for this recording (see its stages in the summary)");
            }
            return RttmWriter.format(turns);
        }).onComplete(ar -> sendFileOrText(ctx, ar, "text/plain; charset=utf-8"));
    }

    private void resultJson(RoutingContext ctx) {
        String id = RecordingFiles.checkId(ctx.pathParam("id"));
        // the current rules revision when the run was re-evaluated since (the run folder itself never changes)
        blocking(() -> {
            Path file = child(RuleRevisions.current(runDir(find(id))), "result.json").orElseThrow(() ->
                    new ApiException(404, "output.not_available", "result.json missing from the run directory"));
            if (c.store().speakerNames(id).isEmpty()) {
                return file;
            }
            return ResultJson.mapper().writeValueAsString(currentResult(id)); // with this recording's renames
        }).onComplete(ar -> sendFileOrText(ctx, ar, "application/json"));
    }

    /** The analysis as written (newest rules revision), names as the analysis found them. */
    private AnalysisResult writtenResult(String id) throws Exception {
        Path file = child(RuleRevisions.current(runDir(find(id))), "result.json").orElseThrow(() ->
                new ApiException(404, "output.not_available", "result.json missing from the run directory"));
        return ResultJson.read(file);
    }

    /** {@code r} with its speakers' names as they are now: the analysis's, replaced by this recording's renames. */
    private AnalysisResult named(String id, AnalysisResult r) throws java.sql.SQLException {
        return r.withSpeakerNames(SpeakerService.names(r, c.store().speakerNames(id)));
    }

    /** The analysis as it is now (newest rules revision, current speaker names), for the report and the CSV. */
    private AnalysisResult currentResult(String id) throws Exception {
        return named(id, writtenResult(id));
    }

    private void report(RoutingContext ctx) {
        String id = RecordingFiles.checkId(ctx.pathParam("id"));
        blocking(() -> io.emotrace.output.RunReport.html(currentResult(id))).onComplete(ar -> {
            if (ar.succeeded()) {
                // self-contained: nothing may load or run, whatever text the recording or the rules hold
                ctx.response().putHeader("content-security-policy",
                        "default-src 'none'; style-src 'unsafe-inline'; img-src data:");
            }
            sendFileOrText(ctx, ar, "text/html; charset=utf-8");
        });
    }

    private void segmentsCsv(RoutingContext ctx) {
        String id = RecordingFiles.checkId(ctx.pathParam("id"));
        blocking(() -> io.emotrace.output.RunReport.segmentsCsv(currentResult(id))).onComplete(ar -> {
            if (ar.succeeded()) {
                ctx.response().putHeader("content-disposition", "attachment; filename=\"" + id + "-segments.csv\"");
            }
            sendFileOrText(ctx, ar, "text/csv; charset=utf-8");
        });
    }

    private void embedding(RoutingContext ctx) {
        String id = RecordingFiles.checkId(ctx.pathParam("id"));
        var m = NPY.matcher(ctx.pathParam("file"));
        if (!m.matches()) {
            ApiErrors.send(ctx, 400, "bad_speaker", "expected <speaker>.npy with speaker [A-Za-z0-9_-]{1,64}");
            return;
        }
        String speaker = m.group(1);
        blocking(() -> child(runDir(find(id)).resolve("embeddings"), speaker + ".npy").orElseThrow(() ->
                new ApiException(404, "output.not_available", "no embedding for speaker " + speaker
                        + " (the diarization stage writes embeddings/<speaker>.npy when it ran)")))
                .onComplete(ar -> sendFileOrText(ctx, ar, "application/octet-stream"));
    }

    // ---- helpers ----

    private <T> Future<T> blocking(Callable<T> work) {
        return c.dbPool().executeBlocking(work, false);
    }

    private RecordingRow find(String id) throws java.sql.SQLException {
        return c.store().get(id).orElseThrow(() -> ApiException.notFound("recording " + id));
    }

    private Path runDir(RecordingRow r) {
        if (!RecordingRow.DONE.equals(r.status()) || r.runDir() == null) {
            throw new ApiException(409, "recording.not_analysed", "recording " + r.id() + " is " + r.status()
                    + "; outputs exist once its analysis is done");
        }
        Path run = Path.of(r.runDir());
        if (!c.files().contains(run) || !Files.isDirectory(run)) {
            throw new ApiException(410, "output.gone", "the outputs of recording " + r.id() + " were removed");
        }
        return run;
    }

    /** A regular file directly in {@code dir} (no links followed out of it). */
    private Optional<Path> child(Path dir, String name) {
        Path p = dir.resolve(name).normalize();
        if (!p.getParent().equals(dir.normalize()) || !Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        return Optional.of(p);
    }

    private Optional<Path> firstWithSuffix(Path dir, String suffix) throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*" + suffix)) {
            for (Path p : ds) {
                if (Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    private void sendFileOrText(RoutingContext ctx, io.vertx.core.AsyncResult<?> ar, String contentType) {
        if (ar.failed()) {
            ApiErrors.fail(ctx, ar.cause());
            return;
        }
        ctx.response().putHeader("content-type", contentType);
        if (ar.result() instanceof Path p) {
            ctx.response().sendFile(p.toString()).onFailure(err -> ApiErrors.fail(ctx, err));
        } else {
            ctx.response().end(String.valueOf(ar.result()));
        }
    }

    private static void reply(RoutingContext ctx, io.vertx.core.AsyncResult<?> ar) {
        if (ar.failed()) {
            ApiErrors.fail(ctx, ar.cause());
        } else {
            ApiJson.ok(ctx, ar.result());
        }
    }

    private static String speakerParam(RoutingContext ctx) {
        String s = ctx.request().getParam("speaker");
        return s == null || s.isEmpty() ? null : RecordingFiles.checkSpeaker(s);
    }

    static Double doubleParam(RoutingContext ctx, String name) {
        String s = ctx.request().getParam(name);
        if (s == null || s.isEmpty()) {
            return null;
        }
        try {
            double v = Double.parseDouble(s);
            if (!Double.isFinite(v) || v < 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("bad_parameter", name + " must be a finite number of seconds >= 0");
        }
    }

    static int intParam(RoutingContext ctx, String name, int def, int min, int max) {
        String s = ctx.request().getParam(name);
        if (s == null || s.isEmpty()) {
            return def;
        }
        try {
            int v = Integer.parseInt(s);
            if (v < min || v > max) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("bad_parameter", name + " must be an integer in [" + min + ", " + max + "]");
        }
    }
}
