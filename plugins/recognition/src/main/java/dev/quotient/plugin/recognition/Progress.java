package dev.quotient.plugin.recognition;

import dev.quotient.api.ClientError;
import dev.quotient.api.CurrentUser;
import dev.quotient.api.PluginContext;
import dev.quotient.api.Role;
import dev.quotient.api.directory.Directory;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.util.List;

/**
 * What callers may read of goals, cadences and celebrations: a person's own and, for leaders,
 * everyone's of their organisation. Anyone else's answers 404, like an unknown person.
 */
final class Progress {

  private final PluginContext context;
  private final Goals goals;
  private final Cadences cadences;
  private final Celebrations celebrations;
  private final RuleBadges rules;

  Progress(PluginContext context, Goals goals, Cadences cadences, Celebrations celebrations, RuleBadges rules) {
    this.rules = rules;
    this.context = context;
    this.goals = goals;
    this.cadences = cadences;
    this.celebrations = celebrations;
  }

  Goals goals() {
    return goals;
  }

  Cadences cadences() {
    return cadences;
  }

  /** 404 unless the caller is the person or a leader of the person's organisation. */
  Future<Directory.Person> visible(CurrentUser u, String personId) {
    if (personId == null || (!u.userId().equals(personId) && !u.has(Role.LEADER))) {
      return Future.failedFuture(ClientError.notFound("recognition.error.person.unknown"));
    }
    return context.directory().people(u.orgId()).compose(people -> people.stream().filter(p -> p.id().equals(personId))
        .findFirst().map(Future::succeededFuture)
        .orElseGet(() -> Future.failedFuture(ClientError.notFound("recognition.error.person.unknown"))));
  }

  /** A person's goals with progress, newest first. */
  Future<JsonArray> goalsOf(CurrentUser u, String personId) {
    return visible(u, personId).compose(p -> goals.of(u.orgId(), personId)).compose(list -> withProgress(u, list));
  }

  /** The goals waiting for a leader's agreement (leaders only, else 403). */
  Future<JsonArray> proposed(CurrentUser u) {
    if (!u.has(Role.LEADER)) {
      return Future.failedFuture(ClientError.forbidden("recognition.error.goal.agree"));
    }
    return goals.proposed(u.orgId()).compose(list -> withProgress(u, list));
  }

  Future<JsonArray> withProgress(CurrentUser u, List<JsonObject> list) {
    Future<JsonArray> chain = Future.succeededFuture(new JsonArray());
    for (JsonObject g : list) {
      chain = chain.compose(out -> goals.progress(g).map(n -> out.add(Goals.view(g, n, today(u)))));
    }
    return chain;
  }

  /** One goal with progress (the owner or leaders, else 404). */
  Future<JsonObject> goal(CurrentUser u, JsonObject g) {
    if (!u.userId().equals(g.getString("userId")) && !u.has(Role.LEADER)) {
      return Future.failedFuture(ClientError.notFound("recognition.error.goal.unknown"));
    }
    return goals.progress(g).map(n -> Goals.view(g, n, today(u)));
  }

  private LocalDate today(CurrentUser u) {
    return LocalDate.ofInstant(context.clock().instant(), u.zone());
  }

  /**
   * A leader sets a person's cadence; streak badges the new cadence already earns are awarded. Fails
   * like {@link Cadences#set}.
   */
  Future<JsonObject> setCadence(CurrentUser leader, String userId, String period, Object target) {
    return cadences.set(leader, userId, period, target)
        .compose(streak -> rules.streaks(leader.orgId(), userId).map(v -> streak));
  }

  /** A person's cadence and streaks. */
  Future<JsonObject> streak(CurrentUser u, String personId) {
    return visible(u, personId).compose(p -> cadences.streak(u.orgId(), personId));
  }

  /** Celebrations on the caller's team feed, or the organisation's for leaders. */
  Future<JsonArray> celebrations(CurrentUser u, boolean wholeOrganisation) {
    return context.directory().people(u.orgId()).compose(people -> {
      String team = people.stream().filter(p -> p.id().equals(u.userId())).map(Directory.Person::teamId)
          .filter(t -> t != null).findFirst().orElse(null);
      if (!wholeOrganisation && team == null) {
        return Future.succeededFuture(new JsonArray());
      }
      var names = PraiseService.names(people);
      return celebrations.feed(u.orgId(), wholeOrganisation ? null : team).map(list -> new JsonArray(list.stream()
          .map(c -> Celebrations.view(c, names, u)).toList()));
    });
  }
}
