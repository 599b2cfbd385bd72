package io.emotrace.web.bench.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emotrace.EmotraceException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/** The few API calls the bench makes: upload a file, read every recording's status. */
final class BenchApi {
    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** Uploads {@code file} as the raw body; the new recording's id. */
    String upload(String baseUrl, Path file) throws IOException, InterruptedException, EmotraceException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/recordings?name="
                        + file.getFileName())).header("content-type", "application/octet-stream")
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofFile(file)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 202) {
            throw new EmotraceException("bench.upload_failed", baseUrl + ": upload -> HTTP " + r.statusCode() + ": "
                    + r.body());
        }
        return JSON.readTree(r.body()).path("id").asText();
    }

    /** Recording id -> status, for the newest 1000 recordings, as {@code baseUrl} sees them. */
    Map<String, String> statuses(String baseUrl) throws IOException, InterruptedException, EmotraceException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/recordings?limit=1000"))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new EmotraceException("bench.api_failed", baseUrl + ": list -> HTTP " + r.statusCode());
        }
        Map<String, String> out = new HashMap<>();
        for (JsonNode rec : JSON.readTree(r.body()).path("recordings")) {
            out.put(rec.path("id").asText(), rec.path("status").asText());
        }
        return out;
    }

    /**
     * Polls {@code baseUrl} until every one of {@code ids} is done; fails on a failed one or after
     * {@code timeout}. Returns when the last one was seen done (System.nanoTime()).
     */
    long awaitDone(String baseUrl, Collection<String> ids, Duration timeout)
            throws IOException, InterruptedException, EmotraceException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            Map<String, String> s = statuses(baseUrl);
            int done = 0;
            for (String id : ids) {
                String st = s.getOrDefault(id, "missing");
                if (st.equals("failed") || st.equals("missing")) {
                    throw new EmotraceException("bench.job_failed", "recording " + id + " is " + st);
                }
                done += st.equals("done") ? 1 : 0;
            }
            if (done == ids.size()) {
                return System.nanoTime();
            }
            if (System.nanoTime() > end) {
                throw new EmotraceException("bench.timeout", done + " of " + ids.size() + " jobs done after "
                        + timeout.toSeconds() + " s");
            }
            Thread.sleep(100);
        }
    }
}
