package io.emotrace.web.ws.bench;

import io.emotrace.SharedData;
import io.emotrace.cli.CliCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./emotrace bench service}: WebSocket fan-out, concurrent uploads and kill -9 recovery, on loopback. */
@Command(name = "service", mixinStandardHelpOptions = true,
        description = "Runs 'emotrace serve' as a child process on 127.0.0.1 and checks: N WebSocket subscribers on "
                + "one analysis all receive every event (p50/p99 latency), M concurrent uploads all analysed, and "
                + "kill -9 during an analysis loses nothing after a restart; then hostile clients attack while a "
                + "normal client's latency, the threads and the RSS are watched.")
public final class ServiceBenchCommand implements CliCommand, Callable<Integer> {
    @Option(names = "--subscribers", description = "WebSocket subscribers (default ${DEFAULT-VALUE})")
    int subscribers = 200;

    @Option(names = "--uploads", description = "concurrent uploads (default ${DEFAULT-VALUE})")
    int uploads = 20;

    @Option(names = "--file", description = "recording analysed while subscribers watch, and killed during "
            + "(default: ../shared/data/librispeech/interview-3-speakers.mp3)")
    Path file;

    @Option(names = "--data", description = "service data directory (default: a new temp directory)")
    Path data;

    @Option(names = "--timeout", description = "seconds to wait for one analysis (default ${DEFAULT-VALUE})")
    int timeoutSeconds = 600;

    @Option(names = "--no-kill", description = "skip the kill -9 phase")
    boolean noKill;

    @Option(names = "--hostile-seconds", description = "length of the hostile-clients section, 0 to skip it "
            + "(default ${DEFAULT-VALUE})")
    int hostileSeconds = 30;

    @Option(names = "--hostile-only", description = "run only the hostile-clients section")
    boolean hostileOnly;

    @Override
    public String parent() {
        return "bench";
    }

    @Override
    public Integer call() throws Exception {
        if (subscribers < 1 || subscribers > 2000 || uploads < 1 || uploads > 200 || timeoutSeconds < 10
                || hostileSeconds < 0 || hostileSeconds > 600 || (hostileOnly && hostileSeconds == 0)) {
            System.err.println("bench service: --subscribers 1..2000, --uploads 1..200, --timeout >= 10, "
                    + "--hostile-seconds 0..600 (> 0 with --hostile-only)");
            return 2;
        }
        Path shared = SharedData.root();
        Path stream = file != null ? file : shared.resolve("data/librispeech/interview-3-speakers.mp3");
        Path uploadDir = shared.resolve("data/ravdess/Actor_01");
        if (!Files.isRegularFile(stream) || !Files.isDirectory(uploadDir)) {
            System.err.println("bench service: needs " + stream + " and " + uploadDir
                    + " (set EMOTRACE_SHARED or --file)");
            return 2;
        }
        List<Path> small;
        try (Stream<Path> s = Files.list(uploadDir)) {
            small = s.filter(Files::isRegularFile).sorted().limit(uploads).toList();
        }
        Path dir = data != null ? data : Files.createTempDirectory("emotrace-bench-service");
        Files.createDirectories(dir);
        List<String> failed = new ArrayList<>();
        if (!hostileOnly) {
            failed.addAll(new ServiceBench(dir, subscribers, uploads, stream, small,
                    Duration.ofSeconds(timeoutSeconds), System.out).run(!noKill));
        }
        if (hostileSeconds > 0) {
            List<String> hostile = new HostileSection(dir, small, Duration.ofSeconds(hostileSeconds), System.out).run();
            System.out.println(hostile.isEmpty() ? "bench service: hostile section passed"
                    : "bench service: hostile section FAILED:\n  " + String.join("\n  ", hostile));
            failed.addAll(hostile);
        }
        return failed.isEmpty() ? 0 : 1;
    }
}
