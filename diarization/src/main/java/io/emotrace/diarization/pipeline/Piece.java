package io.emotrace.diarization.pipeline;

/**
 * Local speaker activity of one analysed stretch (a 10 s segmentation window, or a VAD sub-segment): per frame a
 * bit mask of the active local speakers (bit s = local speaker s), starting at global frame {@code startFrame}.
 * {@code items[s]} is the index of local speaker s's embedding in the clustering input, or -1 when it had too
 * little speech to embed (its activity is then dropped). One byte per frame keeps hours of audio small.
 */
public record Piece(long startFrame, byte[] activity, int[] items) {
    public int frames() {
        return activity.length;
    }

    public long endFrame() {
        return startFrame + activity.length;
    }

    public boolean active(int frame, int speaker) {
        return (activity[frame] >> speaker & 1) != 0;
    }
}
