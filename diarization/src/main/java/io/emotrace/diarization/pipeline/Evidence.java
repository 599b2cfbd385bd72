package io.emotrace.diarization.pipeline;

import io.emotrace.diarization.clustering.SpeakerClusterer;
import java.util.List;

/**
 * Everything the expensive part of diarization (segmentation and embedding) found: local activity per piece and
 * one embedding per (piece, local speaker). Clustering and timeline reconstruction run on this alone, so
 * settings can be compared without running the models again.
 *
 * @param overlapAware true when the pieces come from the segmentation model (local overlap known)
 * @param narrowband   the recording is telephone-band ({@link Bandwidth}): the timeline uses that case's settings
 */
public record Evidence(List<Piece> pieces, List<SpeakerClusterer.Item> items, long totalFrames,
        boolean overlapAware, int windows, double segmentationSeconds, double embeddingSeconds,
        double embeddedAudioSeconds, boolean narrowband) {

    /** Evidence of a wideband recording. */
    public Evidence(List<Piece> pieces, List<SpeakerClusterer.Item> items, long totalFrames, boolean overlapAware,
                    int windows, double segmentationSeconds, double embeddingSeconds, double embeddedAudioSeconds) {
        this(pieces, items, totalFrames, overlapAware, windows, segmentationSeconds, embeddingSeconds,
                embeddedAudioSeconds, false);
    }
}
