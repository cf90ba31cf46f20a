package dev.quotient.plugin.mentoring;

import dev.quotient.plugin.mentoring.matching.Reason;
import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/** The plugin's messages, for text the API returns already localised (the reasons of a fit). */
final class Texts {

  private Texts() {}

  static String text(Locale locale, String key, Object... args) {
    try {
      ResourceBundle bundle = ResourceBundle.getBundle("i18n/mentoring/messages", locale,
          Texts.class.getClassLoader(), ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
      String pattern = bundle.getString(key);
      return args.length == 0 ? pattern : new MessageFormat(pattern, locale).format(args);
    } catch (MissingResourceException e) {
      if (!Locale.ENGLISH.getLanguage().equals(locale.getLanguage())) {
        return text(Locale.ENGLISH, key, args);
      }
      return key;
    }
  }

  /** A reason in words: a skill key in a gap reason is named in the reader's language. */
  static String reason(Locale locale, Reason r) {
    List<String> a = r.args();
    if ("mentoring.reason.gap".equals(r.key()) && !a.isEmpty()) {
      return text(locale, r.key(), skillName(locale, a.get(0)), a.get(1), a.get(2));
    }
    return text(locale, r.key(), a.toArray());
  }

  /** A skill, product or KPI key in words. */
  static String skillName(Locale locale, String key) {
    if (key.startsWith("product:")) {
      return text(locale, "mentoring.key.product", key.substring(8));
    }
    if (key.startsWith("kpi:")) {
      return text(locale, "mentoring.key.kpi", key.substring(4));
    }
    return text(locale, "mentoring.skill." + key);
  }
}
