package io.github.camelai.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A horizontal grouped bar chart as SVG text, enough for the benchmark report and nothing more: one row per label,
 * one bar per series, values printed at the bar ends, a linear or a log10 axis.
 */
final class SvgChart {

    private static final String[] COLORS = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759"};
    private static final int LABEL_W = 170;
    private static final int BAR_H = 12;
    private static final int GAP = 10;

    private final String title;
    private final List<String> series;
    private final boolean log;
    private final List<String> labels = new ArrayList<>();
    private final List<double[]> values = new ArrayList<>();

    SvgChart(String title, List<String> series, boolean log) {
        this.title = title;
        this.series = series;
        this.log = log;
    }

    /** One row; {@code NaN} for a series with no value. */
    SvgChart row(String label, double... v) {
        labels.add(label);
        values.add(v);
        return this;
    }

    int height() {
        return 50 + labels.size() * (series.size() * BAR_H + GAP) + 10;
    }

    /** The chart as a {@code <g>} at {@code (x, y)}, {@code width} wide. */
    String group(int x, int y, int width) {
        double max = 0;
        for (double[] v : values) {
            for (double d : v) {
                if (!Double.isNaN(d)) {
                    max = Math.max(max, d);
                }
            }
        }
        double top = log ? Math.pow(10, Math.ceil(Math.log10(Math.max(10, max)))) : niceCeil(max);
        int plotW = width - LABEL_W - 60;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<g transform=\"translate(%d,%d)\">%n", x, y));
        s.append("<text x=\"0\" y=\"14\" font-weight=\"bold\">").append(esc(title)).append("</text>\n");
        for (int i = 0; i < series.size(); i++) {
            int lx = LABEL_W + i * 150;
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"24\" width=\"10\" height=\"10\" fill=\"%s\"/>"
                                                + "<text x=\"%d\" y=\"33\">%s</text>%n", lx, COLORS[i % COLORS.length], lx + 14,
                    esc(series.get(i))));
        }
        int rowY = 44;
        for (int r = 0; r < labels.size(); r++) {
            int rowH = series.size() * BAR_H;
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n", LABEL_W - 8,
                    rowY + rowH / 2 + 4, esc(labels.get(r))));
            double[] v = values.get(r);
            for (int i = 0; i < series.size(); i++) {
                if (i >= v.length || Double.isNaN(v[i])) {
                    continue;
                }
                double frac = log ? Math.log10(Math.max(1, v[i])) / Math.log10(top) : v[i] / top;
                int w = (int) Math.round(Math.max(1, frac * plotW));
                int by = rowY + i * BAR_H;
                s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>"
                                                    + "<text x=\"%d\" y=\"%d\" font-size=\"10\">%s</text>%n", LABEL_W, by, w,
                        BAR_H - 2, COLORS[i % COLORS.length], LABEL_W + w + 4, by + BAR_H - 3,
                        RunAll.fmt(v[i], v[i] < 10 ? 1 : 0)));
            }
            rowY += rowH + GAP;
        }
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"40\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/>%n", LABEL_W, LABEL_W,
                rowY));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"10\" fill=\"#666\">%s axis, 0 to %s</text>%n",
                LABEL_W, rowY + 12, log ? "log10" : "linear", RunAll.fmt(top, 0)));
        s.append("</g>\n");
        return s.toString();
    }

    /** Several charts stacked into one SVG document. */
    static String document(String caption, int width, List<SvgChart> charts) {
        int h = 30;
        StringBuilder body = new StringBuilder();
        for (SvgChart c : charts) {
            body.append(c.group(10, h, width - 20));
            h += c.height() + 10;
        }
        return String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                                          + "font-family=\"sans-serif\" font-size=\"12\">%n<rect width=\"100%%\" height=\"100%%\" "
                                          + "fill=\"white\"/>%n<text x=\"10\" y=\"18\" font-size=\"11\" fill=\"#444\">%s</text>%n%s</svg>%n",
                width, h + 10, esc(caption), body);
    }

    private static double niceCeil(double v) {
        if (v <= 0) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * p >= v) {
                return m * p;
            }
        }
        return 10 * p;
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
