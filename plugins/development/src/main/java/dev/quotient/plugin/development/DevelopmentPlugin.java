package dev.quotient.plugin.development;

import dev.quotient.api.PluginContext;
import dev.quotient.api.QuotientPlugin;
import dev.quotient.plugin.development.dashboard.PlanSummaries;
import dev.quotient.plugin.development.kpi.KpiModule;
import dev.quotient.plugin.development.kpi.KpiService;
import io.vertx.core.Future;
import org.pf4j.Extension;

/** KPI benchmarks, IQ/EQ/BQ profiles, individual development plans and 30-day PIPs. */
@Extension
public class DevelopmentPlugin implements QuotientPlugin {

  @Override
  public Future<Void> start(PluginContext context) {
    // KPIs: the reader plans and profiles take baselines and actuals from
    KpiService kpis = new KpiService(context);
    PlanSummaries plans = PlanSummaries.NONE; // the plans part provides the team dashboard's IDPs and PIPs
    KpiModule.register(context, kpis, plans);
    return kpis.start();
  }
}
