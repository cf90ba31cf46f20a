package dev.quotient.plugin.development;

import dev.quotient.api.PluginContext;
import dev.quotient.api.QuotientPlugin;
import dev.quotient.plugin.development.plan.PlansModule;
import dev.quotient.plugin.development.profile.Kpis;
import io.vertx.core.Future;
import org.pf4j.Extension;

/** KPI benchmarks, IQ/EQ/BQ profiles, individual development plans and 30-day PIPs. */
@Extension
public class DevelopmentPlugin implements QuotientPlugin {

  @Override
  public Future<Void> start(PluginContext context) {
    // Profiles, plans and PIPs read KPIs only through the KpiReader contract.
    return PlansModule.start(context, Kpis.none());
  }
}
