package dev.quotient.plugin.leaderboards;

import dev.quotient.api.ContentStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How reps want to appear on boards others see: by name (the default), anonymously, or not at all
 * (opt-out). Their places still count, so everyone's rank is the same on every screen; leaders always
 * see names. Read through a cache that is at most {@value #FRESH_MILLIS} ms old, so a change made on
 * another node shows here within that time.
 */
final class Visibility {

  enum Choice {
    SHOWN, ANONYMOUS, HIDDEN;

    String key() {
      return name().toLowerCase(Locale.ROOT);
    }

    static Optional<Choice> parse(String key) {
      for (Choice c : values()) {
        if (c.key().equals(key)) {
          return Optional.of(c);
        }
      }
      return Optional.empty();
    }
  }

  /**
   * Who is looking and what they may see of each person: leaders and admins on their own screens see
   * everyone; other reps, and a wall screen whoever opened it, see each person as that person chose.
   *
   * @param viewerId the person looking, or null for a wall screen (nobody is "you" there)
   */
  record Audience(String viewerId, boolean seesAll, Map<String, Choice> choices) {

    static Audience of(dev.quotient.api.CurrentUser u, boolean wall, Map<String, Choice> choices) {
      boolean leader = u.has(dev.quotient.api.Role.LEADER) || u.has(dev.quotient.api.Role.ADMIN);
      return new Audience(wall ? null : u.userId(), leader && !wall, choices);
    }

    boolean isViewer(String personId) {
      return personId.equals(viewerId);
    }

    /** Left out of what this audience sees (the person's place still counts). */
    boolean hides(String personId) {
      return !seesAll && !isViewer(personId) && choices.getOrDefault(personId, Choice.SHOWN) == Choice.HIDDEN;
    }

    /** Shown without name or id. */
    boolean anonymises(String personId) {
      return !seesAll && !isViewer(personId) && choices.getOrDefault(personId, Choice.SHOWN) == Choice.ANONYMOUS;
    }

    /** Whether the leader's view should say what the person chose. */
    boolean showsChoices() {
      return seesAll;
    }
  }

  static final String COLLECTION = "visibility";
  static final long FRESH_MILLIS = 2_000;

  private record Cached(Map<String, Choice> choices, long loadedAt) {}

  private final ContentStore store;
  private final Map<String, Future<Cached>> cache = new ConcurrentHashMap<>();

  Visibility(ContentStore store) {
    this.store = store;
  }

  /** Everyone's choice in the organisation who made one (others are shown). */
  Future<Map<String, Choice>> choices(String orgId) {
    Future<Cached> cached = cache.get(orgId);
    if (cached != null && (!cached.isComplete()
        || (cached.succeeded() && System.currentTimeMillis() - cached.result().loadedAt() < FRESH_MILLIS))) {
      return cached.map(Cached::choices);
    }
    Future<Cached> load = store.find(COLLECTION, new JsonObject().put("orgId", orgId), 100_000).map(docs -> {
      Map<String, Choice> choices = new HashMap<>();
      for (JsonObject d : docs) {
        Choice.parse(d.getString("choice")).ifPresent(c -> choices.put(d.getString("userId"), c));
      }
      return new Cached(choices, System.currentTimeMillis());
    });
    cache.put(orgId, load);
    return load.map(Cached::choices);
  }

  Future<Void> set(String orgId, String userId, Choice choice) {
    return store.merge(COLLECTION, orgId + ":" + userId, new JsonObject().put("orgId", orgId).put("userId", userId)
        .put("choice", choice.key())).map(created -> {
          cache.remove(orgId);
          return null;
        });
  }
}
