package io.emotrace.web;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.HazelcastInstance;
import io.emotrace.EmotraceException;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Cluster mode's Vert.x: clustered, with the standard Hazelcast cluster manager. Members join over TCP/IP from an
 * explicit list ({@code clusterMembers}); multicast and auto-detection are off, so nothing is discovered that the
 * configuration does not name. The event bus listens on {@code clusterHost} at a free port (Hazelcast tells the
 * others where). Vert.x's own cluster maps keep Vert.x's default Hazelcast settings (backups 1).
 */
final class ClusterBus {
    /** Hazelcast logs through JUL; its INFO chatter (member lists, partitions) is kept out of the service log. */
    private static final Logger HAZELCAST_LOG = Logger.getLogger("com.hazelcast");

    private ClusterBus() {
    }

    static Config hazelcastConfig(ServiceConfig c) {
        Config hz = ConfigUtil.loadConfig(); // Vert.x's default-cluster.xml: its subscription map settings
        hz.setClusterName(c.clusterName());
        hz.setProperty("hazelcast.phone.home.enabled", "false");
        hz.setProperty("hazelcast.shutdownhook.enabled", "false"); // Vert.x leaves the cluster at close
        hz.setProperty("hazelcast.logging.type", "jdk");
        hz.getNetworkConfig().setPort(c.clusterPort()).setPortAutoIncrement(true).setPortCount(100);
        hz.getNetworkConfig().setPublicAddress(c.clusterHost());
        hz.getNetworkConfig().getInterfaces().setEnabled(true).addInterface(c.clusterHost());
        JoinConfig join = hz.getNetworkConfig().getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(c.clusterMembers());
        return hz;
    }

    /** The clustered Vert.x and the cluster manager's Hazelcast instance (shared maps: rate limits). */
    record Joined(Vertx vertx, HazelcastInstance hazelcast) {
    }

    static Joined start(ServiceConfig c) throws EmotraceException {
        HAZELCAST_LOG.setLevel(Level.WARNING);
        VertxOptions options = new VertxOptions();
        options.getEventBusOptions().setHost(c.clusterHost()).setPort(0);
        HazelcastClusterManager manager = new HazelcastClusterManager(hazelcastConfig(c));
        try {
            Vertx vertx = Vertx.builder().with(options).withClusterManager(manager)
                    .buildClustered().toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
            return new Joined(vertx, manager.getHazelcastInstance());
        } catch (Exception e) {
            Throwable cause = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null
                    ? e.getCause() : e;
            throw new EmotraceException("cluster.unavailable", "cannot join the cluster event bus (members "
                    + c.clusterMembers() + ", port " + c.clusterPort() + "): " + cause, cause);
        }
    }
}
