package dev.quotient.server.account;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import dev.quotient.server.mongo.Database;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.bson.Document;

/**
 * Bearer tokens for scripts and integrations. Only a SHA-256 of each token is stored: the token
 * itself is shown once, when created. Blocking: call from a worker.
 */
public final class ApiTokens {

  /** What the owner sees of a token: never the secret. */
  public record TokenInfo(String id, String name, Instant createdAt) {}

  /** A new token: {@code secret} is returned to the caller once and never stored. */
  public record IssuedToken(TokenInfo info, String secret) {}

  private static final SecureRandom RANDOM = new SecureRandom();
  private final MongoCollection<Document> tokens;
  static final long KEPT_NANOS = java.time.Duration.ofSeconds(10).toNanos();
  private static final int MAX_KEPT = 100_000;
  private final java.util.Map<String, Kept> known = new java.util.concurrent.ConcurrentHashMap<>();
  /** When a token was last issued or revoked here: answers read before then are not used. */
  private volatile long changedAt = System.nanoTime();

  public ApiTokens(Database database) {
    this.tokens = database.collection("tokens");
  }

  public IssuedToken issue(User user, String name, Instant now) {
    byte[] raw = new byte[32];
    RANDOM.nextBytes(raw);
    String secret = "qt_" + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    String id = AccountStore.newId();
    tokens.insertOne(new Document("_id", id).append("hash", sha256(secret)).append("userId", user.id())
        .append("orgId", user.orgId()).append("name", name).append("createdAt", Date.from(now)));
    changedAt = System.nanoTime();
    return new IssuedToken(new TokenInfo(id, name, now), secret);
  }

  /**
   * The id of the user holding this secret, if the token exists and was not revoked. Every API request
   * asks, so answers are kept for {@link #KEPT_NANOS}: a token revoked or issued on this node counts at
   * once, one revoked on another cluster node within that time (as a change of roles does).
   */
  public Optional<String> userIdFor(String secret) {
    String hash = sha256(secret);
    long now = System.nanoTime();
    Kept kept = known.get(hash);
    if (kept != null && now - kept.at() < KEPT_NANOS && kept.at() > changedAt) {
      return kept.userId();
    }
    Document d = tokens.find(Filters.eq("hash", hash)).first();
    Optional<String> userId = Optional.ofNullable(d).map(doc -> doc.getString("userId"));
    if (known.size() >= MAX_KEPT) {
      known.clear();
    }
    known.put(hash, new Kept(now, userId));
    return userId;
  }

  private record Kept(long at, Optional<String> userId) {}

  public List<TokenInfo> list(String userId) {
    return tokens.find(Filters.eq("userId", userId)).sort(Sorts.descending("createdAt"))
        .map(d -> new TokenInfo(d.getString("_id"), d.getString("name"), d.getDate("createdAt").toInstant()))
        .into(new ArrayList<>());
  }

  /** Deletes the user's own token; false when they hold no token with that id. */
  public boolean revoke(String userId, String tokenId) {
    boolean revoked = tokens.deleteOne(Filters.and(Filters.eq("_id", tokenId), Filters.eq("userId", userId)))
        .getDeletedCount() == 1;
    changedAt = System.nanoTime();
    return revoked;
  }

  /** Deletes every token of the user (they left); returns how many. */
  public long revokeAll(String userId) {
    long revoked = tokens.deleteMany(Filters.eq("userId", userId)).getDeletedCount();
    changedAt = System.nanoTime();
    return revoked;
  }

  static String sha256(String secret) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
