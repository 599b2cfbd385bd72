package io.emotrace.web.rules;

import io.emotrace.EmotraceException;
import io.emotrace.domain.RuleFlag;
import io.emotrace.pipeline.Availability;
import io.emotrace.rules.RuleEvaluation;
import io.emotrace.rules.RuleProblem;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * What the service needs from the rules engine: validate a document (all problems at once), the default rule
 * set, and re-evaluation of a stored analysis without running any model. Found with ServiceLoader
 * ({@code META-INF/services/io.emotrace.web.rules.RulesBackend}); when none is there the rule endpoints answer 503
 * with the reason instead of accepting rules nothing would apply.
 */
public interface RulesBackend {
    Availability availability();

    /** The shipped default rule set (JSON). */
    String defaultDocument() throws EmotraceException;

    List<RuleProblem> validate(String document);

    /**
     * Applies {@code document} to the stored analysis in {@code runDir}; when {@code persist} the run's rule
     * outcomes are rewritten atomically, else nothing is written (a dry run for {@code /api/rules/test}). Fails
     * with {@code rules.timeout} once {@code budget} has passed, so no rule set can hold a thread.
     */
    List<RuleFlag> evaluate(String document, Path runDir, boolean persist, Duration budget) throws EmotraceException;

    /**
     * Everything {@code document} produces on the stored analysis in {@code runDir} (outcomes with the segment
     * each fired on and why, adjustments, notes) without writing anything: the rules editor's preview of a draft.
     * Fails with {@code rules.timeout} once {@code budget} has passed.
     */
    RuleEvaluation preview(String document, Path runDir, Duration budget) throws EmotraceException;

    static RulesBackend fromClasspath() {
        try {
            for (RulesBackend b : ServiceLoader.load(RulesBackend.class)) {
                return b;
            }
        } catch (ServiceConfigurationError | LinkageError e) {
            return new Missing("the rules backend failed to load: " + e);
        }
        return new Missing("no rules engine on the classpath yet (transcription and rules issue)");
    }

    /** Honest absence: says why, evaluates nothing. */
    final class Missing implements RulesBackend {
        private final String reason;

        public Missing(String reason) {
            this.reason = reason;
        }

        @Override
        public Availability availability() {
            return Availability.no(reason);
        }

        @Override
        public String defaultDocument() throws EmotraceException {
            throw unavailable();
        }

        @Override
        public List<RuleProblem> validate(String document) {
            return List.of(RuleProblem.error("", "a rules engine", "none (" + reason + ")"));
        }

        @Override
        public List<RuleFlag> evaluate(String document, Path runDir, boolean persist, Duration budget)
                throws EmotraceException {
            throw unavailable();
        }

        @Override
        public RuleEvaluation preview(String document, Path runDir, Duration budget) throws EmotraceException {
            throw unavailable();
        }

        private EmotraceException unavailable() {
            return new EmotraceException("rules.unavailable", "rules engine not available: " + reason);
        }
    }
}
