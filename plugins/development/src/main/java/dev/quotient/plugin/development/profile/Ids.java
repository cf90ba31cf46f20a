package dev.quotient.plugin.development.profile;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;
import java.util.regex.Pattern;

/** Document ids of profiles, plans and PIPs: 24 lower-case hex digits, deterministic where retries matter. */
public final class Ids {

  /** Ids of this plugin's documents and of platform users. */
  public static final Pattern DOCUMENT = Pattern.compile("[0-9a-f]{24}");

  private Ids() {}

  /** 24 hex digits of the SHA-256 of the parts joined by '|'. */
  public static String of(String... parts) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(String.join("|", parts).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, 24);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A new random id. */
  public static String random() {
    return of(UUID.randomUUID().toString());
  }

  public static boolean valid(String id) {
    return id != null && DOCUMENT.matcher(id).matches();
  }
}
