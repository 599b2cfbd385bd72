package io.emotrace.diarization.pipeline;

import io.emotrace.segmentation.PyannoteSegmentation;

/**
 * The one time grid of the diarization timeline: pyannote's frame step (270 samples, 16.875 ms at 16 kHz).
 * Global frame g covers samples [g·270, (g+1)·270).
 */
public final class FrameGrid {
    public static final int SAMPLE_RATE = PyannoteSegmentation.SAMPLE_RATE;
    public static final int STEP = PyannoteSegmentation.FRAME_STEP;
    /** pyannote frame i of a window starting at sample s (a multiple of STEP) is centred on global frame s/STEP + i + 1. */
    public static final int SEGMENTATION_OFFSET = 1;

    private FrameGrid() {
    }

    public static double seconds(long frame) {
        return frame * (double) STEP / SAMPLE_RATE;
    }

    public static long frameAt(double seconds) {
        return (long) Math.floor(seconds * SAMPLE_RATE / STEP);
    }

    /** The frame boundary nearest {@code seconds} (turn times are frame boundaries up to rounding). */
    public static long nearestFrame(double seconds) {
        return Math.round(seconds * SAMPLE_RATE / STEP);
    }

    public static long sample(long frame) {
        return frame * STEP;
    }
}
