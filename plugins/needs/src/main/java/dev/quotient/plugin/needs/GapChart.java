package dev.quotient.plugin.needs;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The gap per audit question across rounds as a grouped bar chart in plain SVG: one group per question,
 * one bar per round (the latest {@value #MAX_ROUNDS}), each with a {@code <title>} stating its number.
 * Only presentation attributes (no {@code style} attribute, which the CSP forbids) and no script, so it
 * can sit inline in a page or be served as an image.
 */
final class GapChart {

  static final int MAX_ROUNDS = 6;
  private static final String[] COLOURS = {"#9aa5b1", "#7b8794", "#3e7cb1", "#1f5f99", "#d9822b", "#c23030"};
  private static final int WIDTH = 720;
  private static final int HEIGHT = 340;
  private static final int LEFT = 44;
  private static final int RIGHT = 12;
  private static final int TOP = 40;
  private static final int PLOT_HEIGHT = 200;

  /** A column label and the full name shown on hover. */
  record Question(String id, String label, String name) {}

  /** A round: its date (as shown) and the gap of each answered question. */
  record Round(String date, Map<String, Integer> gaps) {}

  /** The texts around the bars, in the reader's language. */
  record Labels(String title, String gapAxis, String barTitle, String noData) {}

  private GapChart() {}

  /**
   * @param barTitle a pattern with {@code {question}}, {@code {date}} and {@code {gap}}
   */
  static String svg(List<Question> questions, List<Round> allRounds, Labels labels) {
    List<Round> rounds = allRounds.size() > MAX_ROUNDS
        ? allRounds.subList(allRounds.size() - MAX_ROUNDS, allRounds.size()) : allRounds;
    int min = 0;
    for (Round r : rounds) {
      for (int g : r.gaps().values()) {
        min = Math.min(min, g);
      }
    }
    int max = 4;
    double unit = (double) PLOT_HEIGHT / (max - min);
    double zeroY = TOP + max * unit;
    StringBuilder s = new StringBuilder(4096);
    s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
        .append("\" width=\"100%\" role=\"img\" aria-labelledby=\"needs-gap-chart-title\" class=\"needs-chart\">");
    s.append("<title id=\"needs-gap-chart-title\">").append(esc(labels.title())).append("</title>");
    s.append("<rect x=\"0\" y=\"0\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
        .append("\" fill=\"#ffffff\"/>");
    s.append("<text x=\"").append(LEFT).append("\" y=\"20\" font-size=\"14\" font-weight=\"bold\" fill=\"#1f2933\">")
        .append(esc(labels.title())).append("</text>");
    for (int v = min; v <= max; v++) {
      double y = TOP + (max - v) * unit;
      s.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT).append("\" y1=\"").append(f(y))
          .append("\" y2=\"").append(f(y)).append("\" stroke=\"").append(v == 0 ? "#52606d" : "#e4e7eb")
          .append("\" stroke-width=\"1\"/>");
      s.append("<text x=\"").append(LEFT - 8).append("\" y=\"").append(f(y + 4))
          .append("\" font-size=\"11\" text-anchor=\"end\" fill=\"#52606d\">").append(v).append("</text>");
    }
    s.append("<text x=\"12\" y=\"").append(f(TOP + PLOT_HEIGHT / 2.0))
        .append("\" font-size=\"11\" fill=\"#52606d\" transform=\"rotate(-90 12 ").append(f(TOP + PLOT_HEIGHT / 2.0))
        .append(")\" text-anchor=\"middle\">").append(esc(labels.gapAxis())).append("</text>");
    if (rounds.isEmpty()) {
      s.append("<text x=\"").append(WIDTH / 2).append("\" y=\"").append(f(TOP + PLOT_HEIGHT / 2.0))
          .append("\" font-size=\"13\" text-anchor=\"middle\" fill=\"#52606d\">").append(esc(labels.noData()))
          .append("</text>");
    }
    double groupWidth = (double) (WIDTH - LEFT - RIGHT) / Math.max(1, questions.size());
    double barWidth = rounds.isEmpty() ? 0 : Math.min(24, (groupWidth - 10) / rounds.size());
    for (int qi = 0; qi < questions.size(); qi++) {
      Question q = questions.get(qi);
      double x0 = LEFT + qi * groupWidth + (groupWidth - barWidth * rounds.size()) / 2;
      s.append("<g><title>").append(esc(q.name())).append("</title>");
      for (int ri = 0; ri < rounds.size(); ri++) {
        Round r = rounds.get(ri);
        Integer gap = r.gaps().get(q.id());
        if (gap == null) {
          continue;
        }
        double h = Math.max(Math.abs(gap) * unit, 2);
        double y = gap >= 0 ? zeroY - Math.abs(gap) * unit : zeroY;
        if (gap == 0) {
          y = zeroY - 1;
        }
        String colour = COLOURS[(COLOURS.length - rounds.size() + ri) % COLOURS.length];
        s.append("<rect x=\"").append(f(x0 + ri * barWidth)).append("\" y=\"").append(f(y)).append("\" width=\"")
            .append(f(barWidth - 2)).append("\" height=\"").append(f(h)).append("\" fill=\"").append(colour)
            .append("\"><title>").append(esc(labels.barTitle().replace("{question}", q.name())
                .replace("{date}", r.date()).replace("{gap}", Integer.toString(gap))))
            .append("</title></rect>");
      }
      s.append("<text x=\"").append(f(LEFT + qi * groupWidth + groupWidth / 2)).append("\" y=\"")
          .append(f(TOP + PLOT_HEIGHT + 18)).append("\" font-size=\"12\" text-anchor=\"middle\" fill=\"#1f2933\">")
          .append(esc(q.label())).append("</text></g>");
    }
    double legendY = TOP + PLOT_HEIGHT + 44;
    for (int ri = 0; ri < rounds.size(); ri++) {
      double x = LEFT + ri * 110;
      String colour = COLOURS[(COLOURS.length - rounds.size() + ri) % COLOURS.length];
      s.append("<rect x=\"").append(f(x)).append("\" y=\"").append(f(legendY - 10)).append("\" width=\"12\" height=\"12\" fill=\"")
          .append(colour).append("\"/><text x=\"").append(f(x + 16)).append("\" y=\"").append(f(legendY))
          .append("\" font-size=\"11\" fill=\"#1f2933\">").append(esc(rounds.get(ri).date())).append("</text>");
    }
    return s.append("</svg>").toString();
  }

  private static String f(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  static String esc(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> {
          if (c >= 0x20 || c == '\n' || c == '\t') {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }
}
