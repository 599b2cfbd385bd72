package io.emotrace.web.live;

import io.emotrace.audio.AudioStream;
import io.emotrace.audio.FfmpegAudioDecoder;
import io.emotrace.cli.CliCommand;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./emotrace live FILE|-}: streams a recording (any format the decoder reads, sent as 16 kHz pcm_s16le) or
 * raw PCM from stdin to a running service's live analysis and prints every server message as one JSON line.
 */
@Command(name = "live", mixinStandardHelpOptions = true,
        description = "Streams FILE (any format the decoder reads) or raw PCM from stdin ('-') to a running service "
                + "for live analysis, at real time or N x real time, and prints the server's events as JSON lines.")
public final class LiveCommand implements CliCommand, Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE|-", description = "audio file, or - for raw PCM on stdin")
    String input;

    @Option(names = "--server", description = "service URL (default ${DEFAULT-VALUE})")
    String server = "http://127.0.0.1:8080";

    @Option(names = "--token", description = "API token (default: $EMOTRACE_TOKEN)")
    String token = System.getenv("EMOTRACE_TOKEN");

    @Option(names = "--speed", description = "x real time; 0 = as fast as the server accepts (default ${DEFAULT-VALUE})")
    double speed = 1.0;

    @Option(names = "--rate", description = "stdin: sample rate, 8000..48000 (default ${DEFAULT-VALUE})")
    int rate = 16_000;

    @Option(names = "--encoding", description = "stdin: pcm_s16le or pcm_f32le (default ${DEFAULT-VALUE})")
    String encoding = "pcm_s16le";

    @Option(names = "--channels", description = "stdin: 1 or 2 (default ${DEFAULT-VALUE})")
    int channels = 1;

    @Option(names = "--chunk-ms", description = "audio per binary frame (default ${DEFAULT-VALUE})")
    int chunkMs = 100;

    @Option(names = "--name", description = "recording name (default: the file name, or 'stdin')")
    String name;

    @Option(names = "--until-replaced", description = "after the stream ends, wait for the offline analysis to "
            + "replace the live results (live.replaced)")
    boolean untilReplaced;

    @Override
    public Integer call() throws Exception {
        if (speed < 0 || chunkMs < 10 || chunkMs > 1000) {
            System.err.println("emotrace live: --speed >= 0, --chunk-ms 10..1000");
            return 2;
        }
        LiveFormat format;
        boolean stdin = input.equals("-");
        try {
            format = stdin ? LiveFormat.of(rate, encoding, channels)
                    : new LiveFormat(16_000, LiveFormat.Encoding.PCM_S16LE, 1);
        } catch (LiveFormat.Refused e) {
            System.err.println("emotrace live: " + e.getMessage());
            return 2;
        }
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        Object lock = new Object();
        try (LiveClient client = LiveClient.connect(server, token, r -> {
            synchronized (lock) {
                out.println(r.text());
            }
        })) {
            String label = name != null ? name : stdin ? "stdin" : Path.of(input).getFileName().toString();
            try {
                client.start(format, label);
            } catch (IllegalStateException refused) {
                System.err.println("emotrace live: refused: " + refused.getMessage());
                return 1;
            }
            long t0 = System.nanoTime();
            if (stdin) {
                streamStdin(client, format);
            } else {
                streamFile(client, Path.of(input));
            }
            client.stop();
            client.await(r -> r.type().equals("live.ended"), Duration.ofMinutes(10));
            System.err.printf(java.util.Locale.ROOT, "emotrace live: %.1f s of audio sent in %.1f s%n",
                    client.sentSeconds(), (System.nanoTime() - t0) / 1e9);
            if (untilReplaced) {
                client.await(r -> r.type().equals("live.replaced") || r.type().equals("status")
                        && r.message().path("status").asText().equals("failed"), Duration.ofHours(2));
            }
            return 0;
        }
    }

    private void streamFile(LiveClient client, Path file) throws Exception {
        int chunk = 16_000 * chunkMs / 1000;
        float[] buf = new float[chunk];
        try (AudioStream in = new FfmpegAudioDecoder().open(file)) {
            while (true) {
                int got = 0;
                for (int r; got < chunk && (r = in.read(buf, got, chunk - got)) >= 0; ) {
                    got += r;
                }
                if (got == 0) {
                    return;
                }
                client.send(LiveClient.s16(buf, 0, got), speed);
                if (got < chunk) {
                    return;
                }
            }
        }
    }

    private void streamStdin(LiveClient client, LiveFormat f) throws Exception {
        int bytes = (int) (f.bytesPerSecond() * chunkMs / 1000) / f.frameBytes() * f.frameBytes();
        InputStream in = System.in;
        byte[] buf = new byte[bytes];
        while (true) {
            int n = in.readNBytes(buf, 0, bytes);
            if (n <= 0) {
                return;
            }
            client.send(java.util.Arrays.copyOf(buf, n), speed);
            if (n < bytes) {
                return;
            }
        }
    }
}
