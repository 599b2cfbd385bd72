package io.emotrace.diarization.cli;

import io.emotrace.diarization.clustering.ClusteringSettings;
import io.emotrace.diarization.pipeline.DiarizationSettings;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * The diarization knobs a command may override ({@code --threshold}, {@code --hop}, {@code --clustering},
 * {@code --embedder}), shared as a picocli {@code @Mixin}; each one left out keeps the tuned default.
 */
public final class DiarizationTuningOptions {
    @Option(names = "--embedder", paramLabel = "NAME", description = "speaker-embedding provider (default: first available)")
    String embedder;

    @Option(names = "--evidence", paramLabel = "KIND", description = "utterances (default: VAD cuts decide the voices, "
            + "segmentation windows add overlap and missed speech), utterances-alone (no windows: faster, no overlap) or "
            + "segmentation (the windows alone, with their own tuned clustering)")
    String evidence;

    @Option(names = "--threshold", paramLabel = "D", description = "clustering cosine-distance threshold (default: tuned)")
    Double threshold;

    @Option(names = "--hop", paramLabel = "SECONDS", description = "segmentation window step (default: tuned)")
    Double hop;

    @Option(names = "--clustering", paramLabel = "METHOD", description = "ahc (default), spectral, plda (needs a model with plda.json), ahc_spectral (AHC count, spectral partition) or vbx (AHC start, VBx under the model's plda.json)")
    String clustering;

    @Option(names = "--vbx", paramLabel = "FA,FB", split = ",", description = "with --clustering vbx: the acoustic "
            + "and speaker-prior scalings (default 0.07,0.8, the literature's)")
    double[] vbx;

    @Option(names = "--link-overlap", paramLabel = "A", description = "link a voice through consecutive windows whose "
            + "activity agrees at least this much (0 = off; default: tuned)")
    Double linkOverlap;

    @Option(names = "--centre", paramLabel = "S", description = "subtract this share of the recording's mean embedding "
            + "before clustering (0 = off; default: tuned)")
    Double centre;

    @Option(names = "--silhouette-band", paramLabel = "B", description = "AHC: choose the speaker count among those the "
            + "threshold gives moved B either way by the partitions' silhouette (0 = the threshold's count; default: tuned)")
    Double silhouetteBand;

    /** The embedding provider asked for, or null for the first available. */
    public String embedder() {
        return embedder;
    }

    /** {@code base} with every given override applied; IllegalArgumentException names a bad value. */
    public DiarizationSettings apply(DiarizationSettings base) {
        DiarizationSettings settings = base;
        if (evidence != null) {
            switch (evidence.toLowerCase(Locale.ROOT)) {
                case "utterances" -> { }
                case "utterances-alone" -> settings = settings.withSegmentationOverlap(false);
                case "segmentation" -> settings = settings.windowsAlone();
                default -> throw new IllegalArgumentException("--evidence: utterances, utterances-alone or segmentation, not "
                        + evidence);
            }
        }
        require(threshold == null || threshold > 0 && threshold <= 2, "--threshold: a cosine distance in (0, 2], not "
                + threshold);
        require(hop == null || hop > 0 && hop <= DiarizationSettings.MAX_HOP_SECONDS, String.format(Locale.ROOT,
                "--hop: seconds in (0, %.0f] (the window's length), not %s", DiarizationSettings.MAX_HOP_SECONDS, hop));
        require(linkOverlap == null || linkOverlap >= 0 && linkOverlap <= 1, "--link-overlap: a share in [0, 1], not "
                + linkOverlap);
        require(centre == null || centre >= 0 && centre <= 1, "--centre: a share in [0, 1], not " + centre);
        require(silhouetteBand == null || silhouetteBand >= 0 && silhouetteBand <= 1,
                "--silhouette-band: a cosine distance in [0, 1], not " + silhouetteBand);
        if (threshold != null) {
            // a threshold asked for holds on long recordings too, and on the windows-alone path (windowsAlone)
            settings = settings.withClustering(settings.clustering().withThreshold(threshold).withLongThreshold(0));
        }
        if (hop != null) {
            settings = settings.withHop(hop);
        }
        if (linkOverlap != null) {
            settings = settings.withClustering(settings.clustering().withLinkOverlap(linkOverlap));
        }
        if (centre != null) {
            settings = settings.withClustering(settings.clustering().withCentreShare(centre));
        }
        if (silhouetteBand != null) {
            settings = settings.withClustering(settings.clustering().withSilhouetteBand(silhouetteBand));
        }
        if (vbx != null) {
            if (vbx.length != 2) {
                throw new IllegalArgumentException("--vbx takes two values, FA,FB");
            }
            require(vbx[0] > 0 && vbx[1] > 0 && Double.isFinite(vbx[0]) && Double.isFinite(vbx[1]),
                    "--vbx: two scalings above 0, not " + vbx[0] + "," + vbx[1]);
            settings = settings.withClustering(settings.clustering().withVbx(vbx[0], vbx[1]));
        }
        if (clustering != null) {
            ClusteringSettings.Method method;
            try {
                method = ClusteringSettings.Method.valueOf(clustering.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--clustering: ahc, spectral, plda, ahc_spectral or vbx, not "
                        + clustering, e);
            }
            settings = settings.withClustering(settings.clustering().withMethod(method));
        }
        return settings;
    }

    /** A bad option value, named for the user (the settings' own checks cannot say which option it came from). */
    private static void require(boolean ok, String problem) {
        if (!ok) {
            throw new IllegalArgumentException(problem);
        }
    }
}
