package dev.quotient.plugin.recognition;

import dev.quotient.api.ClientError;
import dev.quotient.api.ContentStore;
import dev.quotient.api.CurrentUser;
import dev.quotient.api.PluginContext;
import dev.quotient.api.Role;
import dev.quotient.api.directory.Directory;
import dev.quotient.api.event.Catalogue;
import dev.quotient.api.event.Events;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Praise: one person thanks a colleague of the same organisation for one of its values, with a short
 * Markdown message. Stored once per client token, limited per giver and day (in the organisation's
 * time zone), published as {@code praise.given} exactly once per stored praise.
 */
final class PraiseService {

  static final String COLLECTION = "praise";
  /** One counter document per giver and day: {@code total} and {@code per} recipient. */
  static final String QUOTA = "praise_quota";
  static final int MAX_MESSAGE = 1000;
  static final int FEED_SIZE = 50;

  /** A praise and whether this call stored it (false when the client token was seen before). */
  record Given(JsonObject praise, boolean created) {}

  private final PluginContext context;
  private final ContentStore store;
  private final RecognitionConfig config;
  private final AwardService awards;

  PraiseService(PluginContext context, RecognitionConfig config, AwardService awards) {
    this.context = context;
    this.store = context.content();
    this.config = config;
    this.awards = awards;
  }

  /**
   * Stores a praise from the caller.
   *
   * <p>Fails with {@link ClientError}: 400 for praising oneself, a missing or unknown value, an empty,
   * too long or unsafe message, or a malformed token; 404 when the colleague is not a member of the
   * caller's organisation; 429 when the daily limits are reached.
   */
  Future<Given> give(CurrentUser giver, String token, String toUserId, String value, String message) {
    if (token != null && !Ids.CLIENT_TOKEN.matcher(token).matches()) {
      return Future.failedFuture(ClientError.badRequest("recognition.error.token"));
    }
    String id = token == null ? Ids.of(UUID.randomUUID().toString()) : Ids.of(giver.orgId(), giver.userId(), token);
    Future<JsonObject> seen = token == null ? Future.succeededFuture() : store.get(COLLECTION, id);
    return seen.compose(existing -> existing != null
        ? Future.succeededFuture(new Given(existing, false))
        : store(giver, id, toUserId, value, message));
  }

  private Future<Given> store(CurrentUser giver, String id, String toUserId, String value, String message) {
    if (toUserId == null || toUserId.isBlank()) {
      return Future.failedFuture(ClientError.badRequest("recognition.error.recipient.missing"));
    }
    if (toUserId.equals(giver.userId())) {
      return Future.failedFuture(ClientError.badRequest("recognition.error.self"));
    }
    String text = message == null ? "" : message.strip();
    if (text.isEmpty() || text.length() > MAX_MESSAGE) {
      return Future.failedFuture(ClientError.badRequest("recognition.error.message", MAX_MESSAGE));
    }
    try {
      context.markdown().requireSafe(text);
    } catch (ClientError e) {
      return Future.failedFuture(e);
    }
    Instant now = context.clock().instant();
    return context.directory().organisation(giver.orgId()).compose(org -> {
      if (org == null) {
        return Future.failedFuture(ClientError.notFound("recognition.error.person.unknown"));
      }
      if (value == null || !org.values().contains(value)) {
        return Future.failedFuture(ClientError.badRequest("recognition.error.value", String.join(", ", org.values())));
      }
      return context.directory().people(giver.orgId()).compose(people -> {
        Directory.Person to = people.stream().filter(p -> p.id().equals(toUserId)).findFirst().orElse(null);
        if (to == null) {
          return Future.failedFuture(ClientError.notFound("recognition.error.person.unknown"));
        }
        Directory.Person from = people.stream().filter(p -> p.id().equals(giver.userId())).findFirst().orElse(null);
        String day = LocalDate.ofInstant(now, org.zone()).toString();
        return withinLimits(giver, toUserId, day).compose(ok -> {
          JsonObject doc = new JsonObject().put("_id", id).put("orgId", giver.orgId())
              .put("fromUserId", giver.userId()).put("toUserId", toUserId)
              .put("teamId", to.teamId()).put("fromTeamId", from == null ? null : from.teamId())
              .put("value", value).put("message", text).put("html", context.markdown().toHtml(text))
              .put("givenAt", now.toEpochMilli()).put("day", day);
          return store.insert(COLLECTION, doc).map(stored -> new Given(doc, true))
              .recover(e -> e instanceof ClientError c && c.status() == 409
                  ? store.get(COLLECTION, id).map(existing -> new Given(existing, false))
                  : Future.failedFuture(e));
        });
      });
    }).compose(given -> {
      if (!given.created()) {
        return Future.succeededFuture(given);
      }
      JsonObject p = given.praise();
      context.events().publish(Catalogue.PRAISE_GIVEN, new Events.PraiseGiven(p.getString("orgId"), p.getString("_id"),
          p.getString("fromUserId"), p.getString("toUserId"), p.getString("value"), p.getString("message"),
          Instant.ofEpochMilli(p.getLong("givenAt"))));
      return awards.praiseReceived(p.getString("orgId"), p.getString("toUserId"))
          .otherwise(e -> {
            context.log().warn("milestones of {} not checked", p.getString("toUserId"), e);
            return null;
          })
          .map(v -> given);
    });
  }

  /**
   * Takes one slot of the giver's daily quota, atomically: a counter document per giver and day
   * (total and per recipient) moved by compare-and-set, so two requests racing on the last slot
   * cannot both pass. Fails with 429 when either limit is reached.
   */
  private Future<Void> withinLimits(CurrentUser giver, String toUserId, String day) {
    String id = Ids.of(giver.orgId(), giver.userId(), day, "quota");
    return store.merge(QUOTA, id, new JsonObject().put("orgId", giver.orgId()).put("userId", giver.userId()).put("day", day))
        .compose(created -> takeSlot(id, toUserId, 0));
  }

  private Future<Void> takeSlot(String id, String toUserId, int attempt) {
    return store.get(QUOTA, id).compose(q -> {
      Integer total = q.getInteger("total");
      JsonObject per = q.getJsonObject("per", new JsonObject());
      Integer toOne = per.getInteger(toUserId);
      if (total != null && total >= config.praisePerDay()) {
        return Future.failedFuture(new ClientError(429, "recognition.error.limit.daily", config.praisePerDay()));
      }
      if (toOne != null && toOne >= config.praisePerRecipientPerDay()) {
        return Future.failedFuture(new ClientError(429, "recognition.error.limit.recipient", config.praisePerRecipientPerDay()));
      }
      JsonObject expected = new JsonObject().put("total", total).put("per." + toUserId, toOne);
      JsonObject next = new JsonObject().put("total", total == null ? 1 : total + 1)
          .put("per." + toUserId, toOne == null ? 1 : toOne + 1);
      return store.setIf(QUOTA, id, expected, next).compose(won -> {
        if (won) {
          return Future.succeededFuture();
        }
        if (attempt >= 20) {
          return Future.failedFuture(new IllegalStateException("praise quota " + id + " kept changing"));
        }
        return takeSlot(id, toUserId, attempt + 1);
      });
    });
  }

  /**
   * The newest praise first: for the caller's team (given to its members), or the whole
   * organisation's when {@code wholeOrganisation} (leaders only; others get 403).
   */
  Future<List<JsonObject>> feed(CurrentUser caller, boolean wholeOrganisation) {
    if (wholeOrganisation && !caller.has(Role.LEADER)) {
      return Future.failedFuture(ClientError.forbidden("recognition.error.feed.org"));
    }
    JsonObject sort = new JsonObject().put("givenAt", -1);
    if (wholeOrganisation) {
      return store.find(COLLECTION, new JsonObject().put("orgId", caller.orgId()), sort, FEED_SIZE);
    }
    return context.directory().people(caller.orgId()).compose(people -> {
      String team = people.stream().filter(p -> p.id().equals(caller.userId())).map(Directory.Person::teamId)
          .filter(t -> t != null).findFirst().orElse(null);
      if (team == null) {
        return Future.succeededFuture(List.of());
      }
      return store.find(COLLECTION, new JsonObject().put("orgId", caller.orgId()).put("teamId", team), sort, FEED_SIZE);
    });
  }

  /** The praise a person received, newest first. */
  Future<List<JsonObject>> received(String orgId, String userId) {
    return store.find(COLLECTION, new JsonObject().put("orgId", orgId).put("toUserId", userId),
        new JsonObject().put("givenAt", -1), FEED_SIZE);
  }

  /** A praise as the API shows it, with the names of giver and receiver. */
  static JsonObject view(JsonObject p, Map<String, String> names) {
    return new JsonObject().put("id", p.getString("_id"))
        .put("from", new JsonObject().put("id", p.getString("fromUserId")).put("name", names.getOrDefault(p.getString("fromUserId"), "")))
        .put("to", new JsonObject().put("id", p.getString("toUserId")).put("name", names.getOrDefault(p.getString("toUserId"), "")))
        .put("value", p.getString("value")).put("message", p.getString("message")).put("html", p.getString("html"))
        .put("givenAt", Instant.ofEpochMilli(p.getLong("givenAt")).toString());
  }

  static Map<String, String> names(List<Directory.Person> people) {
    return people.stream().collect(Collectors.toMap(Directory.Person::id, Directory.Person::name, (a, b) -> a));
  }
}
