package dev.quotient.plugin.development.plan;

import dev.quotient.api.PluginContext;
import dev.quotient.api.Role;
import dev.quotient.api.event.Catalogue;
import dev.quotient.api.event.Events;
import dev.quotient.plugin.development.kpi.KpiReader;
import dev.quotient.plugin.development.pip.PipRoutes;
import dev.quotient.plugin.development.pip.Pips;
import dev.quotient.plugin.development.profile.Ids;
import dev.quotient.plugin.development.profile.Kpis;
import dev.quotient.plugin.development.profile.People;
import dev.quotient.plugin.development.profile.ProfileRoutes;
import dev.quotient.plugin.development.profile.Profiles;
import dev.quotient.plugin.development.profile.QuizResults;
import io.vertx.core.Future;
import java.time.LocalDate;

/**
 * Wires profiles, plans and PIPs into the plugin: their routes, the {@code module.completed} and
 * {@code candidate.hired} subscriptions and the {@code skills.gaps} handler.
 */
public final class PlansModule {

  private final PluginContext context;
  /** One for the plugin: the writers below forget what the dashboard keeps. */
  private final QuizResults quizzes;
  private final OrgPlans orgPlans;

  public PlansModule(PluginContext context) {
    this.context = context;
    this.quizzes = new QuizResults(context.content());
    this.orgPlans = new OrgPlans(context.content());
  }

  /** The team dashboard's summary of open IDPs and PIPs. */
  public dev.quotient.plugin.development.dashboard.PlanSummaries summaries() {
    return new OpenPlans(orgPlans, quizzes, context.directory(), context.clock());
  }

  public Future<Void> start(KpiReader kpiReader) {
    Kpis kpis = new Kpis(kpiReader, context.log());
    People people = new People(context.directory());
    Profiles profiles = new Profiles(context.content(), quizzes, kpis, context.clock());
    Plans plans = new Plans(context, profiles, quizzes, kpis, people, orgPlans::plansChanged);
    Pips pips = new Pips(context, people, orgPlans::pipsChanged);
    new ProfileRoutes(context, profiles, people).register(context.routes());
    new PlanRoutes(context, plans, people, quizzes, kpis, pips::of).register(context.routes());
    new PipRoutes(context, pips, people, kpiReader).register(context.routes());
    context.events().handle(Catalogue.SKILL_GAPS, q -> context.directory().organisation(q.orgId()).compose(org ->
        context.directory().people(q.orgId()).compose(all -> profiles.gaps(q.orgId(),
            all.stream().filter(p -> p.has(Role.REP)).map(p -> p.id()).toList(),
            LocalDate.ofInstant(context.clock().instant(), org == null ? java.time.ZoneOffset.UTC : org.zone())))));
    Future<Void> completed = context.events().subscribe(Catalogue.MODULE_COMPLETED, e -> quizzes.completed(e)
        .onFailure(x -> context.log().warn("quiz result of {} in {} not kept", e.userId(), e.moduleId(), x)));
    Future<Void> hired = context.events().subscribe(Catalogue.CANDIDATE_HIRED, e -> onboard(context, profiles, plans, e)
        .onFailure(x -> context.log().warn("profile of hire {} not seeded", e.userId(), x)));
    return Future.all(completed, hired).mapEmpty();
  }

  /**
   * A new hire: the profile seeded from the scorecard, then a first plan drafted for the leader who
   * hired (one plan per candidate, however often the event arrives).
   */
  static Future<Void> onboard(PluginContext context, Profiles profiles, Plans plans, Events.CandidateHired e) {
    return profiles.seed(e).compose(v -> context.directory().organisation(e.orgId())).compose(org -> {
      LocalDate today = LocalDate.ofInstant(context.clock().instant(), org == null ? java.time.ZoneOffset.UTC : org.zone());
      String leader = e.hiredBy() == null || e.hiredBy().isBlank() ? e.userId() : e.hiredBy();
      return plans.draft(e.orgId(), e.userId(), leader, today, Ids.of(e.orgId(), "hire-plan", e.candidateId()));
    }).mapEmpty();
  }
}
