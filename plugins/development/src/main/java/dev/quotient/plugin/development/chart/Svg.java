package dev.quotient.plugin.development.chart;

import java.util.Locale;

/**
 * Small helpers for server-side SVG: text escaping and coordinates. Charts are plain strings with a
 * {@code <title>} and {@code <desc>} referenced by {@code aria-labelledby}, CSS classes for colours
 * (the page's stylesheet, with print rules) and SVG presentation attributes, never {@code style}
 * attributes (the content security policy forbids inline styles) and never scripts.
 */
public final class Svg {

  private Svg() {}

  /** Escapes text for element content and attribute values. */
  public static String esc(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
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

  /** A coordinate with one decimal, locale-independent. */
  public static String num(double v) {
    double tenths = v * 10;
    // a value near a half tenth (or too large or not a number) is left to the formatter, which rounds
    // the exact decimal half up; the rest are tenths as written, without a Formatter per number
    if (!(Math.abs(tenths) < 1e15) || Math.abs(Math.abs(tenths - Math.floor(tenths)) - 0.5) < 1e-6) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    long t = Math.round(tenths);
    long whole = Math.abs(t) / 10;
    return (Double.compare(v, 0.0) < 0 ? "-" : "") + whole + "." + Math.abs(t) % 10;
  }

  /** An id fragment safe in XML ids: letters, digits and dashes. */
  public static String id(String raw) {
    return raw.replaceAll("[^A-Za-z0-9-]", "-");
  }

  static String open(String id, String cssClass, double width, double height, String title, String desc) {
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"" + cssClass + "\" viewBox=\"0 0 " + num(width) + " "
        + num(height) + "\" role=\"img\" aria-labelledby=\"" + id + "-title " + id + "-desc\" preserveAspectRatio=\"xMidYMid meet\">"
        + "<title id=\"" + id + "-title\">" + esc(title) + "</title><desc id=\"" + id + "-desc\">" + esc(desc) + "</desc>";
  }

  /** Upper end of an axis: a round number at or above {@code max} (1, 2, 2.5 or 5 times a power of ten). */
  static double niceMax(double max) {
    if (!(max > 0)) {
      return 1;
    }
    double p = Math.pow(10, Math.floor(Math.log10(max)));
    for (double m : new double[] {1, 2, 2.5, 5, 10}) {
      if (m * p >= max - 1e-12) {
        return m * p;
      }
    }
    return 10 * p;
  }
}
