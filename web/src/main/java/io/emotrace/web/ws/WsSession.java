package io.emotrace.web.ws;

import io.emotrace.web.auth.TokenBucket;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * One WebSocket connection: its subscriptions and its bounded outbound queue. Events arrive from any thread
 * ({@link #deliver}); writes happen on the socket's thread and only while the socket's own buffer has room,
 * so a slow reader costs at most the queue's bound (see {@link OutboundQueue} for the policy).
 */
public final class WsSession {
    /** WebSocket close code for a client that cannot keep up (1008: policy violation). */
    public static final short CLOSE_TOO_SLOW = 1008;

    private static final Set<String> ALL_SPEAKERS = Set.of();

    private final String id;
    private final WsTransport transport;
    private final WsLimits limits;
    private final LongSupplier nanoClock;
    private final OutboundQueue queue;
    private final Map<String, Set<String>> subscriptions = new ConcurrentHashMap<>();
    private final AtomicBoolean pumpScheduled = new AtomicBoolean();
    private final TokenBucket rate;
    private volatile boolean closed;
    private volatile Runnable onClose = () -> { };

    public WsSession(String id, WsTransport transport, WsLimits limits, LongSupplier nanoClock) {
        this.id = id;
        this.transport = transport;
        this.limits = limits;
        this.nanoClock = nanoClock;
        this.queue = new OutboundQueue(limits.maxQueuedMessages(), limits.maxQueuedBytes());
        this.rate = new TokenBucket(limits.messagesPerSecond(), 2.0 * limits.messagesPerSecond(), nanoClock.getAsLong());
    }

    public String id() {
        return id;
    }

    /** Queues a message for this client; safe from any thread, never blocks on the socket. */
    public void deliver(Outbound m) {
        if (closed) {
            return;
        }
        boolean tooSlow;
        synchronized (queue) {
            long now = nanoClock.getAsLong();
            OutboundQueue.Offer r = queue.offer(m, now);
            tooSlow = r == OutboundQueue.Offer.OVERFLOW
                    || queue.overLimitNanos(now) > limits.overLimitGrace().toNanos();
        }
        if (tooSlow) {
            close(CLOSE_TOO_SLOW, "client too slow: outbound queue over its limit");
            return;
        }
        if (pumpScheduled.compareAndSet(false, true)) {
            transport.execute(this::pump);
        }
    }

    /** Called by the adapter when the socket's write buffer has room again. */
    public void drained() {
        transport.execute(this::pump);
    }

    private void pump() {
        pumpScheduled.set(false);
        while (!closed && !transport.writeQueueFull()) {
            String text;
            synchronized (queue) {
                text = queue.poll();
            }
            if (text == null) {
                return;
            }
            transport.write(text);
        }
    }

    /** Runs once when the session closes, whoever closes it (the hub forgets it then). */
    void onClose(Runnable r) {
        onClose = r;
    }

    public void close(short code, String reason) {
        if (!closed) {
            closed = true;
            onClose.run();
            synchronized (queue) {
                while (queue.poll() != null) {
                    // release the queued messages now, not when the socket object is collected
                }
            }
            transport.execute(() -> transport.close(code, reason));
        }
    }

    /** Marks the session gone (socket closed by the peer); later deliveries are ignored. */
    void closedByPeer() {
        if (!closed) {
            closed = true;
            onClose.run();
        }
    }

    /** Sends this client an error frame (code and message) outside any request. */
    public void error(String code, String message) {
        deliver(Outbound.essential(WsJson.error(null, code, message)));
    }

    /** Backpressure for a live stream's audio: the socket stops (or resumes) reading the client's frames. */
    public void pauseInput() {
        transport.pauseInput();
    }

    public void resumeInput() {
        transport.resumeInput();
    }

    public boolean isClosed() {
        return closed;
    }

    boolean allowMessage() {
        return rate.tryTake(nanoClock.getAsLong());
    }

    /** {@code speakers} empty means all speakers. */
    void subscribe(String recording, Set<String> speakers) {
        subscriptions.put(recording, speakers.isEmpty() ? ALL_SPEAKERS : Set.copyOf(speakers));
    }

    boolean unsubscribe(String recording) {
        return subscriptions.remove(recording) != null;
    }

    Set<String> subscribedRecordings() {
        return subscriptions.keySet();
    }

    int subscriptionCount() {
        return subscriptions.size();
    }

    /** Whether an event of {@code recording} about {@code speaker} (null: not about one speaker) is wanted. */
    boolean wants(String recording, String speaker) {
        Set<String> speakers = subscriptions.get(recording);
        return speakers != null && (speaker == null || speakers.isEmpty() || speakers.contains(speaker));
    }

    int queuedMessages() {
        synchronized (queue) {
            return queue.size();
        }
    }

    long droppedMessages() {
        synchronized (queue) {
            return queue.droppedTotal();
        }
    }
}
