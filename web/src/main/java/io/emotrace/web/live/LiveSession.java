package io.emotrace.web.live;

import io.emotrace.domain.RuleFlag;
import io.emotrace.web.LiveEvent;
import io.emotrace.web.SegmentEvent;
import io.emotrace.web.ws.WsSession;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One live stream: its recording, its WAV file, its analysis and the connection producing it (none while the client
 * is away). Audio moves in three steps: the event loop counts the frame and hands it on ({@link #receive}), the
 * service's live I/O thread cuts it to whole sample frames and appends it to the file at once ({@link #ingest}),
 * the stream's serial worker tasks decode, resample and analyse it. Bytes received but not yet analysed are bounded
 * by pausing the socket. {@link #stop} ends it in order: the rest of the audio is written and analysed, the file
 * closed, the recording queued for its offline analysis.
 */
final class LiveSession {
    enum State { STARTING, STREAMING, STOPPING, ENDED }

    private final LiveSessions owner;
    private final String recording;
    private final LiveFormat format;
    private final LiveAudioFile file;
    private final PcmDecoder decoder;
    private final StreamResampler resampler;
    private final SerialTasks tasks;
    private final SerialTasks analysisLane;
    private final AtomicLong pending = new AtomicLong();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private volatile WsSession producer;
    private volatile State state = State.STARTING;
    private volatile boolean paused;
    private volatile ScheduledFuture<?> awayTimer;
    private volatile String endReason;
    private LiveAnalyzer analyzer;
    private double nextProgress = 2;
    private long receivedBytes;
    private long refusedBytes;
    private volatile boolean capped;

    LiveSession(LiveSessions owner, String recording, LiveFormat format, LiveAudioFile file, WsSession producer,
                SerialTasks tasks, SerialTasks analysisLane) {
        this.owner = owner;
        this.recording = recording;
        this.format = format;
        this.file = file;
        this.decoder = new PcmDecoder(format);
        this.resampler = new StreamResampler(format.sampleRate());
        this.producer = producer;
        this.tasks = tasks;
        this.analysisLane = analysisLane;
    }

    String recording() {
        return recording;
    }

    State state() {
        return state;
    }

    WsSession producer() {
        return producer;
    }

    CompletableFuture<Void> ended() {
        return ended;
    }

    /** The producer is subscribed: the analysis opens its streams (on a worker) and events flow. */
    void begin() {
        tasks.submit(() -> {
            owner.events().status(recording, io.emotrace.web.db.RecordingRow.LIVE);
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("sampleRate", format.sampleRate());
            f.put("encoding", format.encoding().wire);
            f.put("channels", format.channels());
            event("live.format", f, LiveEvent.Delivery.ESSENTIAL);
            analyzer = new LiveAnalyzer(owner.engines(), new LiveAnalyzer.Sink() {
                @Override
                public void event(LiveEvent e) {
                    owner.events().live(recording, e);
                }

                @Override
                public void segment(SegmentEvent s) {
                    owner.events().segment(recording, s);
                }

                @Override
                public void flag(RuleFlag fl) {
                    owner.events().flag(recording, fl);
                }
            }, owner.rulesDocument(recording), owner.rulesBudget(), analysisLane);
        });
        if (state == State.STARTING) {
            state = State.STREAMING;
        }
    }

    /** A binary frame from the producer (event loop): counted, handed to the I/O thread; false once stopping. */
    boolean receive(byte[] data) {
        if (state != State.STREAMING && state != State.STARTING) {
            return false;
        }
        long p = pending.addAndGet(data.length);
        owner.pendingSeen(p);
        if (p > owner.maxPendingBytes() && !paused) {
            paused = true;
            WsSession s = producer;
            if (s != null) {
                s.pauseInput();
            }
        }
        owner.io(() -> ingest(data));
        return true;
    }

    /** I/O thread: whole frames to the file now, then to the analysis. */
    private void ingest(byte[] data) {
        if (state == State.ENDED) {
            return;
        }
        if (capped) {
            refusedBytes += data.length;
            tasks.submit(() -> analyse(new byte[0], data.length));
            return;
        }
        byte[] aligned = decoder.align(data);
        long room = owner.maxBytes(format) - file.dataBytes();
        if (aligned.length >= room) {
            refusedBytes += aligned.length - Math.max(0, room);
            aligned = java.util.Arrays.copyOf(aligned, (int) Math.max(0, room));
            capped = true;
        }
        receivedBytes += data.length;
        try {
            file.append(aligned, aligned.length);
        } catch (IOException e) {
            System.err.println("emotrace serve: live " + recording + ": audio not written: " + e);
            stop("write_failed");
            return;
        }
        byte[] kept = aligned;
        tasks.submit(() -> analyse(kept, data.length));
        if (capped && state == State.STREAMING) {
            WsSession s = producer;
            if (s != null) {
                s.error("live.too_long", "the stream reached its limit of " + owner.maxSeconds()
                        + " s of audio; it was ended and is being analysed");
            }
            stop("cap");
        }
    }

    /** Worker: decode, resample, analyse; releases the backpressure when enough was consumed. */
    private void analyse(byte[] aligned, int receivedLength) {
        try {
            if (analyzer != null && aligned.length > 0) {
                analyzer.accept(resampler.process(decoder.decodeAligned(aligned)));
                if (analyzer.seconds() >= nextProgress) {
                    nextProgress = analyzer.seconds() + 2;
                    Map<String, Object> f = new LinkedHashMap<>();
                    f.put("received", file.seconds());
                    f.put("processed", analyzer.seconds());
                    event("live.progress", f, LiveEvent.Delivery.LATEST);
                }
            }
        } finally {
            long p = pending.addAndGet(-receivedLength);
            if (paused && p <= owner.maxPendingBytes() / 2) {
                paused = false;
                WsSession s = producer;
                if (s != null) {
                    s.resumeInput();
                }
            }
        }
    }

    /** The client went away: the stream waits {@code timeoutMs} for a resume, then ends. */
    void away(java.util.concurrent.ScheduledExecutorService timer, long timeoutMs) {
        producer = null;
        if (state == State.STARTING || state == State.STREAMING) {
            awayTimer = timer.schedule(() -> stop("timeout"), timeoutMs, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
    }

    /** A resumed client; false when the stream is already ending. */
    boolean reattach(WsSession s) {
        if (state != State.STREAMING || producer != null) {
            return false;
        }
        ScheduledFuture<?> t = awayTimer;
        if (t != null) {
            t.cancel(false);
        }
        producer = s;
        if (paused) {
            s.pauseInput();
        }
        return true;
    }

    /** Ends the stream (once): the audio still queued is written and analysed first. */
    synchronized void stop(String reason) {
        if (state == State.STOPPING || state == State.ENDED) {
            return;
        }
        state = State.STOPPING;
        endReason = reason;
        ScheduledFuture<?> t = awayTimer;
        if (t != null) {
            t.cancel(false);
        }
        WsSession s = producer;
        if (s != null && paused) {
            s.resumeInput();
        }
        // after every ingest already on the I/O thread, then after every analysis task they submitted
        owner.io(() -> tasks.submit(this::finish));
    }

    private void finish() {
        if (analyzer == null) {
            closeAndQueue();
            return;
        }
        try {
            analyzer.finish(this::closeAndQueue);
        } catch (RuntimeException e) {
            System.err.println("emotrace serve: live " + recording + ": end of analysis failed: " + e);
            analyzer.close();
            closeAndQueue();
        }
    }

    /** After the last analysis: the file is closed, the recording queued, the end announced. */
    private void closeAndQueue() {
        owner.io(() -> {
            try {
                file.close();
            } catch (IOException e) {
                System.err.println("emotrace serve: live " + recording + ": closing the audio file: " + e);
            }
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("reason", endReason);
            f.put("seconds", file.seconds());
            f.put("bytes", receivedBytes);
            f.put("droppedBytes", decoder.pendingBytes());
            f.put("refusedBytes", refusedBytes);
            f.put("invalidSamples", decoder.invalidSamples());
            f.put("offlineAnalysis", owner.queueOffline(recording, LiveAudioFile.HEADER + file.dataBytes()));
            state = State.ENDED;
            // released before it is announced: a client that hears live.ended and at once sends live.resume (or
            // live.start) on the same connection must find the connection free, not still streaming
            owner.ended(this);
            event("live.ended", f, LiveEvent.Delivery.ESSENTIAL);
            ended.complete(null);
        });
    }

    private void event(String type, Map<String, Object> fields, LiveEvent.Delivery d) {
        owner.events().live(recording, new LiveEvent(type, null, d, fields));
    }
}
