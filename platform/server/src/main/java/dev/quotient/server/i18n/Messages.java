package dev.quotient.server.i18n;

import io.vertx.ext.web.LanguageHeader;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * One message bundle in every supported language: {@code <base>_en.properties} and
 * {@code <base>_pl.properties}, UTF-8, {@link MessageFormat} patterns. A bundle may fall back to a
 * parent (a plugin's bundle falls back to the platform's).
 */
public final class Messages {

  /** The languages of the product. Every key must exist in each. */
  public static final List<Locale> SUPPORTED = List.of(Locale.ENGLISH, Locale.forLanguageTag("pl"));

  private final Map<String, Map<String, String>> byLanguage;
  private final Messages parent;

  private Messages(Map<String, Map<String, String>> byLanguage, Messages parent) {
    this.byLanguage = byLanguage;
    this.parent = parent;
  }

  /** Loads {@code <base>_<lang>.properties} for each supported language through the class loader. */
  public static Messages load(ClassLoader loader, String base, Messages parent) {
    Map<String, Map<String, String>> byLanguage = new HashMap<>();
    for (Locale locale : SUPPORTED) {
      String resource = base + "_" + locale.getLanguage() + ".properties";
      Properties props = new Properties();
      try (InputStream in = loader.getResourceAsStream(resource)) {
        if (in != null) {
          props.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + resource, e);
      }
      Map<String, String> entries = new HashMap<>();
      props.forEach((k, v) -> entries.put((String) k, (String) v));
      byLanguage.put(locale.getLanguage(), Map.copyOf(entries));
    }
    return new Messages(Map.copyOf(byLanguage), parent);
  }

  /** The keys defined in one language of this bundle (not its parent). */
  public Map<String, String> entries(Locale locale) {
    return byLanguage.getOrDefault(locale.getLanguage(), Map.of());
  }

  public boolean has(String key) {
    return byLanguage.values().stream().anyMatch(m -> m.containsKey(key)) || parent != null && parent.has(key);
  }

  /** The message in the locale's language (English when that language lacks it); the key itself if unknown. */
  public String text(Locale locale, String key, Object... args) {
    String pattern = pattern(supported(locale), key);
    if (pattern == null) {
      return key;
    }
    return args.length == 0 ? pattern.replace("''", "'") : new MessageFormat(pattern, locale).format(args);
  }

  private String pattern(Locale locale, String key) {
    String p = byLanguage.getOrDefault(locale.getLanguage(), Map.of()).get(key);
    if (p == null) {
      p = byLanguage.getOrDefault("en", Map.of()).get(key);
    }
    if (p == null && parent != null) {
      p = parent.pattern(locale, key);
    }
    return p;
  }

  /** The supported locale closest to the given one (English otherwise). */
  public static Locale supported(Locale locale) {
    if (locale != null) {
      for (Locale s : SUPPORTED) {
        if (s.getLanguage().equals(locale.getLanguage())) {
          return s;
        }
      }
    }
    return Locale.ENGLISH;
  }

  /**
   * The language for a request: the user's chosen one, else the browser's first supported
   * {@code Accept-Language}, else the organisation's, else English.
   */
  public static Locale resolve(RoutingContext ctx, Locale userChoice, Locale organisation) {
    if (userChoice != null) {
      return supported(userChoice);
    }
    for (LanguageHeader header : ctx.acceptableLanguages()) {
      for (Locale s : SUPPORTED) {
        if (s.getLanguage().equalsIgnoreCase(header.tag())) {
          return s;
        }
      }
    }
    return supported(organisation);
  }
}
