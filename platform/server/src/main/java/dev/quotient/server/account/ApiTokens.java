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
    return new IssuedToken(new TokenInfo(id, name, now), secret);
  }

  /** The id of the user holding this secret, if the token exists and was not revoked. */
  public Optional<String> userIdFor(String secret) {
    Document d = tokens.find(Filters.eq("hash", sha256(secret))).first();
    return Optional.ofNullable(d).map(doc -> doc.getString("userId"));
  }

  public List<TokenInfo> list(String userId) {
    return tokens.find(Filters.eq("userId", userId)).sort(Sorts.descending("createdAt"))
        .map(d -> new TokenInfo(d.getString("_id"), d.getString("name"), d.getDate("createdAt").toInstant()))
        .into(new ArrayList<>());
  }

  /** Deletes the user's own token; false when they hold no token with that id. */
  public boolean revoke(String userId, String tokenId) {
    return tokens.deleteOne(Filters.and(Filters.eq("_id", tokenId), Filters.eq("userId", userId)))
        .getDeletedCount() == 1;
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
