package io.emotrace.diarization.pipeline;

import io.emotrace.diarization.clustering.SpeakerClusterer;
import java.util.List;

/**
 * Everything the expensive part of diarization (segmentation and embedding) found: local activity per piece and
 * one embedding per (piece, local speaker). Clustering and timeline reconstruction run on this alone, so
 * settings can be compared without running the models again.
 *
 * @param overlapAware true when the pieces come from the segmentation model (local overlap known)
 * @param narrowband   the recording is telephone-band ({@link io.emotrace.audio.Bandwidth}): the timeline uses that case's settings
 * @param companion    utterance evidence only: the same recording's segmentation evidence, whose windows add the
 *                     speech the VAD missed and overlapped speakers ({@link OverlapFromSegmentation}); null: none
 */
public record Evidence(List<Piece> pieces, List<SpeakerClusterer.Item> items, long totalFrames,
        boolean overlapAware, int windows, double segmentationSeconds, double embeddingSeconds,
        double embeddedAudioSeconds, boolean narrowband, Evidence companion) {

    /** Evidence without a companion. */
    public Evidence(List<Piece> pieces, List<SpeakerClusterer.Item> items, long totalFrames, boolean overlapAware,
                    int windows, double segmentationSeconds, double embeddingSeconds, double embeddedAudioSeconds,
                    boolean narrowband) {
        this(pieces, items, totalFrames, overlapAware, windows, segmentationSeconds, embeddingSeconds,
                embeddedAudioSeconds, narrowband, null);
    }

    /** Segmentation seconds of this evidence and its companions (utterances and their windows). */
    public double chainSegmentationSeconds() {
        return companion == null ? segmentationSeconds : segmentationSeconds + companion.chainSegmentationSeconds();
    }

    /** Embedding seconds of this evidence and its companions. */
    public double chainEmbeddingSeconds() {
        return companion == null ? embeddingSeconds : embeddingSeconds + companion.chainEmbeddingSeconds();
    }

    /** Seconds of audio embedded for this evidence and its companions. */
    public double chainEmbeddedAudioSeconds() {
        return companion == null ? embeddedAudioSeconds : embeddedAudioSeconds + companion.chainEmbeddedAudioSeconds();
    }

    /** This evidence with {@code seconds} as its segmentation time. */
    public Evidence withSeconds(double seconds) {
        return new Evidence(pieces, items, totalFrames, overlapAware, windows, seconds, embeddingSeconds,
                embeddedAudioSeconds, narrowband, companion);
    }

    /** This evidence with {@code c} as its companion. */
    public Evidence withCompanion(Evidence c) {
        return new Evidence(pieces, items, totalFrames, overlapAware, windows, segmentationSeconds, embeddingSeconds,
                embeddedAudioSeconds, narrowband, c);
    }

    /** Evidence of a wideband recording. */
    public Evidence(List<Piece> pieces, List<SpeakerClusterer.Item> items, long totalFrames, boolean overlapAware,
                    int windows, double segmentationSeconds, double embeddingSeconds, double embeddedAudioSeconds) {
        this(pieces, items, totalFrames, overlapAware, windows, segmentationSeconds, embeddingSeconds,
                embeddedAudioSeconds, false);
    }
}
