package dev.quotient.plugin.development.kpi;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The KPIs a rep is benchmarked on (tip 12 of the domain, plus the follow-up cadence of tip 10).
 * Leading KPIs are habits a rep controls this week; lagging ones are results that follow them.
 */
public enum Kpi {
  /** Hours of logged selling activity (calls, emails, meetings, follow-ups) in the period. */
  SELLING_HOURS(true, true),
  /**
   * Share (0..1) of working time spent selling: logged selling minutes over the working minutes of the
   * period so far (Monday to Friday, 8 hours a day), the seed's "time selling". Unlike hours, a month
   * under way and a 90-day baseline compare with a month.
   */
  SELLING_SHARE(true, true),
  /**
   * Calls and e-mails naming a lead before its first meeting, per lead that reached a meeting in the
   * period: the seed's "up to 18 attempts per lead" until contact.
   */
  ATTEMPTS_TO_CONTACT(true, true),
  /** Median minutes from a lead arriving to the rep's response. */
  RESPONSE_MEDIAN_MINUTES(false, true),
  /** Share (0..1) of responded leads answered within 5 minutes. */
  RESPONSE_WITHIN_5_SHARE(true, true),
  /** Mean follow-up attempts per lead worked in the period. */
  FOLLOW_UPS_PER_LEAD(true, true),
  /** Share (0..1) of meetings followed by five or more follow-ups. */
  FIVE_FOLLOW_UP_SHARE(true, true),
  /** Won opportunities / opportunities closed or opened in the period (0..1). */
  WIN_RATE(true, false),
  /** Cost of acquiring one new customer. */
  CAC(false, false),
  /** Mean lifetime value of a customer. */
  CLV(true, false);

  /** The largest target or baseline a plan or PIP takes (the contract's bound: a trillion, as deal values). */
  public static final double MAX_VALUE = 1e12;

  private final boolean higherIsBetter;
  private final boolean leading;

  Kpi(boolean higherIsBetter, boolean leading) {
    this.higherIsBetter = higherIsBetter;
    this.leading = leading;
  }

  public boolean higherIsBetter() {
    return higherIsBetter;
  }

  /** True for leading indicators (habits), false for lagging ones (results). */
  public boolean leading() {
    return leading;
  }

  /** The dashed key used in the API, in stored plans and in message keys: {@code win-rate}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static Optional<Kpi> parse(String key) {
    return Arrays.stream(values()).filter(k -> k.key().equals(key)).findFirst();
  }
}
