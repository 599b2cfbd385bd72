package io.emotrace.speakers;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The cosine similarity a voice needs to get an enrolled name, as a function of how much speech the voice was
 * averaged over: an embedding of a few seconds scatters more, so unknown voices reach lower scores with it than with
 * a minute of speech, and a fixed threshold would either let unknown long voices in or keep known short ones out.
 * Points are (seconds of speech, threshold), interpolated linearly and held flat beyond the first and last point.
 */
public record SpeakerThreshold(List<Point> points) {
    public record Point(double seconds, double cosine) {
    }

    public SpeakerThreshold {
        if (points.isEmpty()) {
            throw new IllegalArgumentException("a threshold needs at least one point");
        }
        List<Point> p = new ArrayList<>(points);
        p.sort(Comparator.comparingDouble(Point::seconds));
        points = List.copyOf(p);
    }

    /** The same threshold whatever the amount of speech. */
    public static SpeakerThreshold fixed(double cosine) {
        return new SpeakerThreshold(List.of(new Point(0, cosine)));
    }

    /** The threshold for a voice averaged over {@code seconds} of speech (NaN or unknown: the last point's). */
    public double at(double seconds) {
        if (!(seconds >= 0) || seconds >= points.get(points.size() - 1).seconds()) {
            return points.get(points.size() - 1).cosine();
        }
        if (seconds <= points.get(0).seconds()) {
            return points.get(0).cosine();
        }
        for (int i = 1; i < points.size(); i++) {
            Point a = points.get(i - 1);
            Point b = points.get(i);
            if (seconds <= b.seconds()) {
                double f = (seconds - a.seconds()) / (b.seconds() - a.seconds());
                return a.cosine() + f * (b.cosine() - a.cosine());
            }
        }
        return points.get(points.size() - 1).cosine();
    }

    @Override
    public String toString() {
        if (points.size() == 1) {
            return String.format(Locale.ROOT, "%.2f", points.get(0).cosine());
        }
        StringBuilder sb = new StringBuilder();
        for (Point p : points) {
            sb.append(sb.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2f at %.0f s", p.cosine(),
                    p.seconds()));
        }
        return sb.toString();
    }
}
