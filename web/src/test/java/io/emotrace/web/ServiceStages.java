package io.emotrace.web;

import io.emotrace.audio.FfmpegAudioDecoder;
import io.emotrace.pipeline.StageCatalog;
import io.emotrace.pipeline.TestStages;
import io.emotrace.rules.JsonRuleEngineFactory;
import io.emotrace.vad.VadFactory;
import java.util.List;

/**
 * The stages service tests run on. The API tests use {@link #light()}: the real FFmpeg decoder (uploads come in
 * any format) and the real JSON rules engine, with the test-only stages of the jvm module for VAD, diarization,
 * emotion and ASR: fast, deterministic, still computed from the audio. Only the real-model end-to-end set
 * ({@code *RealModelsTest}) uses {@link #real()}.
 */
public final class ServiceStages {
    private ServiceStages() {
    }

    public static StageCatalog light() {
        return light(new TestStages.EnergyVad());
    }

    /** The light stages with another VAD (e.g. one that stalls on purpose). */
    public static StageCatalog light(VadFactory vad) {
        return StageCatalog.of(List.of(new FfmpegAudioDecoder()), List.of(vad),
                List.of(new TestStages.AlternatingDiarizer()), List.of(new TestStages.LoudnessEmotion()),
                List.of(new TestStages.CountingTranscriber()), List.of(new JsonRuleEngineFactory()));
    }

    public static StageCatalog decodeOnly() {
        return StageCatalog.of(List.of(new FfmpegAudioDecoder()), List.of(), List.of(), List.of(), List.of(),
                List.of());
    }

    /** Every provider on the classpath: the real models. */
    public static StageCatalog real() {
        return StageCatalog.fromClasspath();
    }
}
