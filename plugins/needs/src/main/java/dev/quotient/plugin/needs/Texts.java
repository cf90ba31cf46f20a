package dev.quotient.plugin.needs;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/** The plugin's messages, for text the API and the chart return already in the reader's language. */
final class Texts {

  private Texts() {}

  static String text(Locale locale, String key, Object... args) {
    try {
      ResourceBundle bundle = ResourceBundle.getBundle("i18n/needs/messages", locale, Texts.class.getClassLoader(),
          ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
      String pattern = bundle.getString(key);
      return args.length == 0 ? pattern : new MessageFormat(pattern, locale).format(args);
    } catch (MissingResourceException e) {
      if (!Locale.ENGLISH.getLanguage().equals(locale.getLanguage())) {
        return text(Locale.ENGLISH, key, args);
      }
      return key;
    }
  }
}
