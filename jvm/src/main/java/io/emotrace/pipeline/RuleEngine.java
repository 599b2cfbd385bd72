package io.emotrace.pipeline;

import io.emotrace.EmotraceException;
import io.emotrace.domain.AnalyzedSegment;
import io.emotrace.domain.RuleFlag;
import java.util.List;

/** Evaluates the configured business rules over the analysed segments (with per-speaker history). */
public interface RuleEngine extends AutoCloseable {
    List<RuleFlag> evaluate(List<AnalyzedSegment> segments, ProgressListener progress) throws EmotraceException;

    String describe();

    @Override
    void close();
}
