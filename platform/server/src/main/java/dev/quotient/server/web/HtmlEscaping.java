package dev.quotient.server.web;

import com.github.jknack.handlebars.EscapingStrategy;
import com.github.jknack.handlebars.Handlebars;

/**
 * Handlebars' HTML escaping ({@link EscapingStrategy#HTML_ENTITY}: the same seven characters, the same
 * entities) in one pass, returning a text with nothing to escape as it is. The stock strategy runs a
 * lookup translator through a synchronised {@code StringWriter} for every value on a page.
 */
final class HtmlEscaping implements EscapingStrategy {

  static final HtmlEscaping INSTANCE = new HtmlEscaping();

  private HtmlEscaping() {
  }

  @Override
  public CharSequence escape(CharSequence value) {
    if (value instanceof Handlebars.SafeString safe) {
      return safe.content;
    }
    if (value == null || value.length() == 0) {
      return "";
    }
    int n = value.length();
    int i = 0;
    while (i < n && entity(value.charAt(i)) == null) {
      i++;
    }
    if (i == n) {
      return value;
    }
    StringBuilder out = new StringBuilder(n + 16).append(value, 0, i);
    for (; i < n; i++) {
      char c = value.charAt(i);
      String e = entity(c);
      if (e == null) {
        out.append(c);
      } else {
        out.append(e);
      }
    }
    return out;
  }

  private static String entity(char c) {
    return switch (c) {
      case '<' -> "&lt;";
      case '>' -> "&gt;";
      case '"' -> "&quot;";
      case '\'' -> "&#x27;";
      case '`' -> "&#x60;";
      case '=' -> "&#x3D;";
      case '&' -> "&amp;";
      default -> null;
    };
  }
}
