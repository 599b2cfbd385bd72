package io.emotrace.pipeline;

/** Registered through ServiceLoader ({@code META-INF/services/io.emotrace.pipeline.RuleEngineFactory}). */
public interface RuleEngineFactory extends StageFactory<RuleEngine> {
}
