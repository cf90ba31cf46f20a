package dev.quotient.plugin.recognition;

import dev.quotient.api.ClientError;
import dev.quotient.api.ContentStore;
import dev.quotient.api.PluginContext;
import dev.quotient.api.Role;
import dev.quotient.api.event.Catalogue;
import dev.quotient.api.event.Commands;
import dev.quotient.api.event.Events;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Badge awards. A badge is awarded at most once per person, or once per person and occasion for
 * badges earned again on each occasion (a contest won): the award's id is derived from organisation,
 * person, badge and occasion, so a repeat (a retried command, a second event, another node) finds
 * the first award and publishes nothing. Each new award publishes {@code badge.awarded} once.
 */
final class AwardService {

  static final String COLLECTION = "awards";

  /** An award and whether this call made it. */
  record Awarded(JsonObject award, boolean created) {}

  private final PluginContext context;
  private final ContentStore store;
  private final BadgeCatalogue badges;

  AwardService(PluginContext context, BadgeCatalogue badges) {
    this.context = context;
    this.store = context.content();
    this.badges = badges;
  }

  /**
   * Awards a badge (idempotent). Fails with 404 {@link ClientError} for an unknown badge.
   *
   * @param awardedBy the leader who decided, or null when a rule awarded it
   */
  Future<Awarded> award(String orgId, String userId, String badgeId, String awardedBy, String note) {
    return award(orgId, userId, badgeId, awardedBy, note, null);
  }

  /**
   * Awards a badge once per occasion (idempotent).
   *
   * @param occasion what this award is for when the badge may be earned again (a contest's id), or null
   */
  Future<Awarded> award(String orgId, String userId, String badgeId, String awardedBy, String note, String occasion) {
    JsonObject badge = badges.get(badgeId);
    if (badge == null) {
      return Future.failedFuture(ClientError.notFound("recognition.error.badge.unknown", String.valueOf(badgeId)));
    }
    String id = occasion == null ? Ids.of(orgId, userId, badgeId) : Ids.of(orgId, userId, badgeId, occasion);
    return store.get(COLLECTION, id).compose(existing -> {
      if (existing != null) {
        return Future.succeededFuture(new Awarded(existing, false));
      }
      Instant now = context.clock().instant();
      JsonObject doc = new JsonObject().put("_id", id).put("orgId", orgId).put("userId", userId)
          .put("badgeId", badgeId).put("badgeVersion", badge.getInteger("version")).put("kind", badge.getString("kind"))
          .put("awardedBy", awardedBy).put("note", note).put("occasion", occasion).put("awardedAt", now.toEpochMilli())
          .put("credentialId", UUID.randomUUID().toString()).put("revoked", false).put("credential", null);
      return store.insert(COLLECTION, doc).map(v -> new Awarded(doc, true))
          .recover(e -> e instanceof ClientError c && c.status() == 409
              ? store.get(COLLECTION, id).map(a -> new Awarded(a, false))
              : Future.failedFuture(e));
    }).onSuccess(a -> {
      if (a.created()) {
        context.events().publish(Catalogue.BADGE_AWARDED, event(a.award()));
      }
    });
  }

  static Events.BadgeAwarded event(JsonObject a) {
    return new Events.BadgeAwarded(a.getString("orgId"), a.getString("userId"), a.getString("badgeId"),
        a.getString("awardedBy"), Instant.ofEpochMilli(a.getLong("awardedAt")));
  }

  /**
   * A leader's award of a manual badge. Fails with 403 when {@code leaderId} is not a leader of the
   * organisation, 404 for an unknown person or badge, 400 for a badge that rules award.
   */
  Future<Awarded> manual(String orgId, String leaderId, String userId, String badgeId, String note) {
    JsonObject badge = badges.get(badgeId);
    if (badge == null) {
      return Future.failedFuture(ClientError.notFound("recognition.error.badge.unknown", String.valueOf(badgeId)));
    }
    if (!"manual".equals(badge.getString("kind"))) {
      return Future.failedFuture(ClientError.badRequest("recognition.error.badge.notManual", badgeId));
    }
    String text = note == null ? null : note.strip();
    if (text != null && text.length() > 500) {
      return Future.failedFuture(ClientError.badRequest("recognition.error.note", 500));
    }
    return context.directory().people(orgId).compose(people -> {
      if (people.stream().noneMatch(p -> p.id().equals(leaderId) && p.has(Role.LEADER))) {
        return Future.failedFuture(ClientError.forbidden("recognition.error.award.leader"));
      }
      if (people.stream().noneMatch(p -> p.id().equals(userId))) {
        return Future.failedFuture(ClientError.notFound("recognition.error.person.unknown"));
      }
      return award(orgId, userId, badgeId, leaderId, text == null || text.isEmpty() ? null : text);
    });
  }

  /** The {@code badge.award} command: a manual award made by another plugin on a leader's behalf. */
  Future<Events.BadgeAwarded> command(Commands.AwardBadge c) {
    return manual(c.orgId(), c.awardedBy(), c.userId(), c.badgeId(), null).map(a -> event(a.award()));
  }

  /** First-time badges for a passed module. */
  Future<Void> moduleCompleted(Events.ModuleCompleted e) {
    if (!e.passed()) {
      return Future.succeededFuture();
    }
    Future<Void> chain = Future.succeededFuture();
    for (JsonObject badge : badges.ofKind("first-time")) {
      JsonObject trigger = badge.getJsonObject("trigger");
      if ("module.completed".equals(trigger.getString("event")) && trigger.getBoolean("passed", true)) {
        chain = chain.compose(v -> award(e.orgId(), e.userId(), badge.getString("_id"), null, null).mapEmpty());
      }
    }
    return chain;
  }

  /** Milestone badges for the praise a person has received so far. */
  Future<Void> praiseReceived(String orgId, String userId) {
    return store.count(PraiseService.COLLECTION, new JsonObject().put("orgId", orgId).put("toUserId", userId))
        .compose(received -> {
          Future<Void> chain = Future.succeededFuture();
          for (JsonObject badge : badges.ofKind("milestone")) {
            if (received >= badge.getJsonObject("trigger").getInteger("praiseReceived")) {
              chain = chain.compose(v -> award(orgId, userId, badge.getString("_id"), null, null).mapEmpty());
            }
          }
          return chain;
        });
  }

  /** A person's awards, newest first. */
  Future<List<JsonObject>> of(String orgId, String userId) {
    return store.find(COLLECTION, new JsonObject().put("orgId", orgId).put("userId", userId),
        new JsonObject().put("awardedAt", -1), 500);
  }

  /** The award of this organisation with this id, or a 404 {@link ClientError}. */
  Future<JsonObject> get(String orgId, String awardId) {
    if (awardId == null || !Ids.DOCUMENT.matcher(awardId).matches()) {
      return Future.failedFuture(ClientError.notFound("recognition.error.award.unknown"));
    }
    return store.get(COLLECTION, awardId).compose(a -> a == null || !orgId.equals(a.getString("orgId"))
        ? Future.failedFuture(ClientError.notFound("recognition.error.award.unknown"))
        : Future.succeededFuture(a));
  }

  /** Revokes an award: its credential no longer verifies. Idempotent. */
  Future<JsonObject> revoke(String orgId, String awardId) {
    return get(orgId, awardId).compose(a -> store.set(COLLECTION, awardId,
            new JsonObject().put("revoked", true).put("revokedAt", context.clock().millis()))
        .compose(v -> get(orgId, awardId)));
  }

  static JsonObject view(JsonObject a, JsonObject badge, java.util.Locale locale) {
    return new JsonObject().put("id", a.getString("_id")).put("badgeId", a.getString("badgeId"))
        .put("badgeVersion", a.getInteger("badgeVersion"))
        .put("name", badge == null ? a.getString("badgeId") : BadgeCatalogue.text(badge, "name", locale))
        .put("description", badge == null ? "" : BadgeCatalogue.text(badge, "description", locale))
        .put("kind", a.getString("kind")).put("userId", a.getString("userId"))
        .put("awardedBy", a.getString("awardedBy")).put("note", a.getString("note")).put("occasion", a.getString("occasion"))
        .put("awardedAt", Instant.ofEpochMilli(a.getLong("awardedAt")).toString())
        .put("revoked", a.getBoolean("revoked", false))
        .put("credentialId", a.getString("credentialId"))
        .put("credentialIssued", a.getString("credential") != null);
  }
}
