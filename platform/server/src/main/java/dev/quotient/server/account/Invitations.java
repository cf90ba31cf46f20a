package dev.quotient.server.account;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.quotient.server.mongo.Database;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Objects;
import java.util.Optional;
import org.bson.Document;

/**
 * One-time links that let a user choose their password. Only a SHA-256 of each token is stored: the
 * token itself is shown once, to whoever created the invitation. A new invitation revokes the user's
 * earlier unused ones. Blocking: call from a worker.
 */
public final class Invitations {

  /** A stored invitation; {@code usedAt} and {@code revokedAt} are null while it is open. */
  public record Invitation(String id, String userId, String orgId, String createdBy, Instant createdAt,
      Instant expiresAt, Instant usedAt, Instant revokedAt) {
    public Invitation {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(userId, "userId");
      Objects.requireNonNull(orgId, "orgId");
      Objects.requireNonNull(expiresAt, "expiresAt");
    }

    static Invitation from(Document d) {
      return new Invitation(d.getString("_id"), d.getString("userId"), d.getString("orgId"),
          d.getString("createdBy"), instant(d, "createdAt"), instant(d, "expiresAt"), instant(d, "usedAt"),
          instant(d, "revokedAt"));
    }

    private static Instant instant(Document d, String field) {
      Date date = d.getDate(field);
      return date == null ? null : date.toInstant();
    }
  }

  /** A new invitation: {@code token} is handed out once and never stored. */
  public record Issued(Invitation invitation, String token) {}

  private static final SecureRandom RANDOM = new SecureRandom();
  private final MongoCollection<Document> invitations;

  public Invitations(Database database) {
    this.invitations = database.collection("invitations");
  }

  /** Revokes the user's open invitations, then stores a new one. */
  public Issued issue(User user, String createdBy, Instant now, Instant expiresAt) {
    invitations.updateMany(Filters.and(Filters.eq("userId", user.id()), Filters.eq("usedAt", null),
        Filters.eq("revokedAt", null)), Updates.set("revokedAt", Date.from(now)));
    byte[] raw = new byte[32];
    RANDOM.nextBytes(raw);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    Invitation invitation = new Invitation(AccountStore.newId(), user.id(), user.orgId(), createdBy, now, expiresAt,
        null, null);
    invitations.insertOne(new Document("_id", invitation.id()).append("hash", ApiTokens.sha256(token))
        .append("userId", user.id()).append("orgId", user.orgId()).append("createdBy", createdBy)
        .append("createdAt", Date.from(now)).append("expiresAt", Date.from(expiresAt))
        .append("usedAt", null).append("revokedAt", null));
    return new Issued(invitation, token);
  }

  /** The invitation holding this token, in whatever state it is. */
  public Optional<Invitation> find(String token) {
    if (token == null || token.isEmpty() || token.length() > 100) {
      return Optional.empty();
    }
    return Optional.ofNullable(invitations.find(Filters.eq("hash", ApiTokens.sha256(token))).first())
        .map(Invitation::from);
  }

  /**
   * Marks the invitation used, only if it is still open and not expired at {@code now}: one atomic
   * update, so two concurrent posts cannot both use it. False when it was not open.
   */
  public boolean use(String id, Instant now) {
    return invitations.updateOne(Filters.and(Filters.eq("_id", id), Filters.eq("usedAt", null),
        Filters.eq("revokedAt", null), Filters.gt("expiresAt", Date.from(now))),
        Updates.set("usedAt", Date.from(now))).getModifiedCount() == 1;
  }

  /** Opens a used invitation again: undoes {@link #use} when the password could not be stored. */
  void unuse(String id) {
    invitations.updateOne(Filters.eq("_id", id), Updates.set("usedAt", null));
  }
}
