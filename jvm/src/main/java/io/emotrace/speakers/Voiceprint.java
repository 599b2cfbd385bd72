package io.emotrace.speakers;

/**
 * One enrolled voice: the L2-normalised mean of the speaker embeddings of its enrolment audio, and how much speech
 * it was made from. Personal data: it lives only in a {@link SpeakerDirectory} and is never written into a run's
 * outputs (result.json, timelines, report, CSV carry the name and a score, never the vector).
 *
 * @param id            safe file-name id derived from the name ({@code alice-1a2b3c4d})
 * @param name          the display name as enrolled
 * @param vector        L2-normalised mean embedding
 * @param speechSeconds seconds of speech the vector was averaged over
 * @param clips         embedded pieces behind the mean
 * @param embedder      which speaker embedder made it (vectors of different embedders are never compared)
 * @param created       ISO-8601 instant of the first enrolment
 * @param updated       ISO-8601 instant of the last enrolment that added audio
 */
public record Voiceprint(String id, String name, float[] vector, double speechSeconds, int clips, String embedder,
                         String created, String updated) {
    public Voiceprint {
        vector = vector.clone();
    }

    public int dim() {
        return vector.length;
    }

    @Override
    public float[] vector() {
        return vector.clone();
    }

    /** Cosine similarity of this voiceprint with an L2-normalised embedding (0 when the dimensions differ). */
    public double similarity(float[] unit) {
        if (unit.length != vector.length) {
            return 0;
        }
        double s = 0;
        for (int i = 0; i < unit.length; i++) {
            s += (double) unit[i] * vector[i];
        }
        return s;
    }

    /** What the list commands show: everything but the vector. */
    public Summary summary() {
        return new Summary(id, name, speechSeconds, clips, embedder, created, updated);
    }

    /** A voiceprint without its vector: what the CLI lists and the API returns. */
    public record Summary(String id, String name, double speechSeconds, int clips, String embedder, String created,
                          String updated) {
    }
}
