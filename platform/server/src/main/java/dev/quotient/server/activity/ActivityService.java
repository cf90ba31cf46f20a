package dev.quotient.server.activity;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.quotient.api.CurrentUser;
import dev.quotient.api.Role;
import dev.quotient.api.event.Catalogue;
import dev.quotient.api.event.Commands;
import dev.quotient.api.event.Events;
import dev.quotient.server.account.AccountStore;
import dev.quotient.server.event.CommandReplies;
import dev.quotient.server.mongo.Database;
import dev.quotient.server.web.ItemErrors;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records activity from every way in (the API and the {@code activity.record} command) through one
 * path: validate every item, check who it belongs to, store the new ones exactly once, then publish
 * {@link Catalogue#ACTIVITY_RECORDED} for each new one (never for a duplicate). The answer comes only
 * after the store acknowledged the write.
 */
public final class ActivityService {

  /** Most activities one batch may carry. */
  public static final int MAX_BATCH = 1_000;

  private final Vertx vertx;
  private final Database database;
  private final ActivityStore store;
  private final AccountStore accounts;
  /**
   * Users already confirmed as members, per organisation: a batch for the same reps skips the lookup.
   * Users are never removed from or moved between organisations, so a confirmed member stays one; the
   * expiry only bounds memory.
   */
  private final Cache<String, Set<String>> confirmedMembers = Caffeine.newBuilder()
      .expireAfterAccess(Duration.ofMinutes(10)).maximumSize(10_000).build();
  private final Clock clock;

  private volatile java.util.function.Supplier<Future<Void>> room = Future::succeededFuture;

  private final java.util.concurrent.atomic.LongAdder recorded = new java.util.concurrent.atomic.LongAdder();

  /** Activities stored since start (repeats of stored ones not counted). */
  public long recorded() {
    return recorded.sum();
  }

  public ActivityService(Vertx vertx, Database database, ActivityStore store, AccountStore accounts, Clock clock) {
    this.vertx = vertx;
    this.database = database;
    this.store = store;
    this.accounts = accounts;
    this.clock = clock;
  }

  /** The log as plugins read it: replays run on a worker. */
  public dev.quotient.api.activity.ActivityLog log() {
    return (orgId, userId, from, to, sink) -> database.call(() -> store.replay(orgId, userId, from, to, sink));
  }

  public ActivityStore store() {
    return store;
  }

  /** Leaders and admins post for anyone of their organisation (as {@code crm}); everyone else only for themselves. */
  public static boolean recordsForOthers(CurrentUser user) {
    return user.has(Role.LEADER) || user.has(Role.ADMIN);
  }

  /**
   * Records what {@code caller} posted. Fails with an {@link ItemErrors}: 403 when a rep posts for
   * someone else, 400 listing every invalid item (nothing stored), 409 when an id is already stored
   * with other content. With {@code single}, the problem's detail is the one item's message.
   */
  public Future<ActivityStore.Result> record(CurrentUser caller, List<JsonObject> items, boolean single) {
    Objects.requireNonNull(caller, "caller");
    boolean forOthers = recordsForOthers(caller);
    if (!forOthers) {
      List<ItemErrors.Item> notYours = new ArrayList<>();
      for (int i = 0; i < items.size(); i++) {
        Object userId = items.get(i).getValue("userId");
        if (userId != null && !caller.userId().equals(userId)) {
          notYours.add(new ItemErrors.Item(i, "userId", "error.activity.notYours", String.valueOf(userId)));
        }
      }
      if (!notYours.isEmpty()) {
        return Future.failedFuture(failure(403, notYours, items.size(), single));
      }
    }
    Instant now = clock.instant();
    List<ItemErrors.Item> errors = new ArrayList<>();
    List<Activity> parsed = new ArrayList<>(items.size());
    Map<String, Activity> byId = new HashMap<>();
    for (int i = 0; i < items.size(); i++) {
      Activity a = ActivityValidation.parse(i, items.get(i), now, errors);
      parsed.add(a);
      if (a != null) {
        Activity earlier = byId.putIfAbsent(a.clientId(), a);
        if (earlier != null && !earlier.fingerprint().equals(a.fingerprint())) {
          errors.add(new ItemErrors.Item(i, "id", "error.activity.repeated", a.clientId()));
        }
      }
    }
    Source source = forOthers ? Source.CRM : Source.SELF;
    return store(caller.orgId(), parsed, errors, source, now, single, forOthers);
  }

  /** The ids among {@code userIds} that are members of the organisation; blocking. */
  private Set<String> members(String orgId, Set<String> userIds) {
    Set<String> known = confirmedMembers.get(orgId, k -> ConcurrentHashMap.newKeySet());
    Set<String> unconfirmed = new LinkedHashSet<>(userIds);
    unconfirmed.removeAll(known);
    if (!unconfirmed.isEmpty()) {
      known.addAll(accounts.members(orgId, unconfirmed));
    }
    Set<String> members = new LinkedHashSet<>(userIds);
    members.retainAll(known);
    return members;
  }

  /**
   * What a write waits for before it is stored: the points scorer's room for more (set by the
   * platform; at once unless the scorer is far behind).
   */
  public void admitWhen(java.util.function.Supplier<Future<Void>> room) {
    this.room = room;
  }

  private Future<ActivityStore.Result> store(String orgId, List<Activity> parsed, List<ItemErrors.Item> errors,
      Source source, Instant now, boolean single, boolean checkMembers) {
    return room.get().compose(admitted -> database.call(() -> {
      if (checkMembers) {
        Set<String> userIds = new LinkedHashSet<>();
        parsed.stream().filter(Objects::nonNull).forEach(a -> userIds.add(a.userId()));
        Set<String> members = members(orgId, userIds);
        for (int i = 0; i < parsed.size(); i++) {
          Activity a = parsed.get(i);
          if (a != null && !members.contains(a.userId())) {
            errors.add(new ItemErrors.Item(i, "userId", "error.activity.userUnknown", a.userId()));
          }
        }
      }
      if (!errors.isEmpty()) {
        errors.sort(java.util.Comparator.comparingInt(ItemErrors.Item::index));
        throw failure(400, errors, parsed.size(), single);
      }
      return store.record(orgId, parsed, source, now);
    })).compose(result -> {
      recorded.add(result.created().size());
      for (ActivityStore.Outcome o : result.created()) {
        Activity a = o.activity();
        vertx.eventBus().publish(Catalogue.ACTIVITY_RECORDED.address(), new Events.ActivityRecorded(orgId,
            o.activityId(), a.userId(), a.kind().key(), a.occurredAt(), a.value() == null ? 0 : a.value()));
      }
      if (!result.conflicts().isEmpty()) {
        return Future.failedFuture(failure(409, result.conflicts(), parsed.size(), single));
      }
      return Future.succeededFuture(result);
    });
  }

  /** The command plugins send: the same checks and store path, recorded as {@code plugin}. */
  public Future<Commands.ActivityReceipt> record(Commands.RecordActivity command) {
    List<ItemErrors.Item> errors = new ArrayList<>();
    Instant now = clock.instant();
    Activity a = ActivityValidation.parse(command.clientId(), command.userId(), command.kind(), command.occurredAt(),
        command.value(), now, errors);
    List<Activity> parsed = new ArrayList<>();
    parsed.add(a);
    return store(command.orgId(), parsed, errors, Source.PLUGIN, now, true, true).map(result -> {
      ActivityStore.Outcome o = result.outcomes().get(0);
      return new Commands.ActivityReceipt(o.activityId(), o.duplicate());
    });
  }

  /**
   * Answers {@link Catalogue#RECORD_ACTIVITY} on this node's event bus. A refusal is a reply failure
   * with the HTTP status as its code and the message key as its message.
   */
  public MessageConsumer<Commands.RecordActivity> handleCommands() {
    return CommandReplies.answer(vertx, Catalogue.RECORD_ACTIVITY.address(), this::record);
  }

  private static ItemErrors failure(int status, List<ItemErrors.Item> items, int total, boolean single) {
    if (single) {
      ItemErrors.Item first = items.get(0);
      return new ItemErrors(status, first.messageKey(), items, first.args());
    }
    String key = switch (status) {
      case 403 -> "error.activity.batchNotYours";
      case 409 -> "error.activity.batchConflict";
      default -> "error.activity.batchInvalid";
    };
    long bad = items.stream().mapToInt(ItemErrors.Item::index).distinct().count();
    return new ItemErrors(status, key, items, bad, total);
  }
}
