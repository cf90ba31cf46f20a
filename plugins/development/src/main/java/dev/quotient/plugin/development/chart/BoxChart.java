package dev.quotient.plugin.development.chart;

import java.util.List;
import java.util.Objects;

/**
 * Rep against team: one row per KPI with the team's range (whiskers from minimum to maximum), the box
 * from the first to the third quartile, the median as a bar and the rep as a dot. Each row has its own
 * scale (KPIs have different units), from 0 or the lowest value to the highest; the values are
 * written at the right so the chart reads without colour.
 */
public final class BoxChart {

  /** One KPI's row; {@code rep} is null when the rep has no value. */
  public record Row(String label, double min, double q1, double median, double q3, double max, Double rep,
      String repText, String medianText) {
    public Row {
      Objects.requireNonNull(label, "label");
    }
  }

  static final double WIDTH = 640;
  static final double ROW = 44;
  static final double LABEL = 210;
  static final double PLOT = 280;
  static final double TOP = 8;

  private BoxChart() {}

  public static String render(String id, String title, String desc, List<Row> rows, String repName, String teamName) {
    String sid = Svg.id(id);
    double height = TOP + ROW * rows.size() + 28;
    StringBuilder out = new StringBuilder(Svg.open(sid, "chart chart-box", WIDTH, height, title, desc));
    for (int r = 0; r < rows.size(); r++) {
      Row row = rows.get(r);
      double lo = Math.min(0, Math.min(row.min(), row.rep() == null ? row.min() : row.rep()));
      double hi = Math.max(row.max(), row.rep() == null ? row.max() : row.rep());
      double span = hi - lo > 0 ? hi - lo : 1;
      double cy = TOP + ROW * r + ROW / 2;
      out.append("<g class=\"chart-row\"><title>").append(Svg.esc(row.label() + ": " + repName + " " + row.repText()
          + ", " + teamName + " " + row.medianText())).append("</title>");
      out.append("<text class=\"chart-label\" x=\"0\" y=\"").append(Svg.num(cy + 4)).append("\" font-size=\"12\">")
          .append(Svg.esc(row.label())).append("</text>");
      out.append("<line class=\"chart-whisker\" x1=\"").append(Svg.num(sx(row.min(), lo, span))).append("\" y1=\"")
          .append(Svg.num(cy)).append("\" x2=\"").append(Svg.num(sx(row.max(), lo, span))).append("\" y2=\"")
          .append(Svg.num(cy)).append("\" stroke=\"#777\"/>");
      double bx = sx(row.q1(), lo, span);
      out.append("<rect class=\"chart-team\" x=\"").append(Svg.num(bx)).append("\" y=\"").append(Svg.num(cy - 10))
          .append("\" width=\"").append(Svg.num(Math.max(1, sx(row.q3(), lo, span) - bx)))
          .append("\" height=\"20\" fill=\"#cfe0f5\" stroke=\"#36c\"/>");
      double mx = sx(row.median(), lo, span);
      out.append("<line class=\"chart-median\" x1=\"").append(Svg.num(mx)).append("\" y1=\"").append(Svg.num(cy - 12))
          .append("\" x2=\"").append(Svg.num(mx)).append("\" y2=\"").append(Svg.num(cy + 12))
          .append("\" stroke=\"#036\" stroke-width=\"3\"/>");
      if (row.rep() != null) {
        out.append("<circle class=\"chart-rep\" cx=\"").append(Svg.num(sx(row.rep(), lo, span))).append("\" cy=\"")
            .append(Svg.num(cy)).append("\" r=\"6\" fill=\"#c60\" stroke=\"#000\"/>");
      }
      out.append("<text class=\"chart-value\" x=\"").append(Svg.num(LABEL + PLOT + 16)).append("\" y=\"")
          .append(Svg.num(cy + 4)).append("\" font-size=\"12\">").append(Svg.esc(row.repText() + " / " + row.medianText()))
          .append("</text></g>");
    }
    double ly = height - 10;
    out.append("<g class=\"chart-legend\"><circle cx=\"").append(Svg.num(LABEL + 6)).append("\" cy=\"").append(Svg.num(ly - 4))
        .append("\" r=\"5\" fill=\"#c60\"/><text x=\"").append(Svg.num(LABEL + 16)).append("\" y=\"").append(Svg.num(ly))
        .append("\" font-size=\"12\">").append(Svg.esc(repName)).append("</text><rect x=\"").append(Svg.num(LABEL + 150))
        .append("\" y=\"").append(Svg.num(ly - 10)).append("\" width=\"16\" height=\"10\" fill=\"#cfe0f5\" stroke=\"#36c\"/><text x=\"")
        .append(Svg.num(LABEL + 172)).append("\" y=\"").append(Svg.num(ly)).append("\" font-size=\"12\">")
        .append(Svg.esc(teamName)).append("</text></g>");
    return out.append("</svg>").toString();
  }

  static double sx(double v, double lo, double span) {
    return LABEL + PLOT * (v - lo) / span;
  }
}
