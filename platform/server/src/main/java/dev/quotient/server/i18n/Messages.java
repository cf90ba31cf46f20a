package dev.quotient.server.i18n;

import io.vertx.ext.web.LanguageHeader;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.text.NumberFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

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
    if (args.length == 0) {
      return pattern.replace("''", "'");
    }
    Locale language = supported(locale);
    Prepared prepared = PREPARED.computeIfAbsent(language, l -> new ConcurrentHashMap<>())
        .computeIfAbsent(pattern, p -> Prepared.of(p, language));
    return prepared.format(args, language);
  }

  /**
   * Parsed patterns by language, shared by every bundle (a pattern is a bundle's text, so they are few):
   * parsing one per message shown took a sixth of a KPI page's rendering.
   */
  private static final Map<Locale, Map<String, Prepared>> PREPARED = new ConcurrentHashMap<>();
  private static final Map<Locale, NumberFormat> NUMBER_FORMATS = new ConcurrentHashMap<>();

  /** A parsed pattern, and which of its arguments it shows with no format of its own ({@code {0}}). */
  private record Prepared(MessageFormat format, boolean[] plain) {

    static Prepared of(String pattern, Locale locale) {
      MessageFormat format = new MessageFormat(pattern, locale);
      java.text.Format[] byArgument = format.getFormatsByArgumentIndex();
      boolean[] plain = new boolean[byArgument.length];
      for (int i = 0; i < plain.length; i++) {
        plain[i] = byArgument[i] == null && !pattern.contains("{" + i + ",");
      }
      return new Prepared(format, plain);
    }

    /**
     * Formats like {@code new MessageFormat(pattern, locale).format(args)}: a number shown with no format
     * of its own is formatted here with the locale's number format, which is what MessageFormat does with
     * a new number format per number (a fifth of its time).
     */
    String format(Object[] args, Locale locale) {
      Object[] values = args;
      for (int i = 0; i < values.length && i < plain.length; i++) {
        if (plain[i] && values[i] instanceof Number n) {
          if (values == args) {
            values = args.clone();
          }
          values[i] = numberFormat(locale).format(n);
        }
      }
      return ((MessageFormat) format.clone()).format(values);
    }
  }

  /** A copy of the locale's number format (not thread-safe; a copy costs far less than a new one). */
  public static NumberFormat numberFormat(Locale locale) {
    return (NumberFormat) NUMBER_FORMATS.computeIfAbsent(locale, NumberFormat::getInstance).clone();
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
