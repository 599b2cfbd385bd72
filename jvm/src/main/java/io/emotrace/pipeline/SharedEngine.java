package io.emotrace.pipeline;

import io.emotrace.EmotraceException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One stage's engine, loaded once on first use (or by {@link Engines#warm()}) and shared by every run of the
 * process. Engines hold per-instance native buffers and model state, so calls are serialised by a fair lock:
 * concurrent jobs still overlap in different stages, and every call opens its own native scopes inside the
 * engine. A failed load is remembered with its reason and retried at most once a minute.
 */
public final class SharedEngine<E extends AutoCloseable> {
    static final long RETRY_NANOS = 60_000_000_000L;

    /** Creates the engine from the chosen provider; runs at most once per successful load. */
    @FunctionalInterface
    interface Loader<E extends AutoCloseable> {
        E load(StageFactory<E> chosen) throws EmotraceException;
    }

    /** A call on the loaded engine. */
    @FunctionalInterface
    public interface Call<E, R> {
        R apply(E engine) throws Exception;
    }

    private final String stage;
    private final java.util.function.Supplier<StageCatalog.Choice<E>> chooser;
    private volatile StageCatalog.Choice<E> chosen;
    private final Loader<E> loader;
    private final ReentrantLock use = new ReentrantLock(true);
    // volatile: status() reads them without waiting for a load in progress
    private volatile E engine;
    private volatile EngineState state;
    private volatile String reason;
    private volatile String description;
    private volatile int loads;
    private EmotraceException failure;
    private long failedAt;

    /**
     * {@code chooser} picks the provider on first need, not at construction: availability checks can initialise
     * native runtimes, and they must happen in the order the stages run (as they did when each stage made its own
     * engine), not all at once before decoding.
     */
    SharedEngine(String stage, java.util.function.Supplier<StageCatalog.Choice<E>> chooser, Loader<E> loader) {
        this.stage = stage;
        this.chooser = chooser;
        this.loader = loader;
        this.state = EngineState.NOT_LOADED;
    }

    private StageCatalog.Choice<E> choice() {
        StageCatalog.Choice<E> c = chosen;
        if (c == null) {
            synchronized (this) {
                c = chosen;
                if (c == null) {
                    c = chooser.get();
                    chosen = c;
                    if (!c.available() && state == EngineState.NOT_LOADED) {
                        state = EngineState.UNAVAILABLE;
                        reason = c.reason();
                    }
                }
            }
        }
        return c;
    }

    public String stage() {
        return stage;
    }

    public boolean available() {
        return choice().available();
    }

    /** Why no provider can run here, or null when one can. */
    public String unavailableReason() {
        return choice().reason();
    }

    /** The provider's name, or null when none is available. */
    public String providerName() {
        StageCatalog.Choice<E> c = choice();
        return c.available() ? c.factory().name() : null;
    }

    /** The engine, loading it on the first call; a typed error when it cannot be loaded. */
    public synchronized E get() throws EmotraceException {
        if (state == EngineState.READY) {
            return engine;
        }
        if (state == EngineState.CLOSED) {
            throw new EmotraceException("engine.closed", stage + " engine is closed (the process is stopping)");
        }
        StageCatalog.Choice<E> choice = choice();
        if (!choice.available()) {
            throw new EmotraceException("engine.unavailable", stage + " not available: " + choice.reason());
        }
        if (state == EngineState.FAILED && System.nanoTime() - failedAt < RETRY_NANOS) {
            throw failure;
        }
        state = EngineState.LOADING;
        try {
            E e = loader.load(choice.factory());
            engine = e;
            loads++;
            state = EngineState.READY;
            reason = null;
            failure = null;
            return e;
        } catch (EmotraceException e) {
            markFailed(e);
            throw e;
        } catch (RuntimeException | LinkageError e) {
            EmotraceException typed = new EmotraceException("engine.load_failed", stage + " engine "
                    + choice.factory().name() + " failed to load: " + e, e);
            markFailed(typed);
            throw typed;
        }
    }

    private void markFailed(EmotraceException e) {
        state = EngineState.FAILED;
        reason = e.getMessage();
        failure = e;
        failedAt = System.nanoTime();
    }

    /** Runs {@code call} on the engine (loaded on first use), one caller at a time. */
    public <R> R call(Call<E, R> call) throws Exception {
        E e = get();
        use.lock();
        try {
            if (engine != e) { // closed while this caller waited for the lock: never run a freed model
                throw new EmotraceException("engine.closed", stage + " engine is closed (the process is stopping)");
            }
            return call.apply(e);
        } finally {
            use.unlock();
        }
    }

    /** Remembers the engine's own description for the status endpoint (set by the pipeline after a call). */
    void described(String text) {
        this.description = text;
    }

    /** Never waits for a load in progress (it shows as loading). */
    public EngineStatus status() {
        return new EngineStatus(stage, providerName(), state, reason, loads, description);
    }

    /** How long {@link #close()} waits for a running call before leaving the engine to the process exit. */
    static final long CLOSE_WAIT_SECONDS = 10;
    static volatile long closeWaitMillis = CLOSE_WAIT_SECONDS * 1000; // tests shorten it

    /**
     * Closes the engine once no call is running on it; later calls fail with {@code engine.closed}. A call stuck
     * in native code is not waited for beyond {@link #CLOSE_WAIT_SECONDS}: shutdown must not hang, and freeing a
     * model under a running call would crash; the engine is then left to the process exit.
     */
    public void close() {
        boolean locked;
        try {
            locked = use.tryLock(closeWaitMillis, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            locked = false;
        }
        try {
            synchronized (this) {
                if (engine != null && locked) {
                    try {
                        engine.close();
                    } catch (Exception e) {
                        System.err.println("emotrace: closing the " + stage + " engine: " + e);
                    }
                    engine = null;
                } else if (engine != null) {
                    System.err.println("emotrace: the " + stage + " engine is still busy after " + closeWaitMillis
                            + " ms; not freed before exit");
                }
                state = EngineState.CLOSED;
            }
        } finally {
            if (locked) {
                use.unlock();
            }
        }
    }
}
