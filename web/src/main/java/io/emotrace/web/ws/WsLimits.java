package io.emotrace.web.ws;

import java.time.Duration;

/**
 * The bounds that keep one WebSocket client from costing the server unbounded memory or CPU.
 *
 * @param maxMessageBytes    largest client text message handled; bigger ones get a {@code ws.too_big} error frame
 * @param maxQueuedMessages  outbound messages a connection may hold while its socket is busy
 * @param maxQueuedBytes     outbound characters a connection may hold while its socket is busy
 * @param overLimitGrace     how long a client may stay over the queue limits before it is disconnected
 * @param historyPerRecording recent events kept per recording for subscribers that resume with {@code since}
 * @param maxSubscriptions   recordings one connection may subscribe to at once
 * @param messagesPerSecond  sustained client message rate (token bucket; burst = 2 s worth)
 */
public record WsLimits(int maxMessageBytes, int maxQueuedMessages, long maxQueuedBytes, Duration overLimitGrace,
                       int historyPerRecording, int maxSubscriptions, int messagesPerSecond) {
    public static final WsLimits DEFAULT = new WsLimits(64 * 1024, 1024, 4L << 20, Duration.ofSeconds(10),
            4096, 64, 50);

    public WsLimits {
        if (maxMessageBytes <= 0 || maxQueuedMessages < 8 || maxQueuedBytes <= 0 || overLimitGrace.isNegative()
                || historyPerRecording < 0 || maxSubscriptions <= 0 || messagesPerSecond <= 0) {
            throw new IllegalArgumentException("bad WebSocket limits: " + this);
        }
    }
}
