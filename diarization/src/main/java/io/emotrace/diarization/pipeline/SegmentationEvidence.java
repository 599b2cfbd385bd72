package io.emotrace.diarization.pipeline;

import io.emotrace.EmotraceException;
import io.emotrace.audio.AudioSource;
import io.emotrace.diarization.embedding.SpeakerEmbedder;
import io.emotrace.domain.SpeechRegion;
import io.emotrace.pipeline.ProgressListener;
import io.emotrace.segmentation.PyannoteSegmentation;
import java.util.ArrayList;
import java.util.List;

/**
 * pyannote segmentation on sliding 10 s windows, then one embedding per (window, local speaker) from the frames
 * where that speaker is active, preferring frames where nobody else is. Windows are processed in order and only
 * a compact activity mask per window is kept, so a 3-hour input costs a few MB.
 */
final class SegmentationEvidence {
    /** Powerset class (none, {1}, {2}, {3}, {1,2}, {1,3}, {2,3}) as a bit mask of local speakers. */
    static final byte[] CLASS_BITS = {0, 1, 2, 4, 3, 5, 6};
    /** Frame i's own samples: the 270-sample stride around its receptive field's centre (991 / 2 ≈ 495). */
    private static final int FRAME_SAMPLE_OFFSET = 360;
    /** Clips of 1 s and more are cut to a multiple of 0.5 s (centre kept) so the embedder can batch them. */
    static final int LENGTH_QUANTUM = FrameGrid.SAMPLE_RATE / 2;

    private SegmentationEvidence() {
    }

    /** {@code heard}: what the segmentation model reads (a call with its mirror); the embeddings read {@code audio}. */
    static Evidence collect(AudioSource audio, AudioSource heard, PyannoteSegmentation segmentation,
                            List<SpeechRegion> speech, SpeakerEmbedder embedder, DiarizationSettings s, boolean narrowband,
                            ProgressListener progress, String stage)
            throws EmotraceException {
        List<Long> starts = windowStarts(audio.length(), s.hopSeconds(), speech);
        EmbeddingQueue queue = new EmbeddingQueue(embedder, s.embedBatch());
        List<Piece> pieces = new ArrayList<>(starts.size());
        long t0 = System.nanoTime();
        EmotraceException[] failure = new EmotraceException[1];
        int[] done = {0};
        segmentation.segment(heard, starts, w -> {
            if (failure[0] != null) {
                return;
            }
            try {
                progress.checkCancelled();
                pieces.add(piece(audio, w, speech, s, queue, pieces.size()));
            } catch (EmotraceException e) {
                failure[0] = e; // also stops segmentation before its next batch
                return;
            }
            done[0]++;
            progress.report(stage, 0.9 * done[0] / starts.size(), "segmentation + embeddings: window " + done[0]
                    + "/" + starts.size());
        }, () -> failure[0] != null);
        if (failure[0] != null) {
            throw failure[0];
        }
        queue.flush();
        double total = (System.nanoTime() - t0) / 1e9;
        long frames = (audio.length() + FrameGrid.STEP - 1) / FrameGrid.STEP;
        return new Evidence(pieces, List.copyOf(queue.items()), frames, true, starts.size(),
                total - queue.embedSeconds(), queue.embedSeconds(), queue.embeddedAudioSeconds(), narrowband);
    }

    /** Frame-aligned window starts every hop; with VAD regions, only windows that hold some speech. */
    static List<Long> windowStarts(long length, double hopSeconds, List<SpeechRegion> speech) {
        long hop = Math.max(1, Math.round(hopSeconds * FrameGrid.SAMPLE_RATE / FrameGrid.STEP)) * FrameGrid.STEP;
        long last = Math.max(0, length - PyannoteSegmentation.WINDOW) / FrameGrid.STEP * FrameGrid.STEP;
        List<Long> all = new ArrayList<>();
        for (long st = 0; st < last; st += hop) {
            all.add(st);
        }
        all.add(last);
        if (speech == null) {
            return all;
        }
        List<Long> kept = new ArrayList<>();
        int r = 0;
        for (long st : all) {
            double ws = st / (double) FrameGrid.SAMPLE_RATE;
            double we = (st + PyannoteSegmentation.WINDOW) / (double) FrameGrid.SAMPLE_RATE;
            while (r < speech.size() && speech.get(r).end() <= ws) {
                r++;
            }
            if (r < speech.size() && speech.get(r).start() < we) {
                kept.add(st);
            }
        }
        return kept;
    }

    private static Piece piece(AudioSource audio, PyannoteSegmentation.Window w, List<SpeechRegion> speech,
                               DiarizationSettings s, EmbeddingQueue queue, int group) throws EmotraceException {
        int n = PyannoteSegmentation.FRAMES;
        long startFrame = w.startSample() / FrameGrid.STEP + FrameGrid.SEGMENTATION_OFFSET;
        // speech with hysteresis, speakers by pair share; the activity drop comes below, after the VAD gate
        byte[] bits = SegmentationFrames.windowBits(w.classProbabilities(),
                SegmentationFrames.Options.shipped(s).withMinSpeakerSeconds(0));
        if (s.vadGate() && speech != null) {
            SpeechMask.apply(bits, startFrame, speech);
        }
        int[] items = {-1, -1, -1};
        float[] windowAudio = null;
        double frameSec = FrameGrid.STEP / (double) FrameGrid.SAMPLE_RATE;
        for (int spk = 0; spk < PyannoteSegmentation.SPEAKERS; spk++) {
            int active = 0;
            int clean = 0;
            for (int f = 0; f < n; f++) {
                if ((bits[f] >> spk & 1) != 0) {
                    active++;
                    if (bits[f] == (1 << spk)) {
                        clean++;
                    }
                }
            }
            if (active * frameSec < s.minEmbedSeconds()) {
                for (int f = 0; f < n; f++) {
                    bits[f] &= (byte) ~(1 << spk);
                }
                continue;
            }
            if (windowAudio == null) {
                windowAudio = audio.read(w.startSample(), PyannoteSegmentation.WINDOW);
            }
            boolean useClean = clean * frameSec >= s.cleanSeconds();
            float[] clip = clip(windowAudio, bits, spk, useClean, s.maxClipSeconds());
            double used = (useClean ? clean : active) * frameSec;
            items[spk] = queue.add(clip, used, used >= s.reliableSeconds(), group);
        }
        return new Piece(startFrame, bits, items);
    }

    /**
     * The powerset class of one frame: 0 (nobody) unless 1 - P(none) reaches {@code speechThreshold}, else the most
     * probable non-empty class. With threshold 0.5 this never calls speech where nobody is more likely than not,
     * unlike a lower threshold, and never calls silence where speech is more likely, unlike the 7-class argmax.
     */
    static int speakersOf(float[] classProbabilities, double speechThreshold) {
        return speakersOf(classProbabilities, speechThreshold, 0);
    }

    /** As above, but with {@code pairShare} > 0 two speakers once the pair classes hold that share of the speech. */
    static int speakersOf(float[] classProbabilities, double speechThreshold, double pairShare) {
        if (1.0 - classProbabilities[0] < speechThreshold) {
            return 0;
        }
        if (pairShare > 0) {
            return SegmentationFrames.speechClass(classProbabilities, pairShare);
        }
        int best = 1;
        for (int k = 2; k < classProbabilities.length; k++) {
            if (classProbabilities[k] > classProbabilities[best]) {
                best = k;
            }
        }
        return best;
    }

    /** The window's samples of the frames where {@code spk} is active (alone, if {@code clean}), centre-cropped. */
    static float[] clip(float[] windowAudio, byte[] bits, int spk, boolean clean, double maxSeconds) {
        float[] out = new float[windowAudio.length];
        int len = 0;
        for (int f = 0; f < bits.length; f++) {
            boolean take = clean ? bits[f] == (1 << spk) : (bits[f] >> spk & 1) != 0;
            if (!take) {
                continue;
            }
            int from = f * FrameGrid.STEP + FRAME_SAMPLE_OFFSET;
            int to = Math.min(windowAudio.length, from + FrameGrid.STEP);
            if (from < to) {
                System.arraycopy(windowAudio, from, out, len, to - from);
                len += to - from;
            }
        }
        int keep = Math.min(len, (int) (maxSeconds * FrameGrid.SAMPLE_RATE));
        if (keep >= 2 * LENGTH_QUANTUM) {
            keep -= keep % LENGTH_QUANTUM; // equal lengths batch together in the embedder
        }
        int from = (len - keep) / 2;
        return java.util.Arrays.copyOfRange(out, from, from + keep);
    }
}
