package dev.quotient.plugin.development.kpi;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/** The plugin's messages for text rendered in Java (chart titles and descriptions). */
final class KpiTexts {

  private KpiTexts() {}

  static String text(Locale locale, String key, Object... args) {
    try {
      ResourceBundle bundle = ResourceBundle.getBundle("i18n/development/messages", locale,
          KpiTexts.class.getClassLoader(), ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
      String pattern = bundle.getString(key);
      return args.length == 0 ? pattern : new MessageFormat(pattern, locale).format(args);
    } catch (MissingResourceException e) {
      if (!Locale.ENGLISH.getLanguage().equals(locale.getLanguage())) {
        return text(Locale.ENGLISH, key, args);
      }
      return key;
    }
  }

  static String kpi(Locale locale, Kpi kpi) {
    return text(locale, "development.kpi." + kpi.key());
  }
}
