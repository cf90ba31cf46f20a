package dev.quotient.server.materials;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;

/**
 * File names as uploaders send them are not trusted: only the last path segment is kept (so
 * {@code ../../etc/passwd} becomes {@code passwd}), control and reserved characters go, and the result
 * is short. The name is only ever shown and offered as a download name; storage keys are ids.
 */
public final class FileNames {

  static final int MAX_LENGTH = 120;

  private FileNames() {}

  /** A safe display name, or empty when nothing usable is left. */
  public static String sanitise(String raw) {
    if (raw == null) {
      return "";
    }
    String name = Normalizer.normalize(raw, Normalizer.Form.NFC);
    int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
    name = name.substring(slash + 1);
    StringBuilder out = new StringBuilder();
    name.codePoints().forEach(c -> {
      if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT || "<>:\"|?*".indexOf(c) >= 0) {
        return;
      }
      out.appendCodePoint(Character.isWhitespace(c) ? ' ' : c);
    });
    name = out.toString().trim().replaceAll(" {2,}", " ");
    // No hidden files, no "." or "..": leading dots go.
    name = name.replaceFirst("^\\.+", "").trim();
    if (name.length() > MAX_LENGTH) {
      String ext = extension(name);
      int keep = MAX_LENGTH - (ext.isEmpty() ? 0 : ext.length() + 1);
      name = name.substring(0, Math.max(1, keep)).trim() + (ext.isEmpty() ? "" : "." + ext);
    }
    return name;
  }

  /** The lower-case extension without the dot, or empty. */
  static String extension(String name) {
    int dot = name.lastIndexOf('.');
    return dot < 0 || dot == name.length() - 1 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  /**
   * {@code attachment} with an ASCII fallback name and the exact name as RFC 8187 {@code filename*},
   * so no browser opens the file inline and no quote or non-ASCII letter breaks the header.
   */
  static String contentDisposition(String name) {
    String ascii = Normalizer.normalize(name.replace('ł', 'l').replace('Ł', 'L'), Normalizer.Form.NFD)
        .replaceAll("\\p{M}+", "")
        .replaceAll("[^A-Za-z0-9._ -]", "_");
    String encoded = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
  }
}
