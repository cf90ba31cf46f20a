package dev.quotient.plugin.hiring;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/** The plugin's messages for text built in Java (the chart's labels). */
final class Texts {

  private Texts() {}

  static String text(Locale locale, String key, Object... args) {
    try {
      ResourceBundle bundle = ResourceBundle.getBundle("i18n/hiring/messages", locale, Texts.class.getClassLoader(),
          ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
      String pattern = bundle.getString(key);
      return args.length == 0 ? pattern : new MessageFormat(pattern, locale).format(args);
    } catch (MissingResourceException e) {
      return Locale.ENGLISH.getLanguage().equals(locale.getLanguage()) ? key : text(Locale.ENGLISH, key, args);
    }
  }
}
