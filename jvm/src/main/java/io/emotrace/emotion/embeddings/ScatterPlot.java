package io.emotrace.emotion.embeddings;

import io.emotrace.output.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * A 2-D scatter plot of clustered points, written as SVG (text, each point with its name as a tooltip) or PNG
 * (Java2D, headless). The format follows the file extension.
 */
public final class ScatterPlot {
    private static final int W = 800;
    private static final int H = 640;
    private static final int MARGIN = 60;
    private static final int LEGEND = 140;
    private static final String[] PALETTE = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
        "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};

    /** One point: coordinates, group (cluster) index and a name. */
    public record Point(double x, double y, int group, String name) {
    }

    private ScatterPlot() {
    }

    public static void write(Path file, String title, String xLabel, String yLabel, List<Point> points,
            List<String> groupNames) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".svg")) {
            AtomicFiles.write(file, svg(title, xLabel, yLabel, points, groupNames).getBytes(StandardCharsets.UTF_8));
        } else if (name.endsWith(".png")) {
            AtomicFiles.write(file, png(title, xLabel, yLabel, points, groupNames));
        } else {
            throw new IOException("plot file must end in .svg or .png: " + file);
        }
    }

    static String colour(int group) {
        return PALETTE[Math.floorMod(group, PALETTE.length)];
    }

    /** Maps data coordinates into the plot area, with 5 % padding. */
    private record Frame(double minX, double maxX, double minY, double maxY) {
        static Frame of(List<Point> pts) {
            double a = Double.POSITIVE_INFINITY;
            double b = Double.NEGATIVE_INFINITY;
            double c = Double.POSITIVE_INFINITY;
            double d = Double.NEGATIVE_INFINITY;
            for (Point p : pts) {
                a = Math.min(a, p.x());
                b = Math.max(b, p.x());
                c = Math.min(c, p.y());
                d = Math.max(d, p.y());
            }
            double px = Math.max(1e-9, (b - a) * 0.05);
            double py = Math.max(1e-9, (d - c) * 0.05);
            return new Frame(a - px, b + px, c - py, d + py);
        }

        double sx(double x) {
            return MARGIN + (x - minX) / (maxX - minX) * (W - 2 * MARGIN - LEGEND);
        }

        double sy(double y) {
            return H - MARGIN - (y - minY) / (maxY - minY) * (H - 2 * MARGIN);
        }
    }

    static String svg(String title, String xLabel, String yLabel, List<Point> points, List<String> groups) {
        Frame f = Frame.of(points);
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\">%n", W, H, W, H));
        sb.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"30\" font-size=\"18\">%s</text>%n", MARGIN, esc(title)));
        int right = W - MARGIN - LEGEND;
        sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
                + "stroke=\"#444\"/>%n", MARGIN, MARGIN, right - MARGIN, H - 2 * MARGIN));
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"13\" text-anchor=\"middle\">%s</text>%n",
                (MARGIN + right) / 2, H - 20, esc(xLabel)));
        sb.append(String.format(Locale.ROOT, "<text x=\"20\" y=\"%d\" font-size=\"13\" text-anchor=\"middle\" "
                + "transform=\"rotate(-90 20 %d)\">%s</text>%n", H / 2, H / 2, esc(yLabel)));
        for (Point p : points) {
            sb.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\" fill-opacity=\"0.8\">"
                    + "<title>%s</title></circle>%n", f.sx(p.x()), f.sy(p.y()), colour(p.group()), esc(p.name())));
        }
        for (int g = 0; g < groups.size(); g++) {
            int y = MARGIN + 10 + g * 22;
            sb.append(String.format(Locale.ROOT, "<circle cx=\"%d\" cy=\"%d\" r=\"6\" fill=\"%s\"/>"
                    + "<text x=\"%d\" y=\"%d\" font-size=\"13\">%s</text>%n", right + 20, y, colour(g), right + 32, y + 5,
                    esc(groups.get(g))));
        }
        return sb.append("</svg>\n").toString();
    }

    static byte[] png(String title, String xLabel, String yLabel, List<Point> points, List<String> groups)
            throws IOException {
        System.setProperty("java.awt.headless", "true");
        Frame f = Frame.of(points);
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, W, H);
            g.setColor(Color.DARK_GRAY);
            g.setStroke(new BasicStroke(1f));
            int right = W - MARGIN - LEGEND;
            g.drawRect(MARGIN, MARGIN, right - MARGIN, H - 2 * MARGIN);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 18));
            g.drawString(title, MARGIN, 30);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            g.drawString(xLabel, (MARGIN + right) / 2 - g.getFontMetrics().stringWidth(xLabel) / 2, H - 20);
            var old = g.getTransform();
            g.rotate(-Math.PI / 2, 20, H / 2.0);
            g.drawString(yLabel, 20 - g.getFontMetrics().stringWidth(yLabel) / 2, H / 2 + 5);
            g.setTransform(old);
            for (Point p : points) {
                g.setColor(Color.decode(colour(p.group())));
                g.fill(new Ellipse2D.Double(f.sx(p.x()) - 4, f.sy(p.y()) - 4, 8, 8));
            }
            for (int k = 0; k < groups.size(); k++) {
                int y = MARGIN + 10 + k * 22;
                g.setColor(Color.decode(colour(k)));
                g.fill(new Ellipse2D.Double(right + 14, y - 6, 12, 12));
                g.setColor(Color.DARK_GRAY);
                g.drawString(groups.get(k), right + 32, y + 5);
            }
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        if (!ImageIO.write(img, "png", bytes)) {
            throw new IOException("no PNG writer in this JVM");
        }
        return bytes.toByteArray();
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
