package dev.quotient.plugin.leaderboards;

import dev.quotient.api.PluginContext;
import dev.quotient.api.directory.Directory;
import dev.quotient.api.points.PointsLedger;
import dev.quotient.api.projection.Projection;
import dev.quotient.api.projection.ProjectionView;
import dev.quotient.plugin.leaderboards.engine.Calendar;
import dev.quotient.plugin.leaderboards.engine.Credit;
import dev.quotient.plugin.leaderboards.engine.Ladder;
import dev.quotient.plugin.leaderboards.engine.OrgBoards;
import dev.quotient.plugin.leaderboards.engine.Period;
import dev.quotient.plugin.leaderboards.engine.Scope;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * The boards of every organisation, in memory: a projection of the points ledger that the platform
 * folds on every node, restores from its checkpoint at start and keeps following in the shared store,
 * so a board served by any node shows credits scored on any other. Who is on which team (and names)
 * comes from the directory, read when an organisation is first seen and refreshed regularly.
 */
final class LiveBoards {

  /** One organisation: its boards and who is on which team, with names for display. */
  /** @param members the people still in the organisation: the only ones individual boards show */
  record Org(OrgBoards boards, Map<String, String> teamOf, Map<String, String> names, java.util.Set<String> members,
      Directory.Organisation settings) {}

  /** What the directory says of an organisation. */
  private record Info(Map<String, String> teamOf, Map<String, Directory.Person> people, Map<String, String> names,
      java.util.Set<String> members, Directory.Organisation settings) {}

  private final PluginContext context;
  private final Map<String, Future<Info>> infos = new ConcurrentHashMap<>();
  private final List<BiConsumer<String, Credit>> listeners = new CopyOnWriteArrayList<>();
  private final ProjectionView<Map<String, OrgBoards>> view;

  LiveBoards(PluginContext context) {
    this.context = context;
    this.view = context.projections().open(new Boards());
    view.onFolded(batch -> {
      for (PointsLedger.Entry e : batch.credits()) {
        Future<Info> info = infos.get(e.orgId());
        if (info != null && info.succeeded()) {
          Credit c = credit(info.result(), e, info.result().settings().zone());
          listeners.forEach(l -> l.accept(e.orgId(), c));
        }
      }
    });
  }

  /** The fold: each ledger entry on the boards of its organisation; the codec: every board's scores. */
  private final class Boards implements Projection<Map<String, OrgBoards>> {
    @Override
    public String name() {
      return "boards";
    }

    @Override
    public Set<Log> logs() {
      return Set.of(Log.POINTS);
    }

    @Override
    public Map<String, OrgBoards> initial() {
      return new HashMap<>();
    }

    @Override
    public Future<Void> prepare(Set<String> orgIds) {
      List<Future<?>> loads = new ArrayList<>();
      // An organisation that no longer exists is no reason to stop: its credits are set aside by the fold.
      orgIds.forEach(id -> loads.add(info(id).recover(e -> e instanceof UnknownOrganisation
          ? Future.succeededFuture() : Future.failedFuture(e))));
      return Future.all(loads).mapEmpty();
    }

    @Override
    public void credit(Map<String, OrgBoards> state, PointsLedger.Entry e) {
      Future<Info> known = infos.get(e.orgId());
      if (known == null || !known.succeeded()) {
        throw new UnknownOrganisation(e.orgId());
      }
      Info info = known.result();
      OrgBoards boards = state.computeIfAbsent(e.orgId(), k -> new OrgBoards(calendar(info.settings())));
      boards.credit(LiveBoards.credit(info, e, boards.zone()), LocalDate.ofInstant(context.clock().instant(),
          boards.zone()));
    }

    @Override
    public JsonObject save(Map<String, OrgBoards> state) {
      JsonObject orgs = new JsonObject();
      state.forEach((orgId, boards) -> {
        JsonArray list = new JsonArray();
        boards.export((key, scores) -> {
          JsonArray members = new JsonArray();
          scores.forEach((id, score) -> members.add(id).add(score));
          list.add(new JsonObject().put("scope", key.scope().key()).put("ladder", key.ladder().key())
              .put("period", key.period().key()).put("start", key.start().toString()).put("members", members));
        });
        Calendar c = boards.calendar();
        JsonObject org = new JsonObject().put("zone", boards.zone().getId()).put("weekStart", c.weekStart().name())
            .put("fiscalYearStart", c.fiscalYearStart().name()).put("boards", list);
        if (c.before() != null) {
          org.put("since", c.since().toString()).put("beforeWeekStart", c.before().weekStart().name())
              .put("beforeFiscalYearStart", c.before().fiscalYearStart().name());
        }
        orgs.put(orgId, org);
      });
      return orgs;
    }

    @Override
    public Map<String, OrgBoards> load(JsonObject saved) {
      Map<String, OrgBoards> state = new HashMap<>();
      for (String orgId : saved.fieldNames()) {
        JsonObject org = saved.getJsonObject(orgId);
        ZoneId zone = ZoneId.of(org.getString("zone"));
        OrgBoards boards = new OrgBoards(new Calendar(zone,
            java.time.DayOfWeek.valueOf(org.getString("weekStart", "MONDAY")),
            java.time.Month.valueOf(org.getString("fiscalYearStart", "JANUARY")),
            org.containsKey("since") ? new Calendar(zone, java.time.DayOfWeek.valueOf(org.getString("beforeWeekStart")),
                java.time.Month.valueOf(org.getString("beforeFiscalYearStart"))) : null,
            org.containsKey("since") ? LocalDate.parse(org.getString("since")) : null));
        for (Object o : org.getJsonArray("boards")) {
          JsonObject b = (JsonObject) o;
          OrgBoards.Key key = new OrgBoards.Key(Scope.parse(b.getString("scope")).orElseThrow(),
              Ladder.parse(b.getString("ladder")).orElseThrow(), Period.parse(b.getString("period")).orElseThrow(),
              LocalDate.parse(b.getString("start")));
          JsonArray members = b.getJsonArray("members");
          for (int i = 0; i < members.size(); i += 2) {
            boards.restore(key, members.getString(i), members.getLong(i + 1));
          }
        }
        state.put(orgId, boards);
      }
      return state;
    }
  }

  /** Logs once the boards reflect the ledger as it stood at start; reads wait for that ({@link #org}). */
  void start() {
    view.ready().onSuccess(v -> context.log().info("leaderboards built: {}", view.status()));
  }

  boolean ready() {
    return view.status().ready();
  }

  /** Called with (orgId, credit) after each credit is on the boards. */
  void onCredit(BiConsumer<String, Credit> listener) {
    listeners.add(listener);
  }

  /** The organisation's boards once built, loading its settings and teams on first use. */
  Future<Org> org(String orgId) {
    return view.ready().compose(v -> info(orgId)).map(info -> new Org(view.read(s -> s.computeIfAbsent(orgId,
        k -> new OrgBoards(calendar(info.settings())))), info.teamOf(), info.names(), info.members(), info.settings()));
  }

  private Future<Info> info(String orgId) {
    Future<Info> info = infos.computeIfAbsent(orgId, this::load);
    return info.recover(e -> {
      infos.remove(orgId, info);
      return Future.failedFuture(e);
    });
  }

  /** Reloads who is on which team and everyone's names (teams change rarely; boards keep their totals). */
  Future<Void> refreshPeople(String orgId) {
    Future<Info> info = infos.get(orgId);
    if (info == null) {
      return Future.succeededFuture();
    }
    return info.compose(i -> load(orgId).map(fresh -> {
      i.teamOf().putAll(fresh.teamOf());
      i.people().putAll(fresh.people());
      i.names().putAll(fresh.names());
      // Who left leaves the boards; names stay for what they did while here.
      i.members().retainAll(fresh.members());
      i.members().addAll(fresh.members());
      return null;
    }));
  }

  void refreshAll() {
    infos.keySet().forEach(id -> refreshPeople(id).onFailure(e -> context.log().warn("reading people of {}", id, e)));
  }

  LocalDate today(Org org) {
    return LocalDate.ofInstant(context.clock().instant(), org.settings().zone());
  }

  /**
   * Someone moved to another team as of a day: the boards are folded again from the ledger, so what
   * they earned from that day counts for the new team and what came before stays with the old one.
   */
  Future<Void> moved(String orgId) {
    return refreshPeople(orgId).compose(v -> view.rebuild());
  }

  /**
   * The organisation's settings changed: a new zone, first day of the week or fiscal year means new
   * periods, so the boards are folded again under them (the current and the previous period of each
   * board; contests keep their own dates).
   */
  Future<Void> settingsChanged(String orgId) {
    Future<Info> known = infos.get(orgId);
    if (known == null) {
      return Future.succeededFuture();
    }
    infos.remove(orgId, known);
    return info(orgId).compose(fresh -> {
      Calendar now = calendar(fresh.settings());
      boolean differs = view.read(s -> s.get(orgId) != null && !s.get(orgId).calendar().equals(now));
      return differs ? view.rebuild() : Future.succeededFuture();
    });
  }

  static Calendar calendar(Directory.Organisation settings) {
    Directory.CalendarUntil earlier = settings.earlierCalendar();
    return earlier == null ? new Calendar(settings.zone(), settings.weekStart(), settings.fiscalYearStart())
        : new Calendar(settings.zone(), settings.weekStart(), settings.fiscalYearStart(),
            new Calendar(settings.zone(), earlier.weekStart(), earlier.fiscalYearStart()), earlier.until());
  }

  private static Credit credit(Info info, PointsLedger.Entry e, ZoneId zone) {
    Directory.Person person = info.people().get(e.userId());
    // the team the person was on the day it happened (people who left keep the team they had)
    String team = person != null ? person.teamOn(LocalDate.ofInstant(e.occurredAt(), zone)) : info.teamOf().get(e.userId());
    return new Credit(e.orgId(), e.entryId(), e.userId(), team == null ? List.of() : List.of(team), e.ruleId(),
        e.points(), e.areas(), e.occurredAt());
  }

  /** Credits of an organisation the directory does not know. */
  private static final class UnknownOrganisation extends IllegalStateException {
    UnknownOrganisation(String orgId) {
      super("no organisation " + orgId);
    }
  }

  private Future<Info> load(String orgId) {
    return context.directory().organisation(orgId).compose(settings -> {
      if (settings == null) {
        return Future.failedFuture(new UnknownOrganisation(orgId));
      }
      return context.directory().people(orgId).compose(people -> context.directory().teams(orgId).map(teams -> {
        Map<String, String> teamOf = new ConcurrentHashMap<>();
        Map<String, Directory.Person> byId = new ConcurrentHashMap<>();
        Map<String, String> names = new ConcurrentHashMap<>();
        java.util.Set<String> members = ConcurrentHashMap.newKeySet();
        for (Directory.Person p : people) {
          names.put(p.id(), p.name());
          byId.put(p.id(), p);
          members.add(p.id());
          if (p.teamId() != null) {
            teamOf.put(p.id(), p.teamId());
          }
        }
        for (Directory.Team t : teams) {
          names.put(t.id(), t.name());
        }
        return new Info(teamOf, byId, names, members, settings);
      }));
    });
  }
}
