package io.emotrace.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

/** A tiny JDK HttpClient wrapper for the service tests (multipart built by hand: the JDK has no builder). */
final class Http {
    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String token;

    Http(String base, String token) {
        this.base = base;
        this.token = token;
    }

    Http(String base) {
        this(base, null);
    }

    record Reply(int status, String body, java.net.http.HttpHeaders headers) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }

        String errorCode() {
            return json().path("error").path("code").asText(null);
        }
    }

    private HttpRequest.Builder req(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    Reply send(HttpRequest r) throws IOException, InterruptedException {
        HttpResponse<String> resp = client.send(r, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Reply(resp.statusCode(), resp.body(), resp.headers());
    }

    Reply get(String path) throws IOException, InterruptedException {
        return send(req(path).GET().build());
    }

    byte[] getBytes(String path) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = client.send(req(path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new AssertionError(path + " -> " + r.statusCode() + ": " + new String(r.body(), StandardCharsets.UTF_8));
        }
        return r.body();
    }

    Reply delete(String path) throws IOException, InterruptedException {
        return send(req(path).DELETE().build());
    }

    Reply put(String path, String json) throws IOException, InterruptedException {
        return send(req(path).header("content-type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    Reply post(String path, String json) throws IOException, InterruptedException {
        return send(req(path).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    Reply postRaw(String path, byte[] body) throws IOException, InterruptedException {
        return send(req(path).header("content-type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    /** Raw upload without a Content-Length (chunked), so only the streaming byte cap can stop it. */
    Reply postChunked(String path, byte[] body) throws IOException, InterruptedException {
        return send(req(path).header("content-type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))).build());
    }

    Reply upload(Path file) throws IOException, InterruptedException {
        return uploadBytes(file.getFileName().toString(), Files.readAllBytes(file));
    }

    Reply uploadBytes(String fileName, byte[] content) throws IOException, InterruptedException {
        String boundary = "----emotrace" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(req("/api/recordings").header("content-type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build());
    }

    /** Polls until the recording is done or failed. */
    JsonNode awaitFinished(String id, Duration timeout) throws IOException, InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            Reply r = get("/api/recordings/" + id);
            if (r.status() != 200) {
                throw new AssertionError("GET recording " + id + " -> " + r.status() + " " + r.body());
            }
            String status = r.json().path("status").asText();
            if (status.equals("done") || status.equals("failed")) {
                return r.json();
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("recording " + id + " still " + status + " after " + timeout + ": " + r.body());
            }
            Thread.sleep(200);
        }
    }
}
