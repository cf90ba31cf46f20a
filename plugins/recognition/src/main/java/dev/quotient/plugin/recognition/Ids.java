package dev.quotient.plugin.recognition;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Deterministic ids: the same request or the same award always maps to one document. */
final class Ids {

  /** A client-chosen token that makes a create idempotent (a UUID fits). */
  static final Pattern CLIENT_TOKEN = Pattern.compile("[A-Za-z0-9_-]{8,64}");
  /** Ids of this plugin's documents: 24 lower-case hex digits. */
  static final Pattern DOCUMENT = Pattern.compile("[0-9a-f]{24}");

  private Ids() {}

  /** 24 hex digits of the SHA-256 of the parts joined by '|'. */
  static String of(String... parts) {
    return sha256Hex(String.join("|", parts)).substring(0, 24);
  }

  static String sha256Hex(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
