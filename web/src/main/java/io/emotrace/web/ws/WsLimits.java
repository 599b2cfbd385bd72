package io.emotrace.web.ws;

import java.time.Duration;

/**
 * The bounds that keep one WebSocket client from costing the server unbounded memory or CPU. Memory a connection
 * can hold: its outbound queue (at most {@code maxQueuedBytes} of event text, 1 MiB by default, shared with other
 * connections that get the same events), the socket's write buffer (256 KiB) and one inbound message being
 * assembled (at most {@code maxMessageBytes} plus one frame): about 1.4 MiB, times the service's connection cap.
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
    public static final WsLimits DEFAULT = new WsLimits(64 * 1024, 1024, 1L << 20, Duration.ofSeconds(10),
            4096, 64, 50);

    public WsLimits {
        if (maxMessageBytes <= 0 || maxQueuedMessages < 8 || maxQueuedBytes <= 0 || overLimitGrace.isNegative()
                || historyPerRecording < 0 || maxSubscriptions <= 0 || messagesPerSecond <= 0) {
            throw new IllegalArgumentException("bad WebSocket limits: " + this);
        }
    }
}
