package io.emotrace.web.live.bench;

import io.emotrace.SharedData;
import io.emotrace.cli.CliCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./emotrace bench live}: live-stream latency, concurrency, backpressure and attribution on loopback. */
@Command(name = "live", mixinStandardHelpOptions = true,
        description = "Runs 'emotrace serve' as a child process pinned to --cpus cores and streams AMI meeting excerpts "
                + "to it over /ws: segment and partial-word latency (p50/p99), live speaker attribution (DER vs the "
                + "offline analysis), concurrent real-time streams, a client sending faster than real time, RSS.")
public final class LiveBenchCommand implements CliCommand, Callable<Integer> {
    @Option(names = "--meetings", description = "AMI excerpts streamed (default ${DEFAULT-VALUE})", split = ",")
    List<String> meetings = List.of("dev00", "dev01", "trn00");

    @Option(names = "--cpus", description = "cores the service may use (default ${DEFAULT-VALUE})")
    int cpus = 2;

    @Option(names = "--max-streams", description = "largest concurrency tried (default ${DEFAULT-VALUE})")
    int maxStreams = 6;

    @Option(names = "--data", description = "work directory (default: a new temp directory)")
    Path data;

    @Override
    public String parent() {
        return "bench";
    }

    @Override
    public Integer call() throws Exception {
        if (cpus < 1 || maxStreams < 1 || maxStreams > 32 || meetings.isEmpty()) {
            System.err.println("bench live: --cpus >= 1, --max-streams 1..32, at least one meeting");
            return 2;
        }
        Path ami = SharedData.root().resolve("data/ami-dev");
        List<Path> files = new ArrayList<>();
        for (String m : meetings) {
            Path f = ami.resolve(m + ".flac");
            if (!Files.isRegularFile(f)) {
                System.err.println("bench live: needs " + f + " (set EMOTRACE_SHARED)");
                return 2;
            }
            files.add(f);
        }
        Path dir = data != null ? data : Files.createTempDirectory("emotrace-bench-live");
        Files.createDirectories(dir);
        List<String> below = new LiveBench(dir, files, ami.resolve("reference.rttm"), ami.resolve("reference.uem"),
                cpus, maxStreams, System.out).run();
        System.out.println(below.isEmpty() ? "bench live: all targets met"
                : "bench live: below target:\n  " + String.join("\n  ", below));
        return below.isEmpty() ? 0 : 1;
    }
}
