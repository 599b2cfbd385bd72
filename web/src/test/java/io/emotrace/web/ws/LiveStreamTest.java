package io.emotrace.web.ws;

import static io.emotrace.web.ws.WsTestClient.type;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.emotrace.output.FileTrees;
import io.emotrace.web.EmotraceServer;
import io.emotrace.web.ServiceConfig;
import io.emotrace.web.ServiceStages;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Live streams on the real /ws endpoint with the light test stages (streaming energy VAD, band-energy speaker
 * embeddings, loudness emotion, counting transcriber, the real rules engine and FFmpeg decoder): protocol, events,
 * persistence, the offline analysis that replaces the live results, and bad input.
 */
class LiveStreamTest {
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final Duration WAIT = Duration.ofSeconds(30);
    Path data;
    EmotraceServer server;

    EmotraceServer start(UnaryOperator<ServiceConfig> config) throws Exception {
        data = Files.createTempDirectory("emotrace-live-test");
        server = EmotraceServer.start(config.apply(new ServiceConfig().port(0).dataDir(data)), ServiceStages.light(),
                List.of(new WebSocketExtension()));
        return server;
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (data != null) {
            FileTrees.delete(data);
        }
    }

    WsTestClient client() throws Exception {
        WsTestClient c = new WsTestClient(HTTP, server.baseUrl().replace("http://", "ws://") + "/ws");
        c.await(type("hello"), WAIT);
        return c;
    }

    JsonNode getJson(String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        return WsJson.MAPPER.readTree(r.body());
    }

    static String startMessage(int rate, String encoding, int channels) {
        return "{\"type\":\"live.start\",\"id\":1,\"sampleRate\":" + rate + ",\"encoding\":\"" + encoding
                + "\",\"channels\":" + channels + ",\"name\":\"call\"}";
    }

    /** Sends {@code bytes} in pieces of {@code piece} bytes (odd sizes split samples across frames). */
    static void sendInPieces(WsTestClient c, byte[] bytes, int piece) {
        for (int off = 0; off < bytes.length; off += piece) {
            c.sendBinary(java.util.Arrays.copyOfRange(bytes, off, Math.min(bytes.length, off + piece)));
        }
    }

    /** Every message until one matches {@code last} (included). */
    static List<JsonNode> until(WsTestClient c, java.util.function.Predicate<JsonNode> last) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode m = c.received.poll(1, java.util.concurrent.TimeUnit.SECONDS);
            if (m != null) {
                out.add(m);
                if (last.test(m)) {
                    return out;
                }
            }
        }
        throw new AssertionError("not seen within " + WAIT + "; got " + out.stream().map(m -> m.path("type").asText())
                .toList());
    }

    @Test
    void aLiveStreamGivesSpeakersWordsAndSegmentsThenBecomesAnAnalysedRecording() throws Exception {
        start(c -> c);
        try (WsTestClient producer = client(); WsTestClient watcher = client()) {
            // 44.1 kHz stereo float, in pieces that split sample frames: resampling, down-mixing, carrying
            producer.send(startMessage(44_100, "pcm_f32le", 2));
            JsonNode started = producer.await(type("live.started"), WAIT);
            assertEquals(1, started.get("id").asInt());
            String id = started.get("recording").asText();
            watcher.send("{\"type\":\"subscribe\",\"recording\":\"" + id + "\"}");
            assertEquals("live", watcher.await(type("subscribed"), WAIT).get("status").asText());
            float[] audio = LiveAudio.turns(44_100, 6, 2.0);
            byte[] bytes = LiveAudio.f32(audio, 2);
            sendInPieces(producer, bytes, 8191);
            producer.send("{\"type\":\"live.stop\"}");
            List<JsonNode> events = until(producer, type("live.replaced"));
            Set<String> types = new HashSet<>();
            Set<String> segmentSpeakers = new HashSet<>();
            Set<String> newSpeakers = new HashSet<>();
            boolean partial = false;
            boolean fin = false;
            JsonNode ended = null;
            double lastEnd = 0;
            for (JsonNode e : events) {
                types.add(e.path("type").asText());
                switch (e.path("type").asText()) {
                    case "segment" -> {
                        JsonNode s = e.get("segment");
                        if (s.get("stage").asText().equals("live")) {
                            segmentSpeakers.add(s.get("speaker").asText());
                            assertTrue(s.get("start").asDouble() >= lastEnd - 1e-6, "live segments come in order");
                            lastEnd = s.get("end").asDouble();
                            assertTrue(s.hasNonNull("emotion"), s.toString());
                            // the stand-in embedder has no live calibration: the label says nothing of how sure it is
                            assertTrue(!s.has("speakerConfidence"), s.toString());
                        }
                    }
                    case "live.speaker" -> newSpeakers.add(e.get("speaker").asText());
                    case "words" -> {
                        partial |= !e.get("final").asBoolean() && e.get("words").size() > 0;
                        fin |= e.get("final").asBoolean();
                        for (JsonNode w : e.get("words")) {
                            assertTrue(w.get("end").asDouble() <= audio.length / 44_100.0 + 0.6, w.toString());
                        }
                    }
                    case "live.ended" -> ended = e;
                    default -> { }
                }
            }
            assertTrue(types.containsAll(List.of("status", "live.format", "live.stages", "segment", "emotion",
                    "live.ended", "live.replaced")), types.toString());
            assertEquals(Set.of("S1", "S2"), segmentSpeakers);
            assertEquals(Set.of("S1", "S2"), newSpeakers);
            assertTrue(partial && fin, "partial and final words");
            assertEquals("stopped", ended.get("reason").asText());
            assertEquals(bytes.length, ended.get("bytes").asLong());
            assertEquals(0, ended.get("droppedBytes").asInt());
            assertEquals(audio.length / 44_100.0, ended.get("seconds").asDouble(), 1e-6);
            assertTrue(ended.get("offlineAnalysis").asBoolean());
            // the subscriber saw the same stream
            assertEquals(Set.of("S1", "S2"), new HashSet<>(until(watcher, type("live.replaced")).stream()
                    .filter(type("live.speaker")).map(e -> e.get("speaker").asText()).toList()));
            // a normal recording now: analysed offline from the kept audio
            JsonNode rec = getJson("/api/recordings/" + id);
            assertEquals("done", rec.get("status").asText(), rec.toString());
            assertEquals(44 + bytes.length, Files.size(data.resolve("uploads").resolve(id).resolve("call.wav")));
        }
    }

    @Test
    void unsupportedFormatsAndStrayAudioGetErrorFramesAndStartNothing() throws Exception {
        start(c -> c);
        try (WsTestClient c = client()) {
            c.sendBinary(new byte[] {1, 2, 3});
            assertEquals("live.not_started", c.await(type("error"), WAIT).get("code").asText());
            c.send(startMessage(96_000, "pcm_s16le", 1));
            assertEquals("live.bad_rate", c.await(type("error"), WAIT).get("code").asText());
            c.send(startMessage(16_000, "mp3", 1));
            assertEquals("live.bad_encoding", c.await(type("error"), WAIT).get("code").asText());
            c.send(startMessage(16_000, "pcm_s16le", 6));
            assertEquals("live.bad_channels", c.await(type("error"), WAIT).get("code").asText());
            c.send("{\"type\":\"live.start\",\"sampleRate\":\"16000\",\"encoding\":\"pcm_s16le\",\"channels\":1}");
            assertEquals("live.bad_rate", c.await(type("error"), WAIT).get("code").asText());
            c.send("{\"type\":\"live.stop\"}");
            assertEquals("live.not_started", c.await(type("error"), WAIT).get("code").asText());
            assertEquals(0, getJson("/api/recordings").path("recordings").size(), "no recording was started");
            c.send("{\"type\":\"ping\",\"id\":\"alive\"}");
            assertEquals("alive", c.await(type("pong"), WAIT).get("id").asText());
        }
    }

    @Test
    void garbageSilenceAndOddLengthsAreKeptAndAnalysed() throws Exception {
        start(c -> c);
        try (WsTestClient c = client()) {
            c.send(startMessage(16_000, "pcm_f32le", 1));
            String id = c.await(type("live.started"), WAIT).get("recording").asText();
            c.send(startMessage(16_000, "pcm_f32le", 1));
            assertEquals("live.already_started", c.await(type("error"), WAIT).get("code").asText());
            byte[] silence = new byte[16_000 * 4 * 30]; // 30 s of digital silence
            sendInPieces(c, silence, 60_000);
            java.util.Random rnd = new java.util.Random(7);
            byte[] garbage = new byte[64_001]; // random bytes: NaNs, infinities, huge values; and a torn sample
            rnd.nextBytes(garbage);
            sendInPieces(c, garbage, 1001);
            c.send("{\"type\":\"live.stop\"}");
            JsonNode ended = c.await(type("live.ended"), WAIT);
            assertEquals(1, ended.get("droppedBytes").asInt(), "the torn last sample is not kept");
            assertTrue(ended.get("invalidSamples").asLong() > 0, ended.toString());
            assertEquals(30 + 16_000 / 16_000.0, ended.get("seconds").asDouble(), 0.01);
            c.await(type("live.replaced"), WAIT);
            assertEquals("done", getJson("/api/recordings/" + id).get("status").asText());
        }
    }

    @Test
    void streamLimitsTheLengthCapAndAClientThatDisappears() throws Exception {
        start(c -> c.live(1, 300, 3.0));
        try (WsTestClient a = client(); WsTestClient b = client(); WsTestClient watcher = client()) {
            a.send(startMessage(16_000, "pcm_s16le", 1));
            String id = a.await(type("live.started"), WAIT).get("recording").asText();
            b.send(startMessage(16_000, "pcm_s16le", 1));
            assertEquals("live.too_many", b.await(type("error"), WAIT).get("code").asText());
            watcher.send("{\"type\":\"subscribe\",\"recording\":\"" + id + "\"}");
            watcher.await(type("subscribed"), WAIT);
            // a stream that never stops: ended at the 3 s cap, the rest refused
            sendInPieces(a, LiveAudio.s16(LiveAudio.turns(16_000, 4, 1.5), 1), 3200);
            assertEquals("live.too_long", a.await(type("error"), WAIT).get("code").asText());
            JsonNode ended = watcher.await(type("live.ended"), WAIT);
            assertEquals("cap", ended.get("reason").asText());
            assertEquals(3.0, ended.get("seconds").asDouble(), 1e-9, ended.toString());
            assertTrue(ended.get("bytes").asLong() >= 96_000, "what came before the cap was kept: " + ended);
            watcher.await(type("live.replaced"), WAIT);
            // the slot is free again; this client vanishes without live.stop: ended after the 300 ms timeout
            b.send(startMessage(8_000, "pcm_s16le", 1));
            String id2 = b.await(type("live.started"), WAIT).get("recording").asText();
            watcher.send("{\"type\":\"subscribe\",\"recording\":\"" + id2 + "\"}");
            watcher.await(type("subscribed"), WAIT);
            sendInPieces(b, LiveAudio.s16(LiveAudio.turns(8_000, 1, 1.0), 1), 1600);
            b.socket.abort();
            JsonNode gone = watcher.await(type("live.ended"), WAIT);
            assertEquals("timeout", gone.get("reason").asText());
            watcher.await(type("live.replaced"), WAIT);
            assertEquals("done", getJson("/api/recordings/" + id2).get("status").asText());
        }
    }

    /** A streaming VAD that needs 4 ms per 32 ms chunk: the analysis runs at 8 x real time. */
    public static final class SlowVad extends io.emotrace.pipeline.TestStages.SelfContained<
            io.emotrace.vad.VoiceActivityDetector> implements io.emotrace.vad.VadFactory,
            io.emotrace.vad.VoiceActivityDetector {
        public SlowVad() {
            super("slow-test", "slow streaming VAD");
        }

        @Override
        public List<io.emotrace.domain.SpeechRegion> detect(io.emotrace.audio.AudioSource audio) {
            return List.of();
        }

        @Override
        public io.emotrace.vad.VadStream openStream() {
            return new io.emotrace.vad.VadStream() {
                private int filled;
                private long index;

                @Override
                public int chunkSamples() {
                    return 512;
                }

                @Override
                public void accept(float[] x, int off, int n, io.emotrace.vad.SileroVad.ProbabilitySink sink) {
                    for (int i = 0; i < n; i++) {
                        if (++filled == 512) {
                            filled = 0;
                            try {
                                Thread.sleep(4);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            sink.accept(index++, 0f);
                        }
                    }
                }

                @Override
                public void close() {
                }
            };
        }
    }

    @Test
    void aClientSendingFasterThanTheAnalysisIsBackPressuredNotBuffered() throws Exception {
        data = Files.createTempDirectory("emotrace-live-test");
        server = EmotraceServer.start(new ServiceConfig().port(0).dataDir(data).liveMaxPendingBytes(64 * 1024),
                ServiceStages.light(new SlowVad()), List.of(new WebSocketExtension()));
        try (WsTestClient c = client()) {
            c.send(startMessage(16_000, "pcm_s16le", 1));
            c.await(type("live.started"), WAIT);
            byte[] minute = new byte[16_000 * 2 * 24]; // 768 KB: 24 s of audio, sent at once
            long t0 = System.nanoTime();
            sendInPieces(c, minute, 32_000);
            c.send("{\"type\":\"live.stop\"}");
            JsonNode ended = c.await(type("live.ended"), Duration.ofSeconds(60));
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertEquals(minute.length, ended.get("bytes").asLong(), "nothing lost");
            assertTrue(seconds > 24 / 8.0 * 0.8, "it took the analysis' time, not the network's: " + seconds);
            long peak = server.components().live().peakPendingBytes();
            assertTrue(peak <= 64 * 1024 + 4 * 32_000, "pending audio bounded by the limit (+ frames in flight): "
                    + peak);
        }
    }

    @Test
    void aClientThatComesBackInTimeResumesItsStream() throws Exception {
        start(c -> c.live(4, 10_000, 3600));
        String id;
        byte[] first = LiveAudio.s16(LiveAudio.turns(16_000, 2, 1.0), 1);
        try (WsTestClient a = client()) {
            a.send(startMessage(16_000, "pcm_s16le", 1));
            id = a.await(type("live.started"), WAIT).get("recording").asText();
            sendInPieces(a, first, 3200);
            a.await(type("segment"), WAIT);
            a.socket.abort();
        }
        try (WsTestClient a = client()) {
            a.send("{\"type\":\"live.resume\",\"recording\":\"" + id + "\"}");
            assertEquals(id, a.await(type("live.resumed"), WAIT).get("recording").asText());
            sendInPieces(a, first, 3200);
            a.send("{\"type\":\"live.stop\"}");
            JsonNode ended = a.await(type("live.ended"), WAIT);
            assertEquals("stopped", ended.get("reason").asText());
            assertEquals(2 * first.length, ended.get("bytes").asLong());
            a.send("{\"type\":\"live.resume\",\"recording\":\"" + id + "\"}");
            assertEquals("live.not_found", a.await(type("error"), WAIT).get("code").asText());
        }
        assertFalse(server.components().live().activeStreams() > 0);
    }
}
