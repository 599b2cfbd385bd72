package io.emotrace.web.bench.cluster;

import io.emotrace.EmotraceException;
import io.emotrace.cli.CliCommand;
import io.emotrace.output.FileTrees;
import io.emotrace.runtime.HostInfo;
import io.emotrace.sample.SampleMeeting;
import io.emotrace.web.bench.ServiceProcess;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./emotrace bench cluster}: the same jobs (short real AMI meeting clips) on one plain node, then on 1, 2
 * and 3 {@code serve --cluster} nodes (separate JVMs on loopback, a fresh PostgreSQL database each time); prints
 * jobs and audio minutes per minute, CPU per job, the cluster's overhead against the plain node, the failover time
 * after a SIGKILL of the node running a job, and the latency of WebSocket events across nodes.
 */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = {"Cluster benchmark: jobs per minute on 1 plain node and on 1..N cluster nodes (PostgreSQL "
                + "queue, Hazelcast event bus), failover time after SIGKILL, cross-node event latency p50/p99.",
                "Needs PostgreSQL (./emotrace setup); drops and creates the database --database. On a machine with "
                        + "fewer cores than nodes it measures overhead, not speed-up."})
public final class ClusterBenchCommand implements CliCommand, Callable<Integer> {
    @Option(names = "--jobs", defaultValue = "8", description = "recordings analysed per run (default ${DEFAULT-VALUE})")
    int jobs;

    @Option(names = "--seconds", defaultValue = "20", description = "length of each recording, cut from the AMI "
            + "excerpts (at most 30; default ${DEFAULT-VALUE})")
    double seconds;

    @Option(names = "--nodes", defaultValue = "3", description = "largest cluster (runs 1..N; default ${DEFAULT-VALUE})")
    int maxNodes;

    @Option(names = "--lease-seconds", defaultValue = "10", description = "job lease of the nodes: the failover "
            + "waits for it to run out (default ${DEFAULT-VALUE}; the service's default is 30)")
    double leaseSeconds;

    @Option(names = "--latency-jobs", defaultValue = "4", description = "jobs watched from every node for the event "
            + "latency (default ${DEFAULT-VALUE})")
    int latencyJobs;

    @Option(names = "--pg", defaultValue = "127.0.0.1:5432", paramLabel = "HOST:PORT",
            description = "PostgreSQL server (default ${DEFAULT-VALUE})")
    String pg;

    @Option(names = "--pg-user", defaultValue = "postgres", description = "its user, trust authentication "
            + "(default ${DEFAULT-VALUE})")
    String pgUser;

    @Option(names = "--database", defaultValue = "emotrace_bench", description = "database dropped and created "
            + "for each cluster run (default ${DEFAULT-VALUE})")
    String database;

    @Option(names = "--heap", defaultValue = "1536m", description = "-Xmx of each node (default ${DEFAULT-VALUE})")
    String heap;

    @Option(names = "--work", paramLabel = "DIR", description = "clips, node data and logs "
            + "(default $EMOTRACE_CACHE/bench-cluster)")
    Path work;

    @Spec
    CommandSpec spec;

    @Override
    public String parent() {
        return "bench";
    }

    /** One throughput run. */
    private record Run(String label, int nodes, double wallSeconds, double cpuSeconds) {
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (jobs < 1 || jobs > 500 || !(seconds >= 1 && seconds <= 30) || maxNodes < 1 || maxNodes > 8
                || !(leaseSeconds >= 1) || latencyJobs < 1 || !database.matches("[a-z_][a-z0-9_]{0,62}")) {
            err.println("emotrace bench cluster: --jobs 1..500, --seconds 1..30, --nodes 1..8, --lease-seconds >= 1, "
                    + "--latency-jobs >= 1, --database a lower-case SQL name");
            return 2;
        }
        Path dir = (work != null ? work : SampleMeeting.defaultCacheDir().resolveSibling("bench-cluster"))
                .toAbsolutePath();
        try {
            out.printf(Locale.ROOT, "bench cluster: %s, %d cores, load average %s%n", HostInfo.cpuModel(),
                    Runtime.getRuntime().availableProcessors(), HostInfo.loadAverage());
            List<Path> clips = BenchClips.cut(dir.resolve("clips"), jobs + latencyJobs + 1, seconds);
            List<Path> measured = clips.subList(0, jobs);
            out.printf(Locale.ROOT, "%d jobs of %.0f s (AMI %s, cut in turn), %.1f audio minutes per run; each node "
                    + "a JVM with -Xmx%s, every model loaded before the clock starts, 1 worker%n", jobs, seconds,
                    String.join("/", BenchClips.SOURCES), jobs * seconds / 60, heap);
            out.flush();
            BenchDatabase db = new BenchDatabase(pg, database, pgUser);
            Path config = BenchNodes.config(dir, leaseSeconds, "emotrace-bench-" + ProcessHandle.current().pid());
            BenchApi api = new BenchApi();
            List<Run> runs = new ArrayList<>();
            Path data = dir.resolve("data");
            FileTrees.delete(data);
            try (BenchNodes single = BenchNodes.single(data.resolve("single"), config, heap, dir.resolve("single.log"))) {
                runs.add(throughput("plain node (SQLite)", single, measured, api, out));
            }
            for (int k = 1; k <= maxNodes; k++) {
                db.recreate();
                Path shared = data.resolve("cluster-" + k);
                try (BenchNodes nodes = BenchNodes.cluster(k, shared, config, heap, dir.resolve("cluster-" + k + ".log"),
                        db, freePort())) {
                    runs.add(throughput("cluster", nodes, measured, api, out));
                    if (k == maxNodes) {
                        List<Path> rest = clips.subList(jobs, clips.size());
                        latency(nodes, rest.subList(0, latencyJobs), db, api, out);
                        failover(nodes, rest.get(latencyJobs), db, api, out);
                    }
                }
            }
            summary(runs, out);
            out.printf(Locale.ROOT, "load average at the end %s; node logs under %s%n", HostInfo.loadAverage(), dir);
            FileTrees.delete(data);
            return 0;
        } catch (EmotraceException e) {
            err.println("emotrace bench cluster: error " + e.describe());
            return 1;
        } catch (IOException | SQLException e) {
            err.println("emotrace bench cluster: error [bench.io] " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    /** Uploads the clips round-robin over the nodes and waits until all are done. */
    private Run throughput(String label, BenchNodes nodes, List<Path> clips, BenchApi api, PrintWriter out)
            throws IOException, InterruptedException, EmotraceException {
        List<String> urls = nodes.urls();
        double cpu0 = nodes.cpuSeconds();
        long t0 = System.nanoTime();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < clips.size(); i++) {
            ids.add(api.upload(urls.get(i % urls.size()), clips.get(i)));
        }
        long t1 = api.awaitDone(urls.get(0), ids, Duration.ofMinutes(30));
        Run r = new Run(label, urls.size(), (t1 - t0) / 1e9, nodes.cpuSeconds() - cpu0);
        out.printf(Locale.ROOT, "  %s, %d node(s): %d jobs in %.1f s%n", label, r.nodes(), clips.size(),
                r.wallSeconds());
        out.flush();
        return r;
    }

    private void summary(List<Run> runs, PrintWriter out) {
        out.println();
        out.println("| setup | nodes | wall s | jobs/min | audio min/min | node CPU s per job |");
        out.println("|---|---|---|---|---|---|");
        for (Run r : runs) {
            out.printf(Locale.ROOT, "| %s | %d | %.1f | %.2f | %.2f | %.2f |%n", r.label(), r.nodes(), r.wallSeconds(),
                    jobs / r.wallSeconds() * 60, jobs * seconds / r.wallSeconds(), r.cpuSeconds() / jobs);
        }
        Run plain = runs.get(0);
        Run one = runs.get(1);
        out.printf(Locale.ROOT, "cluster mode on 1 node against the plain node: wall %+.1f %%, node CPU per job %+.1f %%"
                        + "%n", (one.wallSeconds() / plain.wallSeconds() - 1) * 100,
                (one.cpuSeconds() / plain.cpuSeconds() - 1) * 100);
        for (int i = 2; i < runs.size(); i++) {
            out.printf(Locale.ROOT, "%d nodes against 1 cluster node: %.2fx the jobs per minute (%d cores here)%n",
                    runs.get(i).nodes(), one.wallSeconds() / runs.get(i).wallSeconds(),
                    Runtime.getRuntime().availableProcessors());
        }
        out.flush();
    }

    /**
     * Every job watched from every node: latency from the runner's publication ({@code ts}) to receipt, split into
     * subscribers on the node that ran the job and subscribers on the others (across the event bus).
     */
    private void latency(BenchNodes nodes, List<Path> clips, BenchDatabase db, BenchApi api, PrintWriter out)
            throws IOException, InterruptedException, EmotraceException, SQLException {
        HttpClient client = HttpClient.newHttpClient();
        List<EventLatencyProbe> probes = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        List<String> urls = nodes.urls();
        List<String> names = new ArrayList<>(nodes.nodes.keySet());
        try {
            for (int i = 0; i < clips.size(); i++) {
                String id = api.upload(urls.get(i % urls.size()), clips.get(i));
                ids.add(id);
                for (int k = 0; k < urls.size(); k++) {
                    try {
                        probes.add(EventLatencyProbe.subscribe(client, names.get(k), urls.get(k), id));
                    } catch (Exception e) {
                        throw new EmotraceException("bench.ws_failed", "cannot subscribe on " + urls.get(k) + ": " + e, e);
                    }
                }
            }
            api.awaitDone(urls.get(0), ids, Duration.ofMinutes(30));
            Thread.sleep(1000); // the last events' relays
            List<Long> local = new ArrayList<>();
            List<Long> remote = new ArrayList<>();
            try (Connection c = db.connect()) {
                for (EventLatencyProbe p : probes) {
                    String[] job = db.job(c, p.recording);
                    boolean same = job != null && p.node.equals(job[1]);
                    (same ? local : remote).addAll(p.latencies());
                }
            }
            out.printf(Locale.ROOT, "event latency (runner's ts -> WebSocket receipt, %d jobs watched on all %d nodes): "
                    + "same node p50/p99 %d/%d ms (%d events), across nodes p50/p99 %d/%d ms (%d events)%n",
                    ids.size(), urls.size(), pct(local, 50), pct(local, 99), local.size(), pct(remote, 50),
                    pct(remote, 99), remote.size());
            out.flush();
        } finally {
            probes.forEach(EventLatencyProbe::close);
        }
    }

    /** SIGKILL of the node holding a running job's lease; times to the rerun's start and to its end elsewhere. */
    private void failover(BenchNodes nodes, Path clip, BenchDatabase db, BenchApi api, PrintWriter out)
            throws IOException, InterruptedException, EmotraceException, SQLException {
        List<String> urls = nodes.urls();
        String id = api.upload(urls.get(0), clip);
        try (Connection c = db.connect()) {
            String victim = null;
            long end = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (victim == null && System.nanoTime() < end) {
                String[] job = db.job(c, id);
                if (job != null && job[0].equals("done")) {
                    throw new EmotraceException("bench.failover_missed", "the failover job finished before it could be "
                            + "killed; use a longer --seconds");
                }
                if (job != null && job[0].equals("running") && job[1] != null) {
                    victim = job[1];
                } else {
                    Thread.sleep(10);
                }
            }
            if (victim == null) {
                throw new EmotraceException("bench.timeout", "the failover job did not start within 5 minutes");
            }
            ServiceProcess p = nodes.nodes.get(victim);
            p.kill9();
            long killed = System.nanoTime();
            double restarted = -1;
            String rerunBy = null;
            end = killed + Duration.ofMinutes(10).toNanos();
            while (System.nanoTime() < end) {
                String[] job = db.job(c, id);
                if (job == null) {
                    throw new EmotraceException("bench.job_failed", "the failover job disappeared");
                }
                if (restarted < 0 && job[1] != null && !job[1].equals(victim)
                        && (job[0].equals("running") || job[0].equals("done"))) {
                    restarted = (System.nanoTime() - killed) / 1e9;
                    rerunBy = job[1];
                }
                if (job[0].equals("done")) {
                    double finished = (System.nanoTime() - killed) / 1e9;
                    out.printf(Locale.ROOT, "failover: SIGKILL of %s while it ran a %.0f s job; rerun started on %s "
                                    + "%.1f s after the kill, finished %.1f s after it (lease %.0f s, attempts %s)%n",
                            victim, seconds, rerunBy, restarted, finished, leaseSeconds, job[2]);
                    out.flush();
                    return;
                }
                if (job[0].equals("failed")) {
                    throw new EmotraceException("bench.job_failed", "the failover job failed after the kill");
                }
                Thread.sleep(20);
            }
            throw new EmotraceException("bench.timeout", "the killed node's job did not finish elsewhere in 10 min");
        }
    }

    private static long pct(List<Long> values, int p) {
        if (values.isEmpty()) {
            return -1;
        }
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return Math.min(s.getLocalPort(), 65000);
        }
    }
}
