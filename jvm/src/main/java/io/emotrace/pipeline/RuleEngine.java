package io.emotrace.pipeline;

import io.emotrace.EmotraceException;
import io.emotrace.domain.AnalyzedSegment;
import io.emotrace.domain.RuleFlag;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Evaluates business rules over the analysed segments (with per-speaker history). Stateless between calls, so one
 * engine serves every run of the process.
 */
public interface RuleEngine extends AutoCloseable {
    /**
     * Evaluates {@code document} (a rule document; null: the engine's configured rule set) once, stopping with a
     * typed timeout after {@code budget} (null: the engine's own limit). The outcome's
     * {@link RulesOutcome#files()} writes the rule files into a run's work folder after the other outputs.
     */
    RulesOutcome evaluate(String document, java.time.Duration budget, List<AnalyzedSegment> segments,
                          ProgressListener progress) throws EmotraceException;

    String describe();

    @Override
    void close();

    /** The flags, a description of the rule set used, and how to write the rule outputs. */
    record RulesOutcome(List<RuleFlag> flags, String detail, RunFiles files) {
        public RulesOutcome {
            flags = List.copyOf(flags);
        }
    }

    /** Writes files into a run folder that is not yet published (rules.json, the rule-adjusted outputs). */
    @FunctionalInterface
    interface RunFiles {
        void write(Path workDir) throws IOException;
    }
}
