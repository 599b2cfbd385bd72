package io.emotrace.web;

import io.emotrace.domain.RuleFlag;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** Delivers every event to each registered listener; one listener that throws cannot stop the others or a job. */
public final class EventFanout implements AnalysisEvents {
    private final List<AnalysisEvents> listeners = new CopyOnWriteArrayList<>();

    public void add(AnalysisEvents listener) {
        listeners.add(listener);
    }

    public void remove(AnalysisEvents listener) {
        listeners.remove(listener);
    }

    private void each(Consumer<AnalysisEvents> call) {
        for (AnalysisEvents l : listeners) {
            try {
                call.accept(l);
            } catch (RuntimeException e) {
                System.err.println("emotrace serve: event listener " + l.getClass().getName() + " failed: " + e);
            }
        }
    }

    @Override
    public void status(String id, String status) {
        each(l -> l.status(id, status));
    }

    @Override
    public boolean awaitQueued(String id, long timeoutMillis) {
        boolean[] there = {true};
        each(l -> there[0] &= l.awaitQueued(id, timeoutMillis));
        return there[0];
    }

    @Override
    public void progress(String id, String stage, double fraction, String message) {
        each(l -> l.progress(id, stage, fraction, message));
    }

    @Override
    public void segment(String id, SegmentEvent segment) {
        each(l -> l.segment(id, segment));
    }

    @Override
    public void flag(String id, RuleFlag flag) {
        each(l -> l.flag(id, flag));
    }

    @Override
    public void flagsReplaced(String id, int rulesVersion, List<RuleFlag> flags) {
        each(l -> l.flagsReplaced(id, rulesVersion, flags));
    }

    @Override
    public void speakerNamed(String id, String speaker, io.emotrace.domain.SpeakerName name) {
        each(l -> l.speakerNamed(id, speaker, name));
    }

    @Override
    public void done(String id) {
        each(l -> l.done(id));
    }

    @Override
    public void failed(String id, String code, String message) {
        each(l -> l.failed(id, code, message));
    }

    @Override
    public void live(String id, LiveEvent event) {
        each(l -> l.live(id, event));
    }

    @Override
    public void rulesChanged(int version) {
        each(l -> l.rulesChanged(version));
    }
}
