package dev.quotient.server.materials;

import java.text.Normalizer;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Search words without MongoDB's {@code $text} (the embedded server has none): every item keeps a
 * {@code keywords} array of normalised words and their prefixes, and a search asks for all of the
 * query's normalised words with {@code $all}. Normalised means lower case without diacritics, so
 * "Zastrzeżenia", "zastrzezenia" and "ZASTRZEŻ" meet.
 */
final class Keywords {

  /** Prefixes start at this length: one letter would match half the library. */
  static final int MIN_PREFIX = 2;
  /** Longer words keep their prefixes up to this length, then the whole word. */
  static final int MAX_PREFIX = 24;

  private static final Pattern MARKS = Pattern.compile("\\p{M}+");
  private static final Pattern SEPARATORS = Pattern.compile("[^\\p{L}\\p{N}]+");

  private Keywords() {}

  /** Lower case, diacritics removed (ł and đ too, which Unicode does not decompose). */
  static String normalise(String text) {
    if (text == null) {
      return "";
    }
    String lower = text.toLowerCase(Locale.ROOT).replace('ł', 'l').replace('đ', 'd').replace('ø', 'o')
        .replace('ß', 's');
    return MARKS.matcher(Normalizer.normalize(lower, Normalizer.Form.NFD)).replaceAll("");
  }

  /** The normalised words of the text, in order, without repeats. */
  static List<String> words(String text) {
    Set<String> words = new LinkedHashSet<>();
    for (String w : SEPARATORS.split(normalise(text))) {
      if (!w.isEmpty()) {
        words.add(w);
      }
    }
    return List.copyOf(words);
  }

  /** What an item stores: each word of each text and each of its prefixes. */
  static List<String> index(List<String> texts) {
    Set<String> keys = new LinkedHashSet<>();
    for (String text : texts) {
      for (String w : words(text)) {
        for (int n = MIN_PREFIX; n < Math.min(w.length(), MAX_PREFIX + 1); n++) {
          keys.add(w.substring(0, n));
        }
        keys.add(w);
      }
    }
    return List.copyOf(keys);
  }

  /** What a search asks for: the query's words, each cut to the longest stored prefix. */
  static List<String> query(String text) {
    return words(text).stream().map(w -> w.length() > MAX_PREFIX ? w.substring(0, MAX_PREFIX) : w).distinct().toList();
  }
}
