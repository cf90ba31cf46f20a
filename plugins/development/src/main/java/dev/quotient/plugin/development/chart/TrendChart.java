package dev.quotient.plugin.development.chart;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.DoubleFunction;

/**
 * A line chart of one KPI over months: one line per series (a rep and the team median), gaps where a
 * month has no value, a dot with its own tooltip per value, a 0-based y axis with four grid lines and
 * the month labels below (every other one beyond six months).
 */
public final class TrendChart {

  /** One line: a name for the legend, a CSS class for its colour, one value per label (null: none). */
  public record Series(String name, String cssClass, List<Double> values) {
    public Series {
      Objects.requireNonNull(name, "name");
      values = new ArrayList<>(values); // nulls allowed
    }
  }

  static final double WIDTH = 640;
  static final double HEIGHT = 260;
  static final double LEFT = 56;
  static final double RIGHT = 36;
  static final double TOP = 16;
  static final double BOTTOM = 64;

  private TrendChart() {}

  /**
   * @param id unique on the page (ids of the title and description derive from it)
   * @param labels the x axis (months), one per value
   * @param format how values are written in labels and tooltips
   */
  public static String render(String id, String title, String desc, List<String> labels, List<Series> series,
      DoubleFunction<String> format) {
    String sid = Svg.id(id);
    double max = 0;
    for (Series s : series) {
      if (s.values().size() != labels.size()) {
        throw new IllegalArgumentException(s.name() + ": " + s.values().size() + " values for " + labels.size() + " labels");
      }
      for (Double v : s.values()) {
        if (v != null && v > max) {
          max = v;
        }
      }
    }
    double top = Svg.niceMax(max);
    double plotW = WIDTH - LEFT - RIGHT;
    double plotH = HEIGHT - TOP - BOTTOM;
    StringBuilder out = new StringBuilder(Svg.open(sid, "chart chart-trend", WIDTH, HEIGHT, title, desc));
    out.append("<g class=\"chart-grid\" aria-hidden=\"true\">");
    for (int i = 0; i <= 4; i++) {
      double y = TOP + plotH - plotH * i / 4;
      out.append("<line x1=\"").append(Svg.num(LEFT)).append("\" y1=\"").append(Svg.num(y)).append("\" x2=\"")
          .append(Svg.num(WIDTH - RIGHT)).append("\" y2=\"").append(Svg.num(y)).append("\" stroke=\"#ccc\"/>");
      out.append("<text class=\"chart-axis\" x=\"").append(Svg.num(LEFT - 6)).append("\" y=\"").append(Svg.num(y + 4))
          .append("\" text-anchor=\"end\" font-size=\"11\">").append(Svg.esc(format.apply(top * i / 4))).append("</text>");
    }
    out.append("</g><g class=\"chart-labels\">");
    // more than six months: every other label (counted from the last), so they stay legible on a phone
    int every = labels.size() > 6 ? 2 : 1;
    for (int i = 0; i < labels.size(); i++) {
      if ((labels.size() - 1 - i) % every != 0) {
        continue;
      }
      double x = x(i, labels.size(), plotW);
      out.append("<text class=\"chart-axis\" x=\"").append(Svg.num(x)).append("\" y=\"").append(Svg.num(HEIGHT - BOTTOM + 16))
          .append("\" text-anchor=\"middle\" font-size=\"11\">").append(Svg.esc(labels.get(i))).append("</text>");
    }
    out.append("</g>");
    // the last series first, so the first (the rep) is drawn on top; the others dashed
    for (int n = series.size() - 1; n >= 0; n--) {
      Series s = series.get(n);
      String css = "chart-series chart-series-" + n + (s.cssClass() == null ? "" : " " + Svg.esc(s.cssClass()));
      String dash = n == 0 ? "" : " stroke-dasharray=\"6 4\"";
      out.append("<g class=\"").append(css).append("\"><title>").append(Svg.esc(s.name())).append("</title>");
      List<String> run = new ArrayList<>();
      for (int i = 0; i <= labels.size(); i++) {
        Double v = i < labels.size() ? s.values().get(i) : null;
        if (v != null) {
          run.add(Svg.num(x(i, labels.size(), plotW)) + "," + Svg.num(y(v, top, plotH)));
        } else {
          if (run.size() > 1) {
            out.append("<polyline fill=\"none\" stroke=\"currentColor\" stroke-width=\"2\"").append(dash)
                .append(" points=\"").append(String.join(" ", run)).append("\"/>");
          }
          run.clear();
        }
      }
      for (int i = 0; i < labels.size(); i++) {
        Double v = s.values().get(i);
        if (v != null) {
          out.append("<circle cx=\"").append(Svg.num(x(i, labels.size(), plotW))).append("\" cy=\"")
              .append(Svg.num(y(v, top, plotH))).append("\" r=\"").append(n == 0 ? "4" : "3").append("\" fill=\"currentColor\"><title>")
              .append(Svg.esc(s.name() + ", " + labels.get(i) + ": " + format.apply(v))).append("</title></circle>");
        }
      }
      out.append("</g>");
    }
    // legend
    double lx = LEFT;
    int n = 0;
    for (Series s : series) {
      double ly = HEIGHT - 18;
      out.append("<g class=\"chart-series chart-series-").append(n).append(s.cssClass() == null ? "" : " " + Svg.esc(s.cssClass()))
          .append("\"><rect x=\"").append(Svg.num(lx)).append("\" y=\"").append(Svg.num(ly - 9))
          .append("\" width=\"10\" height=\"10\" fill=\"currentColor\"/><text class=\"chart-legend\" x=\"")
          .append(Svg.num(lx + 14)).append("\" y=\"").append(Svg.num(ly)).append("\" font-size=\"12\">")
          .append(Svg.esc(s.name())).append("</text></g>");
      lx += 24 + 7 * s.name().length();
      n++;
    }
    return out.append("</svg>").toString();
  }

  static double x(int i, int count, double plotW) {
    return count <= 1 ? LEFT + plotW / 2 : LEFT + plotW * i / (count - 1);
  }

  static double y(double v, double top, double plotH) {
    return TOP + plotH - plotH * Math.max(0, v) / top;
  }
}
