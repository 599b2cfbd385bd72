/**
 * The domain's value types: emotions and their estimates, words and transcripts, segments, speech regions, speaker
 * turns and diarization results, analysed segments, emotion tracks, rule flags and stage statuses. Plain immutable
 * Java that every other package may use; it depends on {@code java.*} only (no Jackson, no pipeline, no output).
 * How these types look in JSON is decided by {@code io.emotrace.output.DomainJson}.
 */
package io.emotrace.domain;
