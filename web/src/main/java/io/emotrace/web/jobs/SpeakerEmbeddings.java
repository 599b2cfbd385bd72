package io.emotrace.web.jobs;

import io.emotrace.EmotraceException;
import io.emotrace.audio.AudioSource;
import io.emotrace.diarization.embedding.SpeakerEmbedder;
import io.emotrace.diarization.embedding.SpeakerEmbedderFactory;
import io.emotrace.output.FileTrees;
import io.emotrace.output.NpyWriter;
import io.emotrace.pipeline.AnalysisPipeline;
import io.emotrace.pipeline.Availability;
import io.emotrace.web.db.SegmentRow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.regex.Pattern;

/**
 * One voice embedding per diarized speaker, {@code <run>/embeddings/<speaker>.npy} (float32, shape (1, dim)): the
 * duration-weighted, L2-normalised mean of the embeddings of the speaker's longest turns (at most
 * {@link #CLIP_SECONDS} s each, {@link #MAX_SECONDS} s in all), from the run's processed audio. Uses the first
 * available speaker-embedding provider; without one, or without speakers, it says so and writes nothing.
 */
public final class SpeakerEmbeddings {
    static final double CLIP_SECONDS = 10;
    static final double MAX_SECONDS = 30;
    static final double MIN_SECONDS = 0.5;
    private static final Pattern SPEAKER = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final List<SpeakerEmbedderFactory> factories;

    public SpeakerEmbeddings(List<SpeakerEmbedderFactory> factories) {
        this.factories = List.copyOf(factories);
    }

    public static SpeakerEmbeddings fromClasspath() {
        List<SpeakerEmbedderFactory> out = new ArrayList<>();
        try {
            ServiceLoader.load(SpeakerEmbedderFactory.class).forEach(out::add);
        } catch (ServiceConfigurationError | LinkageError e) {
            System.err.println("emotrace serve: ignoring a broken speaker-embedding provider: " + e);
        }
        return new SpeakerEmbeddings(out);
    }

    /** What happened, for the recording's summary: status ok | unavailable | failed, and a detail. */
    public record Outcome(String status, String detail, int speakers) {
    }

    public Outcome write(Path runDir, List<SegmentRow> segments) {
        Map<String, List<SegmentRow>> turns = new LinkedHashMap<>();
        for (SegmentRow s : segments) {
            if (s.speaker() != null && SPEAKER.matcher(s.speaker()).matches() && s.end() - s.start() >= MIN_SECONDS) {
                turns.computeIfAbsent(s.speaker(), k -> new ArrayList<>()).add(s);
            }
        }
        if (turns.isEmpty()) {
            return new Outcome("unavailable", "no diarized speaker turns of at least " + MIN_SECONDS + " s", 0);
        }
        SpeakerEmbedderFactory factory = null;
        List<String> reasons = new ArrayList<>();
        for (SpeakerEmbedderFactory f : factories) {
            Availability a = f.availability();
            if (a.available()) {
                factory = f;
                break;
            }
            reasons.add(f.name() + ": " + a.detail());
        }
        if (factory == null) {
            return new Outcome("unavailable", factories.isEmpty()
                    ? "no speaker-embedding provider on the classpath" : String.join("; ", reasons), 0);
        }
        Path partial = runDir.resolve(".embeddings.partial");
        try (SpeakerEmbedder embedder = factory.create(); AudioSource audio = AnalysisPipeline.openProcessed(runDir)) {
            FileTrees.delete(partial);
            Files.createDirectories(partial);
            for (Map.Entry<String, List<SegmentRow>> e : turns.entrySet()) {
                float[] v = speakerVector(embedder, audio, e.getValue());
                NpyWriter.write(partial.resolve(e.getKey() + ".npy"), v, 1, v.length);
            }
            Path target = runDir.resolve("embeddings");
            FileTrees.delete(target);
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            return new Outcome("ok", embedder.describe(), turns.size());
        } catch (EmotraceException | IOException | RuntimeException e) {
            try {
                FileTrees.delete(partial);
            } catch (IOException ignored) {
                // a leftover hidden folder is never served
            }
            return new Outcome("failed", e instanceof EmotraceException ee ? ee.describe() : e.toString(), 0);
        }
    }

    static float[] speakerVector(SpeakerEmbedder embedder, AudioSource audio, List<SegmentRow> turns)
            throws EmotraceException {
        List<SegmentRow> longest = new ArrayList<>(turns);
        longest.sort(Comparator.comparingDouble((SegmentRow s) -> s.end() - s.start()).reversed());
        List<float[]> clips = new ArrayList<>();
        double total = 0;
        int rate = audio.sampleRate();
        for (SegmentRow s : longest) {
            if (total >= MAX_SECONDS) {
                break;
            }
            long start = Math.max(0, Math.round(s.start() * rate));
            long end = Math.min(audio.length(), Math.round(Math.min(s.end(), s.start() + CLIP_SECONDS) * rate));
            if (end - start < MIN_SECONDS * rate) {
                continue;
            }
            clips.add(audio.read(start, (int) (end - start)));
            total += (end - start) / (double) rate;
        }
        if (clips.isEmpty()) {
            throw new EmotraceException("embedding.no_audio", "no turn of this speaker lies inside the audio");
        }
        float[][] emb = embedder.embed(clips);
        float[] mean = new float[emb[0].length];
        for (int i = 0; i < emb.length; i++) {
            float w = clips.get(i).length;
            for (int d = 0; d < mean.length; d++) {
                mean[d] += w * emb[i][d];
            }
        }
        double norm = 0;
        for (float x : mean) {
            norm += x * (double) x;
        }
        norm = Math.sqrt(norm);
        for (int d = 0; d < mean.length; d++) {
            mean[d] = norm > 0 ? (float) (mean[d] / norm) : 0f;
        }
        return mean;
    }
}
