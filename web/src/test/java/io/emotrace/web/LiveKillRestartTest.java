package io.emotrace.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.emotrace.SharedTestData;
import io.emotrace.audio.AudioStream;
import io.emotrace.audio.FfmpegAudioDecoder;
import io.emotrace.output.FileTrees;
import io.emotrace.web.bench.ServiceProcess;
import io.emotrace.web.live.LiveClient;
import io.emotrace.web.live.LiveFormat;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A real {@code kill -9} of the service during a live stream (real models): the audio received so far is kept, and
 * after a restart on the same data directory the recording is analysed offline like any upload.
 */
class LiveKillRestartTest {
    @Test
    void aStreamKilledWithSigkillIsKeptAndAnalysedAfterRestart() throws Exception {
        Path audio = SharedTestData.require("data/ami-dev/trn00.flac");
        float[] samples = new float[16_000 * 30];
        int n = 0;
        try (AudioStream in = new FfmpegAudioDecoder().open(audio)) {
            for (int r; n < samples.length && (r = in.read(samples, n, samples.length - n)) >= 0; ) {
                n += r;
            }
        }
        Path data = Files.createTempDirectory("emotrace-live-kill-test");
        Path log = data.resolveSibling(data.getFileName() + ".log");
        try {
            String id;
            double received;
            try (ServiceProcess first = ServiceProcess.start(data, "1g", 0, log, 180)) {
                try (LiveClient c = LiveClient.connect(first.baseUrl(), null, null)) {
                    id = c.start(new LiveFormat(16_000, LiveFormat.Encoding.PCM_S16LE, 1), "killed call");
                    for (int off = 0; off < n && c.sentSeconds() < 12; off += 1600) {
                        c.send(LiveClient.s16(samples, off, Math.min(1600, n - off)), 0);
                    }
                    received = c.await(r -> r.type().equals("live.progress")
                            && r.message().path("received").asDouble() >= 4, Duration.ofSeconds(120))
                            .message().path("received").asDouble();
                    first.kill9();
                    assertTrue(!first.alive());
                }
            }
            Path wav = data.resolve("uploads").resolve(id).resolve("killed_call.wav");
            long kept = Files.size(wav) - 44;
            assertTrue(kept >= received * 32_000, "the audio received before the kill is on disk: " + kept + " bytes");
            try (ServiceProcess second = ServiceProcess.start(data, "1g", 0, log, 180)) {
                Http http = new Http(second.baseUrl());
                JsonNode done = http.awaitFinished(id, Duration.ofSeconds(300));
                assertEquals("done", done.path("status").asText(), done.toString());
                assertEquals(200, http.get("/api/recordings/" + id + "/result.json").status());
            }
            ByteBuffer h = ByteBuffer.wrap(Files.readAllBytes(wav), 0, 44).order(ByteOrder.LITTLE_ENDIAN);
            assertEquals(Files.size(wav) - 44, h.getInt(40) & 0xFFFFFFFFL, "the WAV header was repaired");
            assertEquals(0, (Files.size(wav) - 44) % 2, "whole samples only");
        } finally {
            FileTrees.delete(data);
            Files.deleteIfExists(log);
        }
    }
}
