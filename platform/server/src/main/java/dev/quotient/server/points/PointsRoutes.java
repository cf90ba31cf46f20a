package dev.quotient.server.points;

import dev.quotient.api.Access;
import dev.quotient.api.ClientError;
import dev.quotient.api.CurrentUser;
import dev.quotient.api.Role;
import dev.quotient.server.account.AccountStore;
import dev.quotient.server.activity.ActivityStore;
import dev.quotient.server.mongo.Database;
import dev.quotient.server.web.PageEngine;
import dev.quotient.server.web.RouteRegistry;
import dev.quotient.server.web.Web;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bson.Document;

/**
 * The points API: {@code GET /api/points} (a person's total, per-area totals and every entry with its
 * reason, newest first), {@code GET /api/points/rules} (the rules in force), {@code PUT /api/points/rules}
 * (leaders: a new version) and {@code POST /api/points/rules/preview} (leaders: last week's points
 * under the current and a candidate rule set, computed without writing).
 */
public final class PointsRoutes {

  private static final String OWNER = "platform";
  public static final int MAX_ENTRIES = 200;
  /**
   * Entries on one points page; older ones a link away. Two hundred made a long page on a phone, and
   * the slowest the platform served (each a 100 kB read and a 200-row render).
   */
  static final int PAGE_ENTRIES = 50;

  private final PointsService points;
  private final Database database;
  private final AccountStore accounts;
  private final PageEngine pages;
  private final Clock clock;
  private final dev.quotient.server.account.AuditTrail audit;

  public PointsRoutes(PointsService points, Database database, AccountStore accounts, PageEngine pages,
      dev.quotient.server.account.AuditTrail audit, Clock clock) {
    this.points = points;
    this.audit = audit;
    this.pages = pages;
    this.database = database;
    this.accounts = accounts;
    this.clock = clock;
  }

  public void register(RouteRegistry routes) {
    routes.add(OWNER, RouteRegistry.Kind.PAGE, HttpMethod.GET, "/points", Access.signedIn(), this::page);
    routes.add(OWNER, RouteRegistry.Kind.PAGE, HttpMethod.GET, "/points/rules", Access.signedIn(), this::rulesPage);
    routes.add(OWNER, RouteRegistry.Kind.PAGE, HttpMethod.POST, "/points/rules", Access.roles(Role.LEADER),
        this::editForm);
    routes.add(OWNER, RouteRegistry.Kind.API, HttpMethod.GET, "/api/points", Access.signedIn(), this::mine);
    routes.add(OWNER, RouteRegistry.Kind.API, HttpMethod.GET, "/api/points/rules", Access.signedIn(), this::rules);
    routes.add(OWNER, RouteRegistry.Kind.API, HttpMethod.PUT, "/api/points/rules", Access.roles(Role.LEADER),
        this::edit);
    routes.add(OWNER, RouteRegistry.Kind.API, HttpMethod.POST, "/api/points/rules/preview",
        Access.roles(Role.LEADER), this::preview);
    routes.add(OWNER, RouteRegistry.Kind.API, HttpMethod.POST, "/api/points/entries/:entryId/reversal",
        Access.roles(Role.LEADER), ctx -> {
          CurrentUser user = CurrentUser.of(ctx);
          String reason = reason(Web.body(ctx).getValue("reason"));
          Web.respond(ctx, () -> reverse(user, ctx.pathParam("entryId"), reason),
              e -> Web.json(ctx, 201, entryJson(e, user.locale())));
        });
    routes.add(OWNER, RouteRegistry.Kind.API, HttpMethod.GET, "/api/points/review", Access.roles(Role.LEADER),
        ctx -> Web.respond(ctx, () -> heldRows(CurrentUser.of(ctx)),
            rows -> Web.json(ctx, 200, new JsonObject().put("held", new JsonArray(rows.stream()
                .map(r -> (Object) new JsonObject(new HashMap<>(r))).toList())))));
    routes.add(OWNER, RouteRegistry.Kind.API, HttpMethod.POST, "/api/points/review/:entryId", Access.roles(Role.LEADER),
        ctx -> {
          CurrentUser user = CurrentUser.of(ctx);
          JsonObject body = Web.body(ctx);
          boolean approve = approves(body.getValue("decision"));
          String reason = reviewReason(body.getValue("reason"), approve);
          Web.respond(ctx, () -> decide(user, ctx.pathParam("entryId"), approve, reason),
              e -> Web.json(ctx, 201, entryJson(e, user.locale())));
        });
    routes.add(OWNER, RouteRegistry.Kind.PAGE, HttpMethod.GET, "/points/review", Access.roles(Role.LEADER),
        ctx -> Web.respond(ctx, () -> heldRows(CurrentUser.of(ctx)), rows -> {
          Map<String, Object> model = new HashMap<>();
          model.put("held", rows);
          model.put("decided", "1".equals(ctx.request().getParam("decided")));
          pages.render(ctx, "points-review", "points.review.title", model);
        }));
    routes.add(OWNER, RouteRegistry.Kind.PAGE, HttpMethod.POST, "/points/review/:entryId", Access.roles(Role.LEADER),
        ctx -> {
          CurrentUser user = CurrentUser.of(ctx);
          boolean approve = approves(Web.form(ctx, "decision"));
          String reason = reviewReason(Web.form(ctx, "reason"), approve);
          Web.respond(ctx, () -> decide(user, ctx.pathParam("entryId"), approve, reason),
              e -> Web.seeOther(ctx, "/points/review?decided=1"));
        });
    routes.add(OWNER, RouteRegistry.Kind.PAGE, HttpMethod.POST, "/points/entries/:entryId/reversal",
        Access.roles(Role.LEADER), ctx -> {
          CurrentUser user = CurrentUser.of(ctx);
          String reason = reason(Web.form(ctx, "reason"));
          Web.respond(ctx, () -> reverse(user, ctx.pathParam("entryId"), reason),
              e -> Web.seeOther(ctx, "/points?user=" + java.net.URLEncoder.encode(e.userId(),
                  java.nio.charset.StandardCharsets.UTF_8) + "&reversed=1"));
        });
  }

  /** Held entries waiting for a decision, as JSON rows for the API and the page. */
  private Future<List<Map<String, Object>>> heldRows(CurrentUser user) {
    return database.call(() -> {
      Map<String, String> names = new HashMap<>();
      List<Map<String, Object>> rows = new ArrayList<>();
      for (LedgerEntry e : points.held(user.orgId())) {
        String name = names.computeIfAbsent(e.userId(),
            id -> accounts.user(user.orgId(), id).map(dev.quotient.server.account.User::name).orElse(id));
        Map<String, Object> row = new HashMap<>();
        row.put("id", e.id());
        row.put("userId", e.userId());
        row.put("name", name);
        row.put("ruleId", e.ruleId());
        row.put("points", e.uncapped());
        row.put("reason", points.reason(e, user.locale()));
        row.put("day", e.day());
        row.put("at", e.at().toString());
        rows.add(row);
      }
      return rows;
    });
  }

  /** A leader's decision from a request: approve or refuse, with a reason (needed to refuse). */
  private static boolean approves(Object decision) {
    if ("approve".equals(decision)) {
      return true;
    }
    if ("refuse".equals(decision)) {
      return false;
    }
    throw ClientError.badRequest("error.points.decision", "decision");
  }

  private static String reviewReason(Object value, boolean approve) {
    String reason = value instanceof String s ? s.strip() : "";
    if (reason.length() > 500 || !approve && reason.length() < 3) {
      throw ClientError.badRequest("error.points.reviewReason", "reason");
    }
    return reason;
  }

  private Future<LedgerEntry> decide(CurrentUser user, String entryId, boolean approve, String reason) {
    return points.decide(user.orgId(), entryId, approve, reason).compose(e -> audit.record(
        new dev.quotient.server.account.AuditTrail.Entry(user.orgId(), clock.instant(), user.userId(),
            approve ? "points.approved" : "points.refused", e.userId() + " " + entryId + " (" + e.points() + ")"
                + (reason.isEmpty() ? "" : ": " + reason), null)).map(v -> e));
  }

  /** A reversal's reason: 3 to 500 characters, shown to the rep and kept in the audit trail. */
  private static String reason(Object value) {
    String reason = value instanceof String s ? s.strip() : "";
    if (reason.length() < 3 || reason.length() > 500) {
      throw ClientError.badRequest("error.points.reversalReason", "reason");
    }
    return reason;
  }

  private Future<LedgerEntry> reverse(CurrentUser user, String entryId, String reason) {
    return points.reverse(user.orgId(), entryId, reason).compose(e -> audit.record(new dev.quotient.server.account
        .AuditTrail.Entry(user.orgId(), clock.instant(), user.userId(), "points.reversed",
            e.userId() + " " + entryId + " (" + e.points() + "): " + reason, null)).map(v -> e));
  }

  /** Leaders and admins read anyone's points in their organisation; everyone else only their own. */
  static boolean readsOthers(CurrentUser user) {
    return user.has(Role.LEADER) || user.has(Role.ADMIN);
  }

  /** The person whose points the request asks for: the caller, or {@code ?user=} for leaders and admins. */
  private static String subject(RoutingContext ctx, CurrentUser user) {
    String param = ctx.request().getParam("user");
    String userId = param == null || param.isBlank() ? user.userId() : param;
    if (!userId.equals(user.userId()) && !readsOthers(user)) {
      throw ClientError.forbidden("error.points.readOthers");
    }
    return userId;
  }

  /**
   * What a points page shows of someone: their name when it is not the caller, their newest entries and
   * their totals of all time (kept in memory: a year of entries is not read for them).
   */
  private record Loaded(String otherName, List<LedgerEntry> entries, long total, Map<String, Long> areas,
      PointsLedger.Cursor older, java.util.Set<String> reversed) {}

  /**
   * The subject's entries after {@code before} (the newest when null), at most {@code limit}, with where
   * the next page starts (null at the oldest), their totals and name, and which of the shown entries have
   * been taken back (when {@code reversals}); 404 for strangers.
   */
  private Future<Loaded> load(CurrentUser user, String userId, PointsLedger.Cursor before, int limit,
      boolean reversals) {
    return database.call(() -> {
      String name = null;
      if (!userId.equals(user.userId())) {
        name = accounts.user(user.orgId(), userId)
            .orElseThrow(() -> ClientError.notFound("error.points.userUnknown", userId)).name();
      }
      long[] sums = points.personTotals(user.orgId(), userId);
      Map<String, Long> areas = new TreeMap<>();
      for (int i = 0; i < CapTotals.AREAS.size(); i++) {
        areas.put(CapTotals.AREAS.get(i), sums[i + 1]);
      }
      List<LedgerEntry> entries = points.ledger().entries(user.orgId(), userId, before, limit + 1);
      PointsLedger.Cursor older = null;
      if (entries.size() > limit) {
        entries = entries.subList(0, limit);
        older = PointsLedger.Cursor.after(entries.get(limit - 1));
      }
      java.util.Set<String> reversed = reversals
          ? points.ledger().reversed(entries.stream().filter(e -> e.points() > 0
              && !e.trigger().equals(PointsService.REVERSAL)).map(LedgerEntry::id).toList())
          : java.util.Set.of();
      return new Loaded(name, entries, sums[0], areas, older, reversed);
    });
  }

  private void page(RoutingContext ctx) {
    CurrentUser user = CurrentUser.of(ctx);
    String userId = subject(ctx, user);
    String beforeParam = ctx.request().getParam("before");
    PointsLedger.Cursor before = beforeParam == null ? null : PointsLedger.Cursor.parse(beforeParam)
        .orElseThrow(() -> ClientError.badRequest("error.points.cursor"));
    // a leader looking at someone's points may take back an entry (once, with a reason)
    boolean canReverse = !userId.equals(user.userId()) && user.has(Role.LEADER);
    Web.respond(ctx, () -> load(user, userId, before, PAGE_ENTRIES, canReverse), loaded -> {
      Map<String, Object> model = new HashMap<>();
      List<Map<String, Object>> rows = new ArrayList<>();
      java.util.Set<String> reversed = loaded.reversed();
      for (LedgerEntry e : loaded.entries()) {
        Map<String, Object> row = new HashMap<>();
        row.put("id", e.id());
        row.put("points", e.points());
        row.put("plus", e.points() >= 0);
        row.put("capped", e.capped());
        row.put("held", e.held());
        row.put("reason", points.reason(e, user.locale()));
        row.put("at", e.at());
        row.put("reversible", canReverse && e.points() > 0 && !e.trigger().equals(PointsService.REVERSAL)
            && !reversed.contains(e.id()));
        rows.add(row);
      }
      model.put("reversedSaved", "1".equals(ctx.request().getParam("reversed")));
      model.put("reviews", user.has(Role.LEADER));
      List<Map<String, Object>> perArea = new ArrayList<>();
      loaded.areas().forEach((name, pts) -> perArea.add(Map.of("name", name, "points", pts)));
      model.put("total", loaded.total());
      model.put("areas", perArea);
      model.put("entries", rows);
      String who = loaded.otherName() != null ? "user=" + java.net.URLEncoder.encode(userId,
          java.nio.charset.StandardCharsets.UTF_8) : null;
      if (loaded.older() != null) {
        model.put("olderLink", "/points?" + (who == null ? "" : who + "&") + "before=" + loaded.older());
      }
      if (before != null) {
        model.put("newestLink", "/points" + (who == null ? "" : "?" + who));
      }
      if (loaded.otherName() != null) {
        model.put("otherName", loaded.otherName());
      }
      pages.render(ctx, "points", "points.title", model);
    });
  }

  private void mine(RoutingContext ctx) {
    CurrentUser user = CurrentUser.of(ctx);
    String userId = subject(ctx, user);
    Web.respond(ctx, () -> load(user, userId, null, MAX_ENTRIES, false), loaded -> {
      JsonArray out = new JsonArray();
      loaded.entries().forEach(e -> out.add(entryJson(e, user.locale())));
      JsonObject perArea = new JsonObject();
      loaded.areas().forEach(perArea::put);
      Web.json(ctx, 200, new JsonObject().put("userId", userId).put("total", loaded.total()).put("areas", perArea)
          .put("entries", out));
    });
  }

  private JsonObject entryJson(LedgerEntry e, java.util.Locale locale) {
    return new JsonObject().put("id", e.id()).put("points", e.points())
        .put("reason", points.reason(e, locale)).put("ruleId", e.ruleId())
        .put("ruleVersion", e.ruleVersion()).put("source", e.trigger()).put("sourceId", e.sourceId())
        .put("capped", e.capped()).put("selfReported", e.selfReported()).put("held", e.held())
        .put("areas", new JsonArray(e.areas()))
        .put("day", e.day()).put("at", e.at().toString());
  }

  private void rulesPage(RoutingContext ctx) {
    CurrentUser user = CurrentUser.of(ctx);
    Web.respond(ctx, () -> database.call(() -> {
      List<RuleVersion> versions = points.versions(user.orgId());
      return versions.get(versions.size() - 1);
    }), v -> {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (PointRule r : v.rules().rules()) {
        rows.add(Map.of("id", r.id(), "points", r.points(), "cap", r.dailyCap() == null ? "" : r.dailyCap(),
            "selfCap", r.selfDailyCap() == null ? "" : r.selfDailyCap(), "selfWeight", r.selfWeight()));
      }
      Map<String, Object> model = new HashMap<>();
      model.put("version", v.version());
      // the first version is in force for everything ever recorded: its "since" is no date a person would read
      if (v.effectiveFrom().isAfter(java.time.Instant.EPOCH)) {
        model.put("effectiveFrom", v.effectiveFrom().toString());
      }
      model.put("rules", rows);
      model.put("canEdit", user.has(Role.LEADER));
      model.put("json", new JsonObject().put("rules", v.rules().toJson()).encodePrettily());
      pages.render(ctx, "points-rules", "points.rules.title", model);
    });
  }

  private void editForm(RoutingContext ctx) {
    CurrentUser user = CurrentUser.of(ctx);
    RuleSet rules;
    try {
      rules = RuleSet.parse(new JsonObject(Web.form(ctx, "rules")).getValue("rules")).requireSelfCaps();
    } catch (RuleSet.Invalid e) {
      throw ClientError.badRequest("error.points.rules", e.getMessage());
    } catch (RuntimeException e) {
      throw ClientError.badRequest("error.points.rules", "not a JSON object with \"rules\"");
    }
    Web.respond(ctx, () -> points.edit(user.orgId(), user.userId(), rules), v -> Web.seeOther(ctx, "/points/rules"));
  }

  private void rules(RoutingContext ctx) {
    CurrentUser user = CurrentUser.of(ctx);
    Web.respond(ctx, () -> database.call(() -> {
      List<RuleVersion> versions = points.versions(user.orgId());
      return versions.get(versions.size() - 1);
    }), v -> Web.json(ctx, 200, version(v)));
  }

  private void edit(RoutingContext ctx) {
    CurrentUser user = CurrentUser.of(ctx);
    RuleSet rules = candidate(ctx);
    Web.respond(ctx, () -> points.edit(user.orgId(), user.userId(), rules), v -> Web.json(ctx, 201, version(v)));
  }

  private void preview(RoutingContext ctx) {
    CurrentUser user = CurrentUser.of(ctx);
    RuleSet rules = candidate(ctx);
    Instant to = clock.instant();
    Instant from = to.minus(Duration.ofDays(7));
    Web.respond(ctx, () -> database.call(() -> {
      List<RuleVersion> versions = points.versions(user.orgId());
      RuleVersion current = versions.get(versions.size() - 1);
      RuleVersion next = new RuleVersion(current.version() + 1, Instant.EPOCH, user.userId(), rules);
      List<Document> week = database.collection(ActivityStore.COLLECTION).find(new Document("orgId", user.orgId())
          .append("occurredAt", new Document("$gte", Date.from(from)).append("$lt", Date.from(to))))
          .sort(new Document("seq", 1)).into(new ArrayList<>());
      // Both under one version each, as if it had been in force all week.
      RuleVersion currentAllWeek = new RuleVersion(current.version(), Instant.EPOCH, current.createdBy(),
          current.rules());
      Map<String, long[]> byUser = new TreeMap<>();
      for (LedgerEntry e : points.scoreLog(user.orgId(), List.of(currentAllWeek), week)) {
        byUser.computeIfAbsent(e.userId(), k -> new long[2])[0] += e.points();
      }
      for (LedgerEntry e : points.scoreLog(user.orgId(), List.of(next), week)) {
        byUser.computeIfAbsent(e.userId(), k -> new long[2])[1] += e.points();
      }
      for (Document d : week) {
        byUser.computeIfAbsent(d.getString("userId"), k -> new long[2]);
      }
      return byUser;
    }), byUser -> {
      JsonArray people = new JsonArray();
      byUser.forEach((u, t) -> people.add(new JsonObject().put("userId", u).put("current", t[0])
          .put("candidate", t[1]).put("change", t[1] - t[0])));
      Web.json(ctx, 200, new JsonObject().put("from", from.toString()).put("to", to.toString())
          .put("people", people));
    });
  }

  private static RuleSet candidate(RoutingContext ctx) {
    try {
      return RuleSet.parse(Web.body(ctx).getValue("rules")).requireSelfCaps();
    } catch (RuleSet.Invalid e) {
      throw ClientError.badRequest("error.points.rules", e.getMessage());
    }
  }

  private static JsonObject version(RuleVersion v) {
    return new JsonObject().put("version", v.version()).put("effectiveFrom", v.effectiveFrom().toString())
        .put("createdBy", v.createdBy()).put("rules", v.rules().toJson());
  }
}
