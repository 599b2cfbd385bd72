package io.emotrace.diarization.embedding;

import io.emotrace.EmotraceException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Several speaker networks heard together: each clip's L2-normalised embeddings of every member, joined end to end and
 * scaled by 1/sqrt(members), so the result is L2-normalised again and the cosine of two clips is the mean of the
 * members' cosines (score averaging, whose errors shrink where the members' errors differ). Owns its members.
 */
public final class EnsembleSpeakerEmbedder implements SpeakerEmbedder {
    private final List<SpeakerEmbedder> members;
    private final int dim;

    /** Takes ownership of {@code members} (at least one; closed with this). */
    public EnsembleSpeakerEmbedder(List<SpeakerEmbedder> members) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("an ensemble needs a member");
        }
        this.members = List.copyOf(members);
        this.dim = members.stream().mapToInt(SpeakerEmbedder::dim).sum();
    }

    /** The project models in {@code dirs} heard together; what was loaded is closed again when one fails. */
    public static EnsembleSpeakerEmbedder ofDirectories(List<java.nio.file.Path> dirs) throws EmotraceException {
        List<SpeakerEmbedder> members = new ArrayList<>();
        try {
            for (java.nio.file.Path dir : dirs) {
                members.add(ProjectSpeakerEmbedder.fromDirectory(dir));
            }
            return new EnsembleSpeakerEmbedder(members);
        } catch (EmotraceException | RuntimeException e) {
            RuntimeException c = closeAll(members);
            if (c != null) {
                e.addSuppressed(c);
            }
            throw e;
        }
    }

    /** Closes every one of {@code members}; the first failure (later ones suppressed in it), or null. */
    private static RuntimeException closeAll(List<SpeakerEmbedder> members) {
        RuntimeException first = null;
        for (SpeakerEmbedder m : members) {
            try {
                m.close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        return first;
    }

    @Override
    public String name() {
        return "ensemble";
    }

    @Override
    public int dim() {
        return dim;
    }

    @Override
    public double minSeconds() {
        return members.stream().mapToDouble(SpeakerEmbedder::minSeconds).max().orElse(0);
    }

    @Override
    public float[][] embed(List<float[]> clips) throws EmotraceException {
        List<float[][]> parts = new ArrayList<>(members.size());
        for (SpeakerEmbedder m : members) {
            parts.add(m.embed(clips));
        }
        return join(parts);
    }

    /** Rows of every part (each row L2-normalised) joined and scaled by 1/sqrt(parts). */
    static float[][] join(List<float[][]> parts) {
        int n = parts.get(0).length;
        int total = parts.stream().mapToInt(p -> p.length == 0 ? 0 : p[0].length).sum();
        float scale = (float) (1 / Math.sqrt(parts.size()));
        float[][] out = new float[n][total];
        for (int i = 0; i < n; i++) {
            int at = 0;
            for (float[][] p : parts) {
                for (float v : p[i]) {
                    out[i][at++] = v * scale;
                }
            }
        }
        return out;
    }

    @Override
    public String describe() {
        return "ensemble of " + members.size() + " (cosine average, no PLDA): "
                + members.stream().map(SpeakerEmbedder::describe).collect(Collectors.joining(" + "));
    }

    @Override
    public void close() {
        RuntimeException failed = closeAll(members);
        if (failed != null) {
            throw failed;
        }
    }
}
