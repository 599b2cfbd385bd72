package io.emotrace.web.cluster;

import io.emotrace.audio.AudioSource;
import io.emotrace.domain.SpeechRegion;
import io.emotrace.pipeline.TestStages;
import io.emotrace.vad.VadFactory;
import io.emotrace.vad.VoiceActivityDetector;
import io.emotrace.web.EmotraceServer;
import io.emotrace.web.ServiceConfig;
import io.emotrace.web.ServiceStages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * One cluster node in its own JVM for {@link ClusterNodesTest}: the service on the light test stages (no models),
 * in cluster mode on a PostgreSQL URL and a shared data directory, with short leases. Its VAD first waits the
 * milliseconds written in {@code <data>/.test-vad-delay-ms}, so the test can hold jobs in the running state.
 * Prints the service's usual "listening on URL" line; SIGTERM stops it normally.
 *
 * <p>Arguments: JDBC_URL DATA_DIR NODE_ID HAZELCAST_PORT MEMBERS (comma-separated HOST:PORT) CLUSTER_NAME
 * [rate=PER_SECOND:BURST]
 */
public final class ClusterNodeMain {
    static final String DELAY_FILE = ".test-vad-delay-ms";

    private ClusterNodeMain() {
    }

    /** Energy VAD after a delay the test controls through a file in the shared data directory. */
    static final class DelayedVad extends TestStages.SelfContained<VoiceActivityDetector>
            implements VadFactory, VoiceActivityDetector {
        private final Path delayFile;
        private final TestStages.EnergyVad energy = new TestStages.EnergyVad();

        DelayedVad(Path data) {
            super("delayed-energy-test", "energy VAD after a test-controlled delay");
            this.delayFile = data.resolve(DELAY_FILE);
        }

        @Override
        public List<SpeechRegion> detect(AudioSource audio) {
            long ms = 0;
            try {
                ms = Long.parseLong(Files.readString(delayFile).strip());
            } catch (Exception none) {
                // no file: no delay
            }
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted");
            }
            return energy.detect(audio);
        }
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[1]);
        ServiceConfig cfg = ServiceConfig.defaults().port(0).dataDir(data).jdbcUrl(args[0]).cluster(true)
                .nodeId(args[2]).leaseSeconds(3).clusterPollMs(200).clusterPort(Integer.parseInt(args[3]))
                .clusterMembers(List.of(args[4].split(","))).clusterName(args[5]);
        for (int i = 6; i < args.length; i++) {
            if (args[i].startsWith("rate=")) {
                String[] r = args[i].substring(5).split(":");
                cfg.rateLimit(Double.parseDouble(r[0]), Integer.parseInt(r[1]));
            } else {
                throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        EmotraceServer server = EmotraceServer.start(cfg, ServiceStages.light(new DelayedVad(data)),
                List.of(new io.emotrace.web.ws.WebSocketExtension()));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }));
        System.err.println("emotrace serve: listening on " + server.baseUrl() + " (cluster node " + args[2] + ")");
        System.err.flush();
        stopped.await();
    }
}
