package dev.quotient.plugin.mentoring;

import dev.quotient.api.web.PageRenderer;
import dev.quotient.plugin.mentoring.matching.Reason;
import java.util.List;
import java.util.Locale;

/** Text the API returns already localised (the reasons of a fit), from the plugin's messages. */
final class Texts {

  private Texts() {}

  /** A reason in words: a skill key in a gap reason is named in the reader's language. */
  static String reason(PageRenderer texts, Locale locale, Reason r) {
    List<String> a = r.args();
    if ("mentoring.reason.gap".equals(r.key()) && !a.isEmpty()) {
      return texts.text(locale, r.key(), skillName(texts, locale, a.get(0)), a.get(1), a.get(2));
    }
    return texts.text(locale, r.key(), a.toArray());
  }

  /** A skill, product or KPI key in words. */
  static String skillName(PageRenderer texts, Locale locale, String key) {
    if (key.startsWith("product:")) {
      return texts.text(locale, "mentoring.key.product", key.substring(8));
    }
    if (key.startsWith("kpi:")) {
      return texts.text(locale, "mentoring.key.kpi", key.substring(4));
    }
    return texts.text(locale, "mentoring.skill." + key);
  }
}
