package io.emotrace.web;

import io.emotrace.domain.RuleFlag;
import io.emotrace.domain.SpeakerName;
import java.util.List;

/**
 * What the service tells live listeners (the WebSocket hub) about analyses and rules. Called from job worker
 * threads, never from the event loop; an implementation must be thread-safe, cheap and non-blocking (hand the
 * event to its own bounded queue or the event loop) and must not throw. Ids are recording ids.
 */
public interface AnalysisEvents {
    /** A job changed state: {@code queued}, {@code running}, {@code done}, {@code failed}, {@code deleted}. */
    default void status(String recordingId, String status) {
    }

    /**
     * Called by a job (on a worker thread) before its first event: waits up to {@code timeoutMillis} until this node
     * has the events published before the job could be claimed (the upload's {@code queued}; a live stream's
     * {@code queued} and {@code live.ended}), published on the node that took them and relayed, so this job numbers
     * after them; in cluster mode, numbers still missing then are left free for them. Without this, a node that claims
     * a fresh job at once numbers its {@code running} like one of those. False: the recording was deleted meanwhile.
     */
    default boolean awaitQueued(String recordingId, long timeoutMillis) {
        return true;
    }

    /** Progress of one pipeline stage; {@code fraction} in [0,1] or -1 when unknown. Throttled by the pipeline. */
    default void progress(String recordingId, String stage, double fraction, String message) {
    }

    /**
     * A segment as soon as a stage produced something about it: the emotion stage sends speaker, times and
     * emotion; the ASR stage sends the same segment again with its text. {@link SegmentEvent#index()} links them.
     */
    default void segment(String recordingId, SegmentEvent segment) {
    }

    /** A business rule fired (during an analysis, or when a rule change re-evaluated a stored analysis). */
    default void flag(String recordingId, RuleFlag flag) {
    }

    /**
     * A rule change re-evaluated a stored analysis: {@code flags} are now all of its flags (possibly none), under
     * rule set {@code rulesVersion}. Sent after the flags were stored; live views replace theirs.
     */
    default void flagsReplaced(String recordingId, int rulesVersion, List<RuleFlag> flags) {
    }

    /**
     * A speaker of the recording got a name ({@code name} null: its name given by hand was removed): an enrolled
     * voice it matched during the analysis, or a rename through the API.
     */
    default void speakerNamed(String recordingId, String speaker, SpeakerName name) {
    }

    /** The analysis finished; the recording's summary is now readable through {@link RecordingQueries}. */
    default void done(String recordingId) {
    }

    /** The analysis failed with a typed error ({@code code} as in HTTP error bodies). */
    default void failed(String recordingId, String code, String message) {
    }

    /** A new rule-set version became current; stored analyses are being re-evaluated against it. */
    default void rulesChanged(int version) {
    }

    /** An event of a live stream (see {@link LiveEvent}); segments and flags of live streams use the methods above. */
    default void live(String recordingId, LiveEvent event) {
    }

    /** Listener that ignores everything. */
    AnalysisEvents NONE = new AnalysisEvents() {
    };
}
