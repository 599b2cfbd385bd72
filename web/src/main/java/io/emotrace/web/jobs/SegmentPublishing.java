package io.emotrace.web.jobs;

import io.emotrace.domain.Segment;
import io.emotrace.pipeline.StageFactory;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;

/**
 * Wraps a stage factory so every engine it creates hands each per-segment result to a listener the moment the
 * stage returns. Dynamic proxies on purpose: every other method of the factory and of the engine, present or
 * added later, goes straight to the real one. A hand-written copy of the engine once forgot
 * {@code EmotionRecognizer.track()} and silently fell back to the interface default (no emotion curve).
 */
final class SegmentPublishing {
    private static final Method CREATE = method(StageFactory.class, "create");

    /** Told result {@code index} of a per-segment call, with the segment it belongs to. */
    @FunctionalInterface
    interface Listener<R> {
        void result(int index, Segment segment, R result);
    }

    private SegmentPublishing() {
    }

    /**
     * A factory like {@code base} whose engines report every result of {@code perSegment} (an engine method that
     * takes the segments as its second argument and returns one result per segment, in order) to
     * {@code listener}. A result list whose size does not match the segments is passed on unreported.
     */
    static <F extends StageFactory<E>, E extends AutoCloseable, R> F wrap(Class<F> factoryType, Class<E> engineType,
                                                                       Method perSegment, F base,
                                                                       Listener<R> listener) {
        Class<?>[] params = perSegment.getParameterTypes();
        if (!perSegment.getDeclaringClass().isAssignableFrom(engineType) || params.length < 2
                || params[1] != List.class || perSegment.getReturnType() != List.class) {
            throw new IllegalArgumentException(perSegment + " is not a per-segment method of " + engineType);
        }
        return forwarding(factoryType, base, (m, args, created) -> !m.equals(CREATE) ? created
                : forwarding(engineType, engineType.cast(created), (em, eargs, out) -> {
                    if (em.equals(perSegment)) {
                        publish(eargs[1], out, listener);
                    }
                    return out;
                }));
    }

    /** The engine method {@code name} with the usual per-segment parameters (audio, segments, progress). */
    static Method method(Class<?> type, String name, Class<?>... params) {
        try {
            return type.getMethod(name, params);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(type.getName() + " has no method " + name, e);
        }
    }

    /** What a forwarding proxy returns, given the call and what the real object returned. */
    @FunctionalInterface
    private interface After {
        Object after(Method method, Object[] args, Object result);
    }

    private static <T> T forwarding(Class<T> type, T target, After after) {
        InvocationHandler handler = (self, method, args) -> {
            Object result;
            try {
                result = method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause(); // the engine's own exception, unwrapped
            }
            return after.after(method, args, result);
        };
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }

    @SuppressWarnings("unchecked")
    private static <R> void publish(Object segmentsArg, Object resultsArg, Listener<R> listener) {
        List<Segment> segments = (List<Segment>) segmentsArg;
        List<R> results = (List<R>) resultsArg;
        if (results != null && results.size() == segments.size()) {
            for (int i = 0; i < results.size(); i++) {
                listener.result(i, segments.get(i), results.get(i));
            }
        }
    }
}
