package dev.quotient.server.account;

import java.security.SecureRandom;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * bcrypt password hashes (Bouncy Castle's OpenBSD-compatible implementation). Slow on purpose;
 * call from a worker thread.
 */
public final class Passwords {

  /** 2^10 rounds: about 60 ms on one core of a small server. */
  private static final int COST = 10;
  private static final SecureRandom RANDOM = new SecureRandom();
  /** Hash checked when the user does not exist, so that unknown e-mails take as long as known ones. */
  private static final String DECOY = hash("not a real password");

  private Passwords() {}

  public static String hash(String password) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    return OpenBSDBCrypt.generate(password.toCharArray(), salt, COST);
  }

  /** True when the password matches; a null hash (unknown user) costs the same and is false. */
  public static boolean matches(String password, String hash) {
    if (hash == null) {
      OpenBSDBCrypt.checkPassword(DECOY, password.toCharArray());
      return false;
    }
    try {
      return OpenBSDBCrypt.checkPassword(hash, password.toCharArray());
    } catch (IllegalArgumentException tooLong) {
      return false;
    }
  }
}
