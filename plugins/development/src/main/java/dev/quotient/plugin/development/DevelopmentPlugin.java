package dev.quotient.plugin.development;

import dev.quotient.api.PluginContext;
import dev.quotient.api.QuotientPlugin;
import dev.quotient.plugin.development.dashboard.PlanSummaries;
import dev.quotient.plugin.development.kpi.KpiModule;
import dev.quotient.plugin.development.kpi.KpiService;
import dev.quotient.plugin.development.plan.PlansModule;
import io.vertx.core.Future;
import org.pf4j.Extension;

/** KPI benchmarks, IQ/EQ/BQ profiles, individual development plans and 30-day PIPs. */
@Extension
public class DevelopmentPlugin implements QuotientPlugin {

  @Override
  public Future<Void> start(PluginContext context) {
    // KPIs: the reader plans and profiles take baselines and actuals from
    KpiService kpis = new KpiService(context);
    // Profiles, IDPs and PIPs read KPIs only through the KpiReader contract and give the team dashboard its plans.
    PlansModule plansModule = new PlansModule(context);
    PlanSummaries plans = plansModule.summaries();
    KpiModule.register(context, kpis, plans);
    return Future.all(kpis.start(), plansModule.start(kpis)).mapEmpty();
  }
}
