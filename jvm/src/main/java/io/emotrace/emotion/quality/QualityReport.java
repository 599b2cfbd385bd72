package io.emotrace.emotion.quality;

/**
 * What the {@link InputQualityGate} thinks of a clip. {@code REJECT}: the model is not run, the result is
 * {@code unknown} with the reason. {@code DEGRADED}: the model runs but its confidence is multiplied by
 * {@code confidenceFactor} and the reason travels with the result. {@code OK}: nothing to say.
 */
public record QualityReport(Verdict verdict, String reason, double confidenceFactor) {
    public enum Verdict { OK, DEGRADED, REJECT }

    public static final QualityReport OK = new QualityReport(Verdict.OK, null, 1.0);

    public static QualityReport reject(String reason) {
        return new QualityReport(Verdict.REJECT, reason, 0.0);
    }

    public static QualityReport degraded(String reason, double factor) {
        return new QualityReport(Verdict.DEGRADED, reason, factor);
    }

    public boolean rejected() {
        return verdict == Verdict.REJECT;
    }
}
