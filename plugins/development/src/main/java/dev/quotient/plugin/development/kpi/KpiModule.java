package dev.quotient.plugin.development.kpi;

import dev.quotient.api.PluginContext;
import dev.quotient.plugin.development.dashboard.PlanSummaries;
import dev.quotient.plugin.development.dashboard.TeamSignals;

/** Wires the KPI part of the plugin: cost and departure ledgers, views, pages and routes. */
public final class KpiModule {

  private KpiModule() {}

  public static void register(PluginContext context, KpiService kpis, PlanSummaries plans) {
    Ledgers ledgers = new Ledgers(context, kpis.months());
    TeamSignals signals = new TeamSignals(context, kpis.log());
    KpiViews views = new KpiViews(context, kpis, ledgers, signals);
    KpiPages pages = new KpiPages(context, kpis, views, ledgers, signals, plans);
    new KpiRoutes(context, views, ledgers, pages).register(context.routes());
  }
}
