package io.emotrace.emotion.analysis;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Everything {@code emotion} reports for one input file; {@code --json} prints this, one object per line, and
 * {@code emotion.json} in the file's output folder holds the same. On failure only {@code file}, {@code error}
 * and {@code error_code} are set.
 *
 * @param result the whole file: the one segment, or the duration-weighted mean over the segments
 * @param embedding path of {@code embedding.npy}: (1, D) in utterance mode, (T, D) in frame mode
 * @param frames frame mode: rate, count and the (T, 9) per-frame score file when the model has frame scores
 * @param track the sliding-window emotion curve, when asked for ({@code track.csv} holds the same)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EmotionFileResult(String file, String model, Double duration, Granularity granularity,
        SegmentEmotion result, List<SegmentEmotion> segments, String embedding,
        @JsonProperty("embedding_shape") long[] embeddingShape, Frames frames, List<TrackJson> track,
        @JsonProperty("track_file") String trackFile, String output, String error,
        @JsonProperty("error_code") String errorCode,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> warnings) {

    public EmotionFileResult {
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    /** A result without decoding warnings. */
    public EmotionFileResult(String file, String model, Double duration, Granularity granularity, SegmentEmotion result,
            List<SegmentEmotion> segments, String embedding, long[] embeddingShape, Frames frames, List<TrackJson> track,
            String trackFile, String output, String error, String errorCode) {
        this(file, model, duration, granularity, result, segments, embedding, embeddingShape, frames, track, trackFile,
                output, error, errorCode, List.of());
    }

    /** The same result with what went wrong while decoding its input ({@code DecodedAudio#warnings}). */
    public EmotionFileResult withWarnings(List<String> w) {
        return new EmotionFileResult(file, model, duration, granularity, result, segments, embedding, embeddingShape,
                frames, track, trackFile, output, error, errorCode, w);
    }

    /** Per-frame outputs of frame mode. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Frames(double rate, long count, String scores) {
    }

    /** A point of the curve in JSON: time in seconds, label, confidence, 9 scores, reason if any. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TrackJson(double time, String emotion, double confidence, float[] scores, String reason) {
    }

    public static EmotionFileResult failed(String file, String code, String message) {
        return new EmotionFileResult(file, null, null, null, null, null, null, null, null, null, null, null, message, code);
    }

    public boolean failed() {
        return error != null;
    }
}
