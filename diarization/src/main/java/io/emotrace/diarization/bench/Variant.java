package io.emotrace.diarization.bench;

import io.emotrace.diarization.pipeline.DiarizationSettings;

/** A named setting of the clustering stage, compared on the same evidence. */
record Variant(String name, DiarizationSettings settings) {
}
