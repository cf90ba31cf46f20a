package dev.quotient.plugin.hiring;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A grouped bar chart drawn on the server as plain SVG: one group per RPAC area, one bar per candidate
 * (their mean) and a dashed line at the ideal level. Colours and fonts are presentation attributes,
 * never a style attribute, and there is no script, so the page's Content-Security-Policy holds. Every
 * bar and ideal line carries a {@code <title>} (a tooltip, and what screen readers announce).
 */
final class BarChart {

  static final String[] COLOURS = {"#1f5f99", "#c25400", "#2e7d32", "#b3261e", "#6a3d9a", "#7a5230", "#ad1457", "#455a64"};
  private static final int WIDTH = 480;
  private static final int LEFT = 32;
  private static final int RIGHT = 8;
  private static final int TOP = 12;
  private static final int PLOT = 220;
  private static final int LEGEND_ROW = 20;
  /** Room under the plot for area names of up to two lines. */
  private static final int LABELS = 44;
  private static final int LABEL_CHARS = 15;

  private BarChart() {}

  /** One candidate's bars; a null mean leaves the bar out (nobody scored that candidate yet). */
  record Series(String name, Map<Area, Double> means) {}

  /**
   * @param areaNames each area's name in the reader's language
   * @param title the chart's accessible name
   * @param idealLabel words for "ideal", used in the ideal lines' titles and the legend
   */
  static String svg(String title, Map<Area, String> areaNames, Map<Area, Integer> ideal, List<Series> series,
      String idealLabel) {
    int height = TOP + PLOT + LABELS + LEGEND_ROW * (series.size() + 1);
    StringBuilder s = new StringBuilder(4096);
    s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
        .append("\" width=\"100%\" role=\"img\" aria-labelledby=\"hiring-chart-title\" font-family=\"sans-serif\""
            + " font-size=\"13\">");
    s.append("<title id=\"hiring-chart-title\">").append(esc(title)).append("</title>");
    double plotWidth = WIDTH - LEFT - RIGHT;
    for (int level = 0; level <= 5; level++) {
      double y = y(level);
      s.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT).append("\" y1=\"").append(f(y))
          .append("\" y2=\"").append(f(y)).append("\" stroke=\"#d0d4d9\" stroke-width=\"1\"/>");
      s.append("<text x=\"").append(LEFT - 6).append("\" y=\"").append(f(y + 4)).append("\" text-anchor=\"end\" fill=\"#4a4f55\">")
          .append(level).append("</text>");
    }
    double group = plotWidth / Area.ALL.size();
    int bars = Math.max(1, series.size());
    double barWidth = Math.min(28, (group - 16) / bars);
    for (int g = 0; g < Area.ALL.size(); g++) {
      Area area = Area.ALL.get(g);
      double x0 = LEFT + g * group;
      double start = x0 + (group - barWidth * bars) / 2;
      for (int i = 0; i < series.size(); i++) {
        Double mean = series.get(i).means().get(area);
        if (mean == null || mean.isNaN()) {
          continue;
        }
        double top = y(mean);
        s.append("<rect x=\"").append(f(start + i * barWidth + 1)).append("\" y=\"").append(f(top)).append("\" width=\"")
            .append(f(barWidth - 2)).append("\" height=\"").append(f(y(0) - top)).append("\" fill=\"")
            .append(COLOURS[i % COLOURS.length]).append("\"><title>").append(esc(series.get(i).name())).append(": ")
            .append(esc(areaNames.get(area))).append(' ').append(number(mean)).append("</title></rect>");
      }
      Integer level = ideal.get(area);
      if (level != null) {
        double y = y(level);
        s.append("<line x1=\"").append(f(x0 + 4)).append("\" x2=\"").append(f(x0 + group - 4)).append("\" y1=\"").append(f(y))
            .append("\" y2=\"").append(f(y)).append("\" stroke=\"#111\" stroke-width=\"2\" stroke-dasharray=\"6 4\"><title>")
            .append(esc(idealLabel)).append(": ").append(esc(areaNames.get(area))).append(' ').append(level)
            .append("</title></line>");
      }
      s.append("<text x=\"").append(f(x0 + group / 2)).append("\" y=\"").append(f(y(0) + 18))
          .append("\" text-anchor=\"middle\" font-size=\"12\" fill=\"#1d2125\">");
      List<String> lines = lines(areaNames.get(area));
      for (int l = 0; l < lines.size(); l++) {
        s.append("<tspan x=\"").append(f(x0 + group / 2)).append("\" dy=\"").append(l == 0 ? "0" : "15").append("\">")
            .append(esc(lines.get(l))).append("</tspan>");
      }
      s.append("</text>");
    }
    double legendTop = TOP + PLOT + LABELS;
    for (int i = 0; i < series.size(); i++) {
      double y = legendTop + i * LEGEND_ROW;
      s.append("<rect x=\"").append(LEFT).append("\" y=\"").append(f(y)).append("\" width=\"12\" height=\"12\" fill=\"")
          .append(COLOURS[i % COLOURS.length]).append("\"/><text x=\"").append(LEFT + 18).append("\" y=\"").append(f(y + 11))
          .append("\" fill=\"#1d2125\">").append(esc(series.get(i).name())).append("</text>");
    }
    double y = legendTop + series.size() * LEGEND_ROW + 6;
    s.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(LEFT + 12).append("\" y1=\"").append(f(y)).append("\" y2=\"")
        .append(f(y)).append("\" stroke=\"#111\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/><text x=\"").append(LEFT + 18)
        .append("\" y=\"").append(f(y + 4)).append("\" fill=\"#1d2125\">").append(esc(idealLabel)).append("</text>");
    return s.append("</svg>").toString();
  }

  /** Splits a name into lines of about {@link #LABEL_CHARS} characters at spaces, so it fits its group. */
  static List<String> lines(String text) {
    List<String> out = new java.util.ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.split(" ")) {
      if (line.length() > 0 && line.length() + 1 + word.length() > LABEL_CHARS && out.isEmpty()) {
        out.add(line.toString());
        line.setLength(0);
      }
      line.append(line.length() > 0 ? " " : "").append(word);
    }
    out.add(line.toString());
    return out;
  }

  private static double y(double level) {
    return TOP + PLOT - PLOT * level / 5.0;
  }

  private static String f(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  private static String number(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }

  /** Text and attribute escaping for names people typed. */
  static String esc(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
