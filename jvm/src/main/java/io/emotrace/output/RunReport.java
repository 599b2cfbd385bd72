package io.emotrace.output;

import io.emotrace.domain.AnalyzedSegment;
import io.emotrace.domain.Emotion;
import io.emotrace.domain.RuleFlag;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A self-contained, print-friendly HTML report of one analysis (no scripts, no external resources): the input,
 * the stages, one row per speaker (talk time, share, turns, words, dominant emotion, distribution, volatility),
 * the emotion timeline as inline SVG (one lane per speaker, colour per emotion, opacity = confidence, flags
 * outlined in red), and every flagged moment with the words spoken then. {@link #segmentsCsv} is the segments
 * table for spreadsheets. Every text from the recording or the rules is HTML/CSV-escaped.
 */
public final class RunReport {
    public static final String HTML_FILE = "report.html";
    public static final String CSV_FILE = "segments.csv";
    /** The web UI's palette, so the report and the live page read the same. */
    private static final Map<String, String> COLOURS = Map.of("angry", "#d62728", "disgusted", "#8c564b",
            "fearful", "#9467bd", "happy", "#f2b705", "neutral", "#8a8f98", "other", "#17becf", "sad", "#1f77b4",
            "surprised", "#ff7f0e", "unknown", "#c7c7c7");
    private static final String NO_EMOTION = "#dfe3ea";
    private static final int EXCERPT_CHARS = 240;

    private RunReport() {
    }

    public static String html(AnalysisResult r) {
        StringBuilder b = new StringBuilder(16_384);
        String title = r.input() == null ? "analysis" : r.input().fileName();
        double duration = r.processedAudio() == null ? 0 : r.processedAudio().durationSeconds();
        b.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>emotrace report: ")
                .append(esc(title)).append("</title>\n<style>")
                .append("body{font:14px/1.45 system-ui,sans-serif;color:#1d2330;max-width:1000px;margin:24px auto;"
                        + "padding:0 16px}h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:24px 0 8px;"
                        + "border-bottom:1px solid #dfe3ea}table{border-collapse:collapse;width:100%}td,th{text-align:"
                        + "left;padding:4px 8px;border-bottom:1px solid #eef0f4;vertical-align:top}.muted{color:#6b7280}"
                        + ".sev-critical{color:#b91c1c;font-weight:600}.sev-warning{color:#b45309;font-weight:600}"
                        + "svg{width:100%;height:auto}.legend span{margin-right:10px;white-space:nowrap}"
                        + ".sw{display:inline-block;width:10px;height:10px;margin-right:3px}"
                        + "@media print{body{margin:0;max-width:none}h2{break-after:avoid}tr{break-inside:avoid}}")
                .append("</style></head><body>\n");
        b.append("<h1>").append(esc(title)).append("</h1>\n<p class=\"muted\">")
                .append(esc(fmt(duration))).append(" of audio");
        if (r.language() != null) {
            b.append(", language ").append(esc(r.language()));
        }
        b.append(", analysed ").append(esc(r.created())).append(" by emotrace ").append(esc(r.emotraceVersion()))
                .append("</p>\n");
        stages(b, r);
        speakers(b, r);
        timeline(b, r, duration);
        flags(b, r);
        b.append("</body></html>\n");
        return b.toString();
    }

    private static void stages(StringBuilder b, AnalysisResult r) {
        b.append("<h2>Stages</h2>\n<p>");
        List<String> parts = new ArrayList<>();
        for (AnalysisResult.Stage s : r.stages()) {
            parts.add(esc(s.name()) + " <span class=\"muted\">" + esc(s.status().name().toLowerCase(Locale.ROOT))
                    + "</span>");
        }
        b.append(String.join(" &middot; ", parts)).append("</p>\n");
        for (AnalysisResult.Stage s : r.stages()) {
            if (s.status() != io.emotrace.domain.StageStatus.OK) {
                b.append("<p class=\"muted\">").append(esc(s.name())).append(": ").append(esc(s.detail()))
                        .append("</p>\n");
            }
        }
    }

    private static void speakers(StringBuilder b, AnalysisResult r) {
        b.append("<h2>Speakers</h2>\n");
        if (r.timelines().isEmpty()) {
            b.append("<p class=\"muted\">no speaker timelines (diarization, emotion and ASR did not run)</p>\n");
            return;
        }
        b.append("<table><tr><th>speaker</th><th>talk time</th><th>share</th><th>turns</th><th>words</th>"
                + "<th>dominant</th><th>emotion distribution</th><th>volatility</th>"
                + "<th title=\"how sure the diarizer is that these turns are this voice (calibrated, talk-weighted)\">"
                + "voice sure</th></tr>\n");
        for (SpeakerTimeline t : r.timelines()) {
            SpeakerTimeline.Summary s = t.summary();
            b.append("<tr><td>").append(esc(t.speaker() == null ? "all speech"
                    : t.name() == null ? t.speaker() : t.name() + " (" + t.speaker() + ")")).append("</td><td>")
                    .append(fmt(s.talkSeconds())).append("</td><td>")
                    .append(String.format(Locale.ROOT, "%.0f %%", 100 * s.shareOfTalk())).append("</td><td>")
                    .append(s.turns()).append("</td><td>").append(s.words()).append("</td><td>")
                    .append(s.dominantEmotion() == null ? "<span class=\"muted\">-</span>"
                            : esc(s.dominantEmotion().english())).append("</td><td>");
            distribution(b, s.emotionDistribution());
            b.append("</td><td>");
            SpeakerTimeline.Volatility v = s.volatility();
            b.append(v == null || v.changesPerMinute() == null ? "-"
                    : String.format(Locale.ROOT, "%.2f changes/min", v.changesPerMinute()));
            Double sure = voiceSure(r, t.speaker());
            b.append("</td><td>").append(sure == null ? "-" : String.format(Locale.ROOT, "%.0f %%", 100 * sure));
            b.append("</td></tr>\n");
        }
        b.append("</table>\n");
    }

    /** Talk-weighted mean speaker confidence of {@code speaker}'s segments; null when none has one. */
    static Double voiceSure(AnalysisResult r, String speaker) {
        io.emotrace.domain.TurnTally tally = new io.emotrace.domain.TurnTally();
        for (AnalyzedSegment s : r.segments()) {
            if (speaker != null && speaker.equals(s.speaker())) {
                tally.add(s.end() - s.start(), s.speakerConfidence());
            }
        }
        return tally.meanConfidence();
    }

    private static void distribution(StringBuilder b, Map<Emotion, Double> dist) {
        if (dist == null || dist.isEmpty()) {
            b.append("<span class=\"muted\">no estimate</span>");
            return;
        }
        List<Map.Entry<Emotion, Double>> parts = new ArrayList<>(dist.entrySet());
        parts.sort(Map.Entry.<Emotion, Double>comparingByValue().reversed());
        b.append("<svg viewBox=\"0 0 100 8\" width=\"160\" height=\"12\" role=\"img\">");
        double x = 0;
        for (Map.Entry<Emotion, Double> e : parts) {
            double w = 100 * e.getValue();
            b.append(String.format(Locale.ROOT, "<rect x=\"%.2f\" y=\"0\" width=\"%.2f\" height=\"8\" fill=\"%s\">"
                    + "<title>%s %.0f %%</title></rect>", x, w, colour(e.getKey()), esc(e.getKey().english()), w));
            x += w;
        }
        b.append("</svg><br><span class=\"muted\">");
        List<String> txt = new ArrayList<>();
        for (Map.Entry<Emotion, Double> e : parts) {
            if (e.getValue() >= 0.005) {
                txt.add(String.format(Locale.ROOT, "%s %.0f%%", e.getKey().english(), 100 * e.getValue()));
            }
        }
        b.append(esc(String.join(", ", txt))).append("</span>");
    }

    private static void timeline(StringBuilder b, AnalysisResult r, double duration) {
        b.append("<h2>Emotion timeline</h2>\n");
        List<String> lanes = new ArrayList<>();
        for (AnalyzedSegment s : r.segments()) {
            String lane = s.speaker() == null ? "all speech" : s.speaker();
            if (!lanes.contains(lane)) {
                lanes.add(lane);
            }
        }
        if (lanes.isEmpty() || !(duration > 0)) {
            b.append("<p class=\"muted\">no segments</p>\n");
            return;
        }
        lanes.sort(Comparator.naturalOrder());
        int left = 90;
        int width = 900;
        int lane = 26;
        int height = lanes.size() * lane + 24;
        b.append(String.format(Locale.ROOT, "<svg class=\"timeline\" viewBox=\"0 0 %d %d\" role=\"img\" "
                + "aria-label=\"emotion per speaker over time\">", left + width + 24, height));
        for (int i = 0; i < lanes.size(); i++) {
            b.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"%d\" font-size=\"12\">%s</text>"
                    + "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"18\" fill=\"#f3f4f7\"/>", i * lane + 14,
                    esc(lanes.get(i).equals("all speech") ? lanes.get(i) : r.label(lanes.get(i))), left, i * lane + 1,
                    width));
        }
        for (AnalyzedSegment s : r.segments()) {
            int i = lanes.indexOf(s.speaker() == null ? "all speech" : s.speaker());
            String emotion = s.emotion() == null ? null : s.emotion().emotion().english();
            double opacity = s.emotion() == null ? 1 : Math.max(0.15, s.emotion().confidence());
            b.append(String.format(Locale.ROOT, "<rect class=\"seg\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"18\""
                    + " fill=\"%s\" fill-opacity=\"%.2f\"><title>%s %s-%s %s</title></rect>",
                    left + width * s.start() / duration, i * lane + 1,
                    Math.max(0.5, width * (s.end() - s.start()) / duration),
                    emotion == null ? NO_EMOTION : colour(emotion), opacity, esc(lanes.get(i)), fmt(s.start()),
                    fmt(s.end()), emotion == null ? "no estimate" : esc(emotion)));
        }
        for (RuleFlag f : r.flags()) {
            int i = f.speaker() == null ? -1 : lanes.indexOf(f.speaker());
            int y = i < 0 ? 0 : i * lane;
            int h = i < 0 ? lanes.size() * lane : lane - 4;
            b.append(String.format(Locale.ROOT, "<rect class=\"flag\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" "
                    + "height=\"%d\" fill=\"none\" stroke=\"#d00\" stroke-width=\"1.5\"><title>%s</title></rect>",
                    left + width * f.start() / duration, y, Math.max(1, width * (f.end() - f.start()) / duration),
                    h, esc(f.rule())));
        }
        for (int k = 0; k <= 4; k++) {
            double t = duration * k / 4;
            b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" fill=\"#6b7280\" "
                    + "text-anchor=\"middle\">%s</text>", left + width * k / 4.0, height - 4, fmt(t)));
        }
        b.append("</svg>\n<p class=\"legend\">");
        for (Emotion e : Emotion.values()) {
            b.append("<span><i class=\"sw\" style=\"background:").append(colour(e.english())).append("\"></i>")
                    .append(esc(e.english())).append("</span>");
        }
        b.append("<span class=\"muted\">opacity = confidence; red outline = rule flag</span></p>\n");
    }

    private static void flags(StringBuilder b, AnalysisResult r) {
        b.append("<h2>Flagged moments</h2>\n");
        if (r.flags().isEmpty()) {
            b.append("<p class=\"muted\">no rule fired</p>\n");
            return;
        }
        b.append("<table><tr><th>when</th><th>severity</th><th>rule</th><th>speaker</th><th>what</th>"
                + "<th>words</th></tr>\n");
        List<RuleFlag> sorted = new ArrayList<>(r.flags());
        sorted.sort(Comparator.comparingDouble(RuleFlag::start));
        for (RuleFlag f : sorted) {
            b.append("<tr><td>").append(fmt(f.start())).append("-").append(fmt(f.end())).append("</td><td class=\"sev-")
                    .append(esc(f.severity())).append("\">").append(esc(f.severity())).append("</td><td>")
                    .append(esc(f.rule())).append("</td><td>").append(esc(f.speaker() == null ? "all" : f.speaker()))
                    .append("</td><td>").append(esc(f.message() == null ? "" : f.message())).append("</td><td>")
                    .append(esc(excerpt(r, f))).append("</td></tr>\n");
        }
        b.append("</table>\n");
    }

    /** The words of the flag's speaker (or everyone) in segments overlapping the flag, shortened. */
    static String excerpt(AnalysisResult r, RuleFlag f) {
        StringBuilder t = new StringBuilder();
        for (AnalyzedSegment s : r.segments()) {
            boolean who = f.speaker() == null || f.speaker().equals(s.speaker());
            if (who && s.start() < f.end() && s.end() > f.start() && s.text() != null && !s.text().isBlank()) {
                if (!t.isEmpty()) {
                    t.append(" / ");
                }
                t.append(s.text().strip());
            }
        }
        if (t.length() > EXCERPT_CHARS) {
            return t.substring(0, EXCERPT_CHARS - 1) + "\u2026";
        }
        return t.toString();
    }

    /**
     * index,speaker,start,end,emotion,confidence,text, the nine scores and speaker_name (the speaker's name when it
     * has one, else empty); RFC 4180 quoting.
     */
    public static String segmentsCsv(AnalysisResult r) {
        StringBuilder b = new StringBuilder();
        b.append("index,speaker,start,end,emotion,confidence,text");
        for (Emotion e : Emotion.values()) {
            b.append(",score_").append(e.english());
        }
        b.append(",speaker_name,speaker_confidence\r\n");
        for (int i = 0; i < r.segments().size(); i++) {
            AnalyzedSegment s = r.segments().get(i);
            b.append(i).append(',').append(csv(s.speaker())).append(',')
                    .append(String.format(Locale.ROOT, "%.3f,%.3f", s.start(), s.end())).append(',')
                    .append(csv(s.emotion() == null ? null : s.emotion().emotion().english())).append(',')
                    .append(s.emotion() == null ? "" : String.format(Locale.ROOT, "%.4f", s.emotion().confidence()))
                    .append(',').append(csv(s.text()));
            Map<Emotion, Double> scores = s.emotion() == null ? Map.of() : new LinkedHashMap<>(s.emotion().scores());
            for (Emotion e : Emotion.values()) {
                Double v = scores.get(e);
                b.append(',').append(v == null ? "" : String.format(Locale.ROOT, "%.4f", v));
            }
            String label = r.label(s.speaker());
            b.append(',').append(csv(label == null || label.equals(s.speaker()) ? null : label)).append(',')
                    .append(s.speakerConfidence() == null ? "" : String.format(Locale.ROOT, "%.3f", s.speakerConfidence()))
                    .append("\r\n");
        }
        return b.toString();
    }

    private static String csv(String v) {
        if (v == null) {
            return "";
        }
        // a leading = + - @ would be a formula in a spreadsheet: quoted and prefixed so it stays text
        String s = !v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0 ? "'" + v : v;
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r") || !s.equals(v)) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }

    private static String colour(Emotion e) {
        return colour(e.english());
    }

    private static String colour(String english) {
        return COLOURS.getOrDefault(english, NO_EMOTION);
    }

    private static String fmt(double seconds) {
        long s = Math.round(Math.max(0, seconds));
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
