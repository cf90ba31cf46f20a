package dev.quotient.server.account;

import dev.quotient.api.directory.Directory;
import java.time.DayOfWeek;
import java.time.Month;
import java.time.ZoneId;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.bson.Document;

/**
 * A customer organisation: everything a user sees is limited to theirs.
 *
 * @param currency the ISO 4217 code money is reported in (deal values, costs)
 * @param weekStart the first day of its weeks
 * @param fiscalYearStart the first month of its fiscal year (quarters follow it)
 * @param targets its KPI thresholds and targets
 */
public record Organisation(String id, String name, ZoneId zone, Locale locale, List<String> values,
    Currency currency, DayOfWeek weekStart, Month fiscalYearStart, Directory.Targets targets,
    List<Directory.TargetsUntil> earlierTargets, Directory.CalendarUntil earlierCalendar) {

  /** What an organisation stored before currencies were kept reports in. */
  public static final Currency DEFAULT_CURRENCY = Currency.getInstance("EUR");

  public Organisation {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(locale, "locale");
    values = List.copyOf(values);
    Objects.requireNonNull(currency, "currency");
    Objects.requireNonNull(weekStart, "weekStart");
    Objects.requireNonNull(fiscalYearStart, "fiscalYearStart");
    Objects.requireNonNull(targets, "targets");
    earlierTargets = earlierTargets == null ? List.of() : List.copyOf(earlierTargets);
  }

  public Organisation(String id, String name, ZoneId zone, Locale locale, List<String> values, Currency currency,
      DayOfWeek weekStart, Month fiscalYearStart, Directory.Targets targets) {
    this(id, name, zone, locale, values, currency, weekStart, fiscalYearStart, targets, List.of(), null);
  }

  /** The organisation with new targets from {@code day} on; the ones they replace stay for the days before. */
  public Organisation withTargets(Directory.Targets next, java.time.LocalDate day) {
    if (next.equals(targets)) {
      return this;
    }
    List<Directory.TargetsUntil> earlier = new java.util.ArrayList<>(earlierTargets);
    // changed again the same day: the days before still had what they had
    if (earlier.isEmpty() || !earlier.get(earlier.size() - 1).until().equals(day)) {
      earlier.add(new Directory.TargetsUntil(day, targets));
    }
    return new Organisation(id, name, zone, locale, values, currency, weekStart, fiscalYearStart, next, earlier,
        earlierCalendar);
  }

  /**
   * The organisation with this week and fiscal year from {@code day} on; the ones they replace are kept
   * for the periods that closed before.
   */
  public Organisation withCalendar(DayOfWeek week, Month fiscal, java.time.LocalDate day) {
    if (week == weekStart && fiscal == fiscalYearStart) {
      return this;
    }
    Directory.CalendarUntil earlier = earlierCalendar != null && earlierCalendar.until().equals(day)
        ? earlierCalendar : new Directory.CalendarUntil(day, weekStart, fiscalYearStart);
    return new Organisation(id, name, zone, locale, values, currency, week, fiscal, targets, earlierTargets, earlier);
  }

  /** Weeks from Monday, the calendar year, the seed's targets. */
  public Organisation(String id, String name, ZoneId zone, Locale locale, List<String> values, Currency currency) {
    this(id, name, zone, locale, values, currency, DayOfWeek.MONDAY, Month.JANUARY, Directory.Targets.SEED);
  }

  public Organisation(String id, String name, ZoneId zone, Locale locale, List<String> values) {
    this(id, name, zone, locale, values, DEFAULT_CURRENCY);
  }

  /** The settings plugins read. */
  public Directory.Organisation forPlugins() {
    return new Directory.Organisation(id, name, zone, locale, values, weekStart, fiscalYearStart, targets,
        earlierTargets, earlierCalendar);
  }

  static Organisation from(Document d) {
    return new Organisation(
        d.getString("_id"),
        d.getString("name"),
        ZoneId.of(d.getString("zone")),
        Locale.forLanguageTag(d.getString("locale")),
        d.getList("values", String.class, List.of()),
        d.getString("currency") == null ? DEFAULT_CURRENCY : Currency.getInstance(d.getString("currency")),
        d.getString("weekStart") == null ? DayOfWeek.MONDAY : DayOfWeek.valueOf(d.getString("weekStart")),
        d.getString("fiscalYearStart") == null ? Month.JANUARY : Month.valueOf(d.getString("fiscalYearStart")),
        d.get("targets") instanceof Document t ? new Directory.Targets(t.getInteger("responseMinutes"),
            t.getInteger("attemptsPerLead"), t.getInteger("followUpsPerLead")) : Directory.Targets.SEED,
        d.getList("earlierTargets", Document.class, List.of()).stream().map(e -> new Directory.TargetsUntil(
            java.time.LocalDate.parse(e.getString("until")), new Directory.Targets(e.getInteger("responseMinutes"),
                e.getInteger("attemptsPerLead"), e.getInteger("followUpsPerLead")))).toList(),
        d.get("earlierCalendar") instanceof Document c ? new Directory.CalendarUntil(
            java.time.LocalDate.parse(c.getString("until")), DayOfWeek.valueOf(c.getString("weekStart")),
            Month.valueOf(c.getString("fiscalYearStart"))) : null);
  }

  Document toDocument() {
    return new Document("_id", id).append("name", name).append("zone", zone.getId())
        .append("locale", locale.toLanguageTag()).append("values", values)
        .append("currency", currency.getCurrencyCode()).append("weekStart", weekStart.name())
        .append("fiscalYearStart", fiscalYearStart.name())
        .append("targets", new Document("responseMinutes", targets.responseMinutes())
            .append("attemptsPerLead", targets.attemptsPerLead()).append("followUpsPerLead", targets.followUpsPerLead()))
        .append("earlierTargets", earlierTargets.stream().map(e -> new Document("until", e.until().toString())
            .append("responseMinutes", e.targets().responseMinutes())
            .append("attemptsPerLead", e.targets().attemptsPerLead())
            .append("followUpsPerLead", e.targets().followUpsPerLead())).toList())
        .append("earlierCalendar", earlierCalendar == null ? null : new Document("until", earlierCalendar.until().toString())
            .append("weekStart", earlierCalendar.weekStart().name())
            .append("fiscalYearStart", earlierCalendar.fiscalYearStart().name()));
  }
}
