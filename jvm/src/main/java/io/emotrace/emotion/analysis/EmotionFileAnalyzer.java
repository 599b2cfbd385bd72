package io.emotrace.emotion.analysis;

import io.emotrace.EmotraceException;
import io.emotrace.audio.AudioDecoder;
import io.emotrace.audio.AudioSource;
import io.emotrace.audio.AudioStream;
import io.emotrace.domain.Emotion;
import io.emotrace.domain.EmotionEstimate;
import io.emotrace.domain.EmotionTrackPoint;
import io.emotrace.audio.DecodedAudio;
import io.emotrace.emotion.ClipEmotion;
import io.emotrace.emotion.EmotionModel;
import io.emotrace.emotion.SegmentEmotionRunner;
import io.emotrace.emotion.quality.InputQualityGate;
import io.emotrace.emotion.track.SlidingWindowTracker;
import io.emotrace.output.AtomicFiles;
import io.emotrace.output.NpyWriter;
import io.emotrace.output.ResultJson;
import io.emotrace.pipeline.ProgressListener;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import io.emotrace.domain.Segment;
import io.emotrace.domain.SpeakerVoice;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Runs an {@link EmotionModel} over input files at utterance or frame granularity through the
 * {@link SegmentEmotionRunner} the pipeline's emotion stage uses ({@link InputQualityGate} in front) and, when
 * asked, its {@link SlidingWindowTracker} curve. Writes per input
 * {@code OUT/KEY/}: {@code emotion.json}, {@code embedding.npy} ((1, D) or (T, D), float32 .npy v1),
 * {@code frame_scores.npy} (T, 9) in frame mode, {@code track.csv} with a curve.
 *
 * <p>Memory: every input is decoded by {@link DecodedAudio} into a temporary 16 kHz PCM16 WAV (the samples
 * {@code analyze} uses) and read from the file; short inputs in utterance mode are then read whole and batched
 * ({@code batchFiles} per model call); long inputs are processed a segment or chunk at a time, frame rows and
 * track points streamed to disk, so frame mode on an hour of audio holds a chunk, not the hour.
 */
public final class EmotionFileAnalyzer {
    /**
     * @param embeddings write embedding.npy (always written in frame mode)
     * @param track compute the sliding-window curve (always in frame mode)
     * @param trackInJson also put the curve's points into the JSON result
     * @param maxSegmentSeconds utterance mode: longer inputs are cut into equal segments of at most this
     * @param frameChunkSeconds frame mode: audio per model call
     * @param batchFiles utterance mode: short inputs per model call
     */
    public record Options(Granularity granularity, boolean embeddings, boolean track, boolean trackInJson,
            SlidingWindowTracker.Settings trackSettings, double maxSegmentSeconds, double frameChunkSeconds,
            int batchFiles) {
        public static Options defaults() {
            return new Options(Granularity.UTTERANCE, false, false, false, SlidingWindowTracker.Settings.defaults(),
                    30, 30, 16);
        }

        public Options with(Granularity g, boolean embeddings, boolean track, boolean trackInJson) {
            return new Options(g, embeddings, track, trackInJson, trackSettings, maxSegmentSeconds, frameChunkSeconds,
                    batchFiles);
        }

        public Options withTrackSettings(SlidingWindowTracker.Settings s) {
            return new Options(granularity, embeddings, track, trackInJson, s, maxSegmentSeconds, frameChunkSeconds,
                    batchFiles);
        }

        public Options withChunks(double maxSegment, double frameChunk) {
            return new Options(granularity, embeddings, track, trackInJson, trackSettings, maxSegment, frameChunk,
                    batchFiles);
        }
    }

    /** An input file and the name of its output folder (relative, without extension). */
    public record Input(Path file, String key) {
    }

    private static final int SEGMENTS_PER_CALL = 8;
    private static final int CLASSES = Emotion.values().length;

    private final EmotionModel model;
    private final SegmentEmotionRunner runner;
    private final AudioDecoder decoder;
    private final Options options;

    public EmotionFileAnalyzer(EmotionModel model, InputQualityGate gate, AudioDecoder decoder, Options options) {
        this.model = model;
        this.runner = new SegmentEmotionRunner(model, gate, options.trackSettings());
        this.decoder = decoder;
        this.options = options;
    }

    private boolean trackOn() {
        return options.track() || options.granularity() == Granularity.FRAME;
    }

    /** A short input waiting for its batch. */
    private record Pending(Input input, float[] samples, Path dir, List<String> warnings) {
    }

    /**
     * Analyses every input, handing one result per input to {@code sink} in input order. Bad inputs give a
     * failed result (typed code and message), never an exception; the batch goes on.
     *
     * @param outDir where the per-input folders go; null writes nothing (then no embeddings either)
     */
    public void analyse(List<Input> inputs, Path outDir, Consumer<EmotionFileResult> sink, ProgressListener progress)
            throws EmotraceException {
        List<Pending> pending = new ArrayList<>();
        int done = 0;
        for (Input in : inputs) {
            progress.report("emotion", done / (double) inputs.size(),
                    (done + 1) + "/" + inputs.size() + " " + in.file().getFileName());
            Path dir = outDir == null ? null : outDir.resolve(in.key());
            try (DecodedAudio audio = DecodedAudio.decodeTemporary(decoder, in.file(), ProgressListener.NONE)) {
                boolean batchable = options.granularity() == Granularity.UTTERANCE && !trackOn()
                        && audio.durationSeconds() <= options.maxSegmentSeconds();
                if (batchable) {
                    AudioSource a = audio.source();
                    pending.add(new Pending(in, a.read(0, (int) a.length()), dir, audio.warnings()));
                    if (pending.size() >= options.batchFiles()) {
                        flush(pending, sink);
                    }
                } else {
                    flush(pending, sink);
                    emit(sink, dir, analyseLong(in, audio.source(), dir).withWarnings(audio.warnings()));
                }
            } catch (EmotraceException e) {
                flush(pending, sink);
                sink.accept(EmotionFileResult.failed(in.file().toString(), e.code(), e.getMessage()));
            } catch (IOException | UncheckedIOException e) {
                flush(pending, sink);
                sink.accept(EmotionFileResult.failed(in.file().toString(), "emotion.io", e.getMessage()));
            }
            done++;
        }
        flush(pending, sink);
        progress.report("emotion", 1.0, inputs.size() + " file(s)");
    }

    /**
     * One input already available as random-access audio (a decoded WAV, a stage's processed audio), in the
     * long-input way: a segment or chunk at a time, frames and curve streamed to {@code dir}.
     */
    public EmotionFileResult analyse(Input in, AudioSource audio, Path dir) throws EmotraceException, IOException {
        EmotionFileResult r = analyseLong(in, audio, dir);
        if (dir != null) {
            AtomicFiles.write(dir.resolve("emotion.json"), ResultJson.mapper().writeValueAsBytes(r));
        }
        return r;
    }

    private void emit(Consumer<EmotionFileResult> sink, Path dir, EmotionFileResult r) throws IOException {
        if (dir != null) {
            Files.createDirectories(dir);
            AtomicFiles.write(dir.resolve("emotion.json"), ResultJson.mapper().writeValueAsBytes(r));
        }
        sink.accept(r);
    }

    /** Utterance mode over short inputs already in memory: one model call for the whole batch. */
    private void flush(List<Pending> pending, Consumer<EmotionFileResult> sink) throws EmotraceException {
        if (pending.isEmpty()) {
            return;
        }
        List<SegmentEmotionRunner.Clip> clips = new ArrayList<>(pending.size());
        for (Pending p : pending) {
            clips.add(SegmentEmotionRunner.Clip.of(p.samples()));
        }
        // with embeddings asked for, a clip the gate rejects still gets its embedding if the model can run it
        List<SegmentEmotionRunner.Judged> judged = runner.judge(clips, false, options.embeddings());
        for (int i = 0; i < pending.size(); i++) {
            Pending p = pending.get(i);
            double seconds = p.samples().length / 16_000.0;
            SegmentEmotionRunner.Judged j = judged.get(i);
            ClipEmotion c = j.clip();
            SegmentEmotion seg = segment(0, seconds, Granularity.UTTERANCE, j);
            String emb = null;
            long[] shape = null;
            try {
                if (options.embeddings() && p.dir() != null && j.ran()) {
                    Files.createDirectories(p.dir());
                    Path f = p.dir().resolve("embedding.npy");
                    c.writeUtteranceNpy(f);
                    emb = f.toString();
                    shape = new long[] {1, c.dim()};
                }
                emit(sink, p.dir(), new EmotionFileResult(p.input().file().toString(), model.name(), round(seconds),
                        Granularity.UTTERANCE, seg, List.of(seg), emb, shape, null, null, null,
                        p.dir() == null ? null : p.dir().toString(), null, null).withWarnings(p.warnings()));
            } catch (IOException e) {
                sink.accept(EmotionFileResult.failed(p.input().file().toString(), "emotion.io", e.getMessage()));
            }
        }
        pending.clear();
    }

    /** The gate's verdict and the model's answer as one segment result. */
    private static SegmentEmotion segment(double start, double end, Granularity g, SegmentEmotionRunner.Judged j) {
        return SegmentEmotion.of(start, end, g, j.estimate(), 1.0, j.reason());
    }

    /** Long inputs, frame mode and curves: one segment or chunk at a time from the (file-backed) source. */
    private EmotionFileResult analyseLong(Input in, AudioSource audio, Path dir) throws EmotraceException, IOException {
        if (dir != null) {
            Files.createDirectories(dir);
        }
        double seconds = audio.durationSeconds();
        boolean frame = options.granularity() == Granularity.FRAME;
        double unit = frame ? options.frameChunkSeconds() : options.maxSegmentSeconds();
        int parts = Math.max(1, (int) Math.ceil(seconds / unit - 1e-9));
        // one input is one voice: a voice-normalised model hears each part, and the curve, against the whole file's
        SpeakerVoice voice = fileVoice(audio, parts);
        List<SegmentEmotion> segments = new ArrayList<>();
        Summary summary = new Summary(model.embeddingDim());
        NpyWriter frames = null;
        NpyWriter frameScores = null;
        Path embFile = dir == null ? null : dir.resolve("embedding.npy");
        Path scoreFile = dir == null ? null : dir.resolve("frame_scores.npy");
        long frameCount = 0;
        try {
            if (frame && dir != null) {
                frames = NpyWriter.open(embFile, model.embeddingDim());
            }
            int sr = audio.sampleRate();
            // frame mode: chunks start on the frame grid and read a little context past their end so each chunk
            // yields exactly its own frames (for Emotion2Vec+ 400-sample windows every 320 samples)
            long chunkFrames = Math.max(1, Math.round(unit * model.frameRate()));
            long chunkSamples = frame ? Math.round(chunkFrames * sr / model.frameRate()) : 0;
            long total = audio.length();
            for (int from = 0; from < parts; from += frame ? 1 : SEGMENTS_PER_CALL) {
                int n = frame ? 1 : Math.min(SEGMENTS_PER_CALL, parts - from);
                List<SegmentEmotionRunner.Clip> clips = new ArrayList<>(n);
                long[] starts = new long[n];
                long[] ends = new long[n];
                for (int k = 0; k < n; k++) {
                    if (frame) {
                        starts[k] = (from + k) * chunkSamples;
                        ends[k] = from + k == parts - 1 ? total : Math.min(total, starts[k] + chunkSamples);
                        long readTo = Math.min(total, ends[k] + (long) (0.025 * sr));
                        clips.add(new SegmentEmotionRunner.Clip(audio.read(starts[k], (int) (readTo - starts[k])),
                                (int) (ends[k] - starts[k])));
                    } else {
                        starts[k] = Math.round((from + k) * (double) total / parts);
                        ends[k] = Math.round((from + k + 1) * (double) total / parts);
                        clips.add(SegmentEmotionRunner.Clip.of(audio.read(starts[k], (int) (ends[k] - starts[k]))));
                    }
                }
                // frame mode keeps every chunk's place on the time axis: rejected chunks run too when long enough
                List<SegmentEmotionRunner.Judged> judged = runner.judge(clips, frame, frame || options.embeddings(), voice);
                for (int k = 0; k < n; k++) {
                    SegmentEmotionRunner.Judged j = judged.get(k);
                    ClipEmotion c = j.clip();
                    SegmentEmotion seg = segment(starts[k] / (double) sr, ends[k] / (double) sr,
                            frame ? Granularity.FRAME : Granularity.UTTERANCE, j);
                    segments.add(seg);
                    summary.add(seg, c, (ends[k] - starts[k]) / (double) sr);
                    if (!frame || frames == null) {
                        continue;
                    }
                    boolean full = ends[k] - starts[k] == chunkSamples;
                    if (j.ran() && c.frameFeatures() != null) {
                        int keep = (int) Math.min(c.frames(), full ? chunkFrames : c.frames());
                        frames.appendRows(c.frameFeatures(), 0, keep);
                        if (c.frameScores() != null) {
                            if (frameScores == null) {
                                frameScores = NpyWriter.open(scoreFile, CLASSES);
                                zeroRows(frameScores, CLASSES, frameCount);
                            }
                            frameScores.appendRows(c.frameScores(), 0, keep);
                        }
                        frameCount += keep;
                    } else if (full) {
                        // a chunk the model could not run keeps its place on the time axis as zero rows
                        zeroRows(frames, model.embeddingDim(), chunkFrames);
                        if (frameScores != null) {
                            zeroRows(frameScores, CLASSES, chunkFrames);
                        }
                        frameCount += chunkFrames;
                    }
                }
            }
        } finally {
            if (frames != null) {
                frames.close();
            }
            if (frameScores != null) {
                frameScores.close();
            }
        }
        String emb = null;
        long[] shape = null;
        if (frame && dir != null) {
            emb = embFile.toString();
            shape = new long[] {frameCount, model.embeddingDim()};
        } else if (options.embeddings() && dir != null && summary.hasEmbedding()) {
            NpyWriter.write(embFile, summary.embedding(), 1, model.embeddingDim());
            emb = embFile.toString();
            shape = new long[] {1, model.embeddingDim()};
        }
        EmotionFileResult.Frames fr = frame ? new EmotionFileResult.Frames(model.frameRate(), frameCount,
                frameScores == null ? null : scoreFile.toString()) : null;
        List<EmotionFileResult.TrackJson> trackJson = null;
        String trackFile = null;
        if (trackOn()) {
            trackJson = options.trackInJson() ? new ArrayList<>() : null;
            trackFile = dir == null ? null : dir.resolve("track.csv").toString();
            writeTrack(audio, voice, dir, trackJson);
        }
        SegmentEmotion whole = summary.result(seconds, options.granularity(), segments);
        return new EmotionFileResult(in.file().toString(), model.name(), round(seconds), options.granularity(), whole,
                segments, emb, shape, fr, trackJson, trackFile, dir == null ? null : dir.toString(), null, null);
    }

    /** The voice of a whole input, over its parts (a part at a time), or null when the model uses none. */
    private SpeakerVoice fileVoice(AudioSource audio, int parts) throws EmotraceException {
        if (!model.usesSpeakerVoice()) {
            return null;
        }
        double seconds = audio.durationSeconds();
        List<Segment> pieces = new ArrayList<>(parts);
        for (int k = 0; k < parts; k++) {
            pieces.add(new Segment(null, k * seconds / parts, (k + 1) * seconds / parts));
        }
        return runner.voices(audio, pieces, io.emotrace.pipeline.ProgressListener.NONE).get("");
    }

    private void writeTrack(AudioSource audio, SpeakerVoice voice, Path dir, List<EmotionFileResult.TrackJson> json)
            throws EmotraceException, IOException {
        BufferedWriter csv = dir == null ? null : Files.newBufferedWriter(dir.resolve("track.csv"), StandardCharsets.UTF_8);
        try {
            if (csv != null) {
                StringBuilder h = new StringBuilder("time,start,end,emotion,emotion_zh,confidence");
                for (Emotion e : Emotion.values()) {
                    h.append(',').append(e.english());
                }
                csv.write(h.append(",reason\n").toString());
            }
            runner.track(audio, 0, audio.durationSeconds(), voice, p -> {
                if (json != null) {
                    json.add(new EmotionFileResult.TrackJson(round(p.time()), p.emotion().emotion().english(),
                            SegmentEmotion.round(p.confidence()), p.scores(), p.reason()));
                }
                if (csv != null) {
                    try {
                        csv.write(csvLine(p));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            });
        } finally {
            if (csv != null) {
                csv.close();
            }
        }
    }

    private static String csvLine(EmotionTrackPoint p) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%.3f,%.3f,%.3f,%s,%s,%.6f", p.time(), p.start(), p.end(),
                p.emotion().emotion().english(), p.emotion().emotion().chinese(), p.confidence()));
        for (float s : p.scores()) {
            sb.append(String.format(Locale.ROOT, ",%.6f", s));
        }
        sb.append(',');
        if (p.reason() != null) {
            sb.append('"').append(p.reason().replace("\"", "\"\"")).append('"');
        }
        return sb.append('\n').toString();
    }

    private static void zeroRows(NpyWriter w, int cols, long rows) throws IOException {
        float[] zero = new float[cols];
        for (long r = 0; r < rows; r++) {
            w.appendRow(zero);
        }
    }

    private static double round(double v) {
        return SegmentEmotion.round(v);
    }

    /** Duration-weighted mean over the judged segments: scores, confidence factor and embedding. */
    private static final class Summary {
        private final double[] scores = new double[CLASSES];
        private final double[] embedding;
        private double judged;
        private double embedded;
        private double confidenceScale;
        private String firstReason;

        Summary(int dim) {
            this.embedding = new double[dim];
        }

        void add(SegmentEmotion seg, ClipEmotion c, double seconds) {
            if (c != null && c.ran()) {
                for (int j = 0; j < embedding.length; j++) {
                    embedding[j] += c.embedding()[j] * seconds;
                }
                embedded += seconds;
            }
            if (seg.emotion() == Emotion.UNKNOWN && seg.confidence() == 0 && seg.reason() != null) {
                if (firstReason == null) {
                    firstReason = seg.reason();
                }
                return;
            }
            int k = 0;
            for (Emotion e : Emotion.values()) {
                scores[k++] += seg.scores().get(e.english()) * seconds;
            }
            double top = seg.scores().get(seg.emotion().english());
            confidenceScale += (top > 0 ? seg.confidence() / top : 1) * seconds;
            judged += seconds;
        }

        boolean hasEmbedding() {
            return embedded > 0;
        }

        float[] embedding() {
            float[] out = new float[embedding.length];
            for (int j = 0; j < out.length; j++) {
                out[j] = (float) (embedding[j] / embedded);
            }
            return out;
        }

        SegmentEmotion result(double seconds, Granularity g, List<SegmentEmotion> segments) {
            if (segments.size() == 1) {
                return segments.get(0);
            }
            if (judged == 0) {
                return SegmentEmotion.of(0, seconds, g, SegmentEmotionRunner.unknown(), 0, firstReason);
            }
            float[] mean = new float[CLASSES];
            for (int k = 0; k < CLASSES; k++) {
                mean[k] = (float) (scores[k] / judged);
            }
            String reason = judged < seconds * 0.999
                    ? String.format(Locale.ROOT, "mean over the %.1f s of %.1f s that could be judged", judged, seconds)
                    : null;
            return SegmentEmotion.of(0, seconds, g, EmotionEstimate.fromScores(mean), confidenceScale / judged, reason);
        }
    }
}
