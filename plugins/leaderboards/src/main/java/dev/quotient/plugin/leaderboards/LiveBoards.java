package dev.quotient.plugin.leaderboards;

import dev.quotient.api.PluginContext;
import dev.quotient.api.directory.Directory;
import dev.quotient.api.event.Catalogue;
import dev.quotient.api.event.Events;
import dev.quotient.api.points.PointsLedger;
import dev.quotient.plugin.leaderboards.engine.Credit;
import dev.quotient.plugin.leaderboards.engine.OrgBoards;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * The boards of every organisation on this node, in memory, derived from the points ledger.
 *
 * <p>At start the plugin subscribes to {@code points.awarded} first and holds what arrives, then
 * replays the whole ledger, then applies the held credits the replay did not already hold: nothing is
 * missed or counted twice. Afterwards each credit is applied as it arrives; in a cluster every node
 * receives every credit, so every node's boards agree. A restart rebuilds the same boards from the ledger.
 */
final class LiveBoards {

  /** One organisation: its boards and who is on which team, with names for display. */
  record Org(OrgBoards boards, Map<String, String> teamOf, Map<String, String> names, Directory.Organisation settings) {}

  private final PluginContext context;
  private final Map<String, Future<Org>> orgs = new ConcurrentHashMap<>();
  private final List<Events.PointsAwarded> held = new ArrayList<>();
  private final List<BiConsumer<String, Credit>> listeners = new CopyOnWriteArrayList<>();
  private volatile boolean ready;
  private Future<Void> subscribed;
  private static final long RETRY_MILLIS = 2_000;

  LiveBoards(PluginContext context) {
    this.context = context;
  }

  /**
   * Subscribes, replays the ledger and then goes live; completes when the boards are built. A replay
   * that fails (the store busy or unreachable) is tried again after a pause, from scratch.
   */
  Future<Void> start() {
    return build().recover(e -> {
      context.log().warn("building the leaderboards failed; trying again in {} ms", RETRY_MILLIS, e);
      orgs.clear();
      Promise<Void> again = Promise.promise();
      context.vertx().setTimer(RETRY_MILLIS, t -> start().onComplete(again));
      return again.future();
    });
  }

  private Future<Void> build() {
    Map<String, List<PointsLedger.Entry>> byOrg = new ConcurrentHashMap<>();
    // The replay starts only once the subscription is known cluster-wide: a credit stored after the
    // replay read past it is then certain to arrive as an event.
    return subscription().compose(subscribed -> context.points().replay(Instant.EPOCH, Instant.parse("9999-01-01T00:00:00Z"),
            e -> byOrg.computeIfAbsent(e.orgId(), k -> java.util.Collections.synchronizedList(new ArrayList<>())).add(e)))
        .compose(n -> {
          List<Future<Org>> loads = new ArrayList<>();
          for (var each : byOrg.entrySet()) {
            loads.add(org(each.getKey()).onSuccess(org -> {
              LocalDate today = today(org);
              for (PointsLedger.Entry e : each.getValue()) {
                org.boards().credit(credit(org, e.orgId(), e.entryId(), e.userId(), e.ruleId(), e.points(), e.areas(),
                    e.occurredAt()), today);
              }
            }));
          }
          return Future.all(loads).map(all -> n);
        })
        .map(n -> {
          Set<String> replayed = new HashSet<>();
          if (!held.isEmpty()) {
            byOrg.values().forEach(list -> list.forEach(e -> replayed.add(e.entryId())));
          }
          for (Events.PointsAwarded e : held) {
            if (!replayed.contains(e.entryId())) {
              apply(e.orgId(), e.entryId(), e.userId(), e.ruleId(), e.points(), e.areas(), e.occurredAt());
            }
          }
          held.clear();
          ready = true;
          context.log().info("leaderboards built from {} ledger entries", n);
          return null;
        });
  }

  /** The one subscription to credits, made on first use; credits are held until the boards are built. */
  private Future<Void> subscription() {
    if (subscribed == null) {
      subscribed = context.events().subscribe(Catalogue.POINTS_AWARDED, e -> {
        if (ready) {
          apply(e.orgId(), e.entryId(), e.userId(), e.ruleId(), e.points(), e.areas(), e.occurredAt());
        } else {
          held.add(e);
        }
      });
    }
    return subscribed;
  }

  boolean ready() {
    return ready;
  }

  /** Called with (orgId, credit) after each live credit is on the boards. */
  void onCredit(BiConsumer<String, Credit> listener) {
    listeners.add(listener);
  }

  /** The organisation's boards, loading its settings and teams on first use. */
  Future<Org> org(String orgId) {
    Future<Org> org = orgs.computeIfAbsent(orgId, id -> load(id));
    return org.recover(e -> {
      orgs.remove(orgId, org);
      return Future.failedFuture(e);
    });
  }

  /** Reloads who is on which team and everyone's names (teams change rarely; boards keep their totals). */
  Future<Void> refreshPeople(String orgId) {
    Future<Org> org = orgs.get(orgId);
    if (org == null) {
      return Future.succeededFuture();
    }
    return org.compose(o -> people(orgId).map(p -> {
      o.teamOf().putAll(p.teamOf());
      o.names().putAll(p.names());
      return null;
    }));
  }

  void refreshAll() {
    orgs.keySet().forEach(id -> refreshPeople(id).onFailure(e -> context.log().warn("reading people of {}", id, e)));
  }

  LocalDate today(Org org) {
    return LocalDate.ofInstant(context.clock().instant(), org.settings().zone());
  }

  private void apply(String orgId, String entryId, String userId, String ruleId, long points, List<String> areas,
      Instant occurredAt) {
    org(orgId).onSuccess(org -> {
      Credit c = credit(org, orgId, entryId, userId, ruleId, points, areas, occurredAt);
      org.boards().credit(c, today(org));
      listeners.forEach(l -> l.accept(orgId, c));
    }).onFailure(e -> context.log().warn("could not count points of {} on the boards", orgId, e));
  }

  private static Credit credit(Org org, String orgId, String entryId, String userId, String ruleId, long points,
      List<String> areas, Instant occurredAt) {
    String team = org.teamOf().get(userId);
    return new Credit(orgId, entryId, userId, team == null ? List.of() : List.of(team), ruleId, points, areas,
        occurredAt);
  }

  private record People(Map<String, String> teamOf, Map<String, String> names) {}

  private Future<Org> load(String orgId) {
    return context.directory().organisation(orgId).compose(settings -> {
      if (settings == null) {
        return Future.failedFuture(new IllegalStateException("no organisation " + orgId));
      }
      return people(orgId).map(p -> new Org(new OrgBoards(settings.zone()), new ConcurrentHashMap<>(p.teamOf()),
          new ConcurrentHashMap<>(p.names()), settings));
    });
  }

  private Future<People> people(String orgId) {
    return context.directory().people(orgId).compose(people -> context.directory().teams(orgId).map(teams -> {
      Map<String, String> teamOf = new HashMap<>();
      Map<String, String> names = new HashMap<>();
      for (Directory.Person p : people) {
        names.put(p.id(), p.name());
        if (p.teamId() != null) {
          teamOf.put(p.id(), p.teamId());
        }
      }
      for (Directory.Team t : teams) {
        names.put(t.id(), t.name());
      }
      return new People(teamOf, names);
    }));
  }
}
