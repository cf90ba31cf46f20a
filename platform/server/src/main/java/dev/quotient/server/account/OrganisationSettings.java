package dev.quotient.server.account;

import dev.quotient.api.ClientError;
import dev.quotient.api.CurrentUser;
import dev.quotient.api.event.Catalogue;
import dev.quotient.api.event.Events;
import dev.quotient.server.mongo.Database;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import dev.quotient.api.directory.Directory;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Month;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Currency;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * An organisation's settings: name, time zone, language, currency and the company values praise is
 * tied to. Admins change them; every change is in the audit trail and announced ({@code
 * organisation.changed}), so whatever kept the old ones (a time zone above all) drops them at once.
 * What was recorded before keeps what it was recorded with: praise keeps the value it was given for
 * (renamed or retired since), a day already scored stays that day.
 */
public final class OrganisationSettings {

  public static final int MAX_VALUES = 12;
  public static final int MAX_VALUE_LENGTH = 60;
  public static final int MAX_NAME = 120;
  /** The languages the pages speak. */
  public static final List<String> LOCALES = List.of("en", "pl");

  /** Bounds of the KPI thresholds and targets. */
  public static final int MAX_RESPONSE_MINUTES = 24 * 60;
  public static final int MAX_ATTEMPTS = 100;
  public static final int MAX_FOLLOW_UPS = 50;

  /**
   * What an admin sends, as typed. The week, the fiscal year and the targets may be left out (null):
   * they stay as they are.
   *
   * @param weekStart a day of the week in English, such as {@code monday}
   * @param fiscalYearStart the month number, 1 to 12
   */
  public record Changes(String name, String zone, String locale, String currency, List<String> values,
      String weekStart, Integer fiscalYearStart, Integer responseMinutes, Integer attemptsPerLead,
      Integer followUpsPerLead) {
    public Changes(String name, String zone, String locale, String currency, List<String> values) {
      this(name, zone, locale, currency, values, null, null, null, null, null);
    }
  }

  private final Vertx vertx;
  private final Database database;
  private final AccountStore accounts;
  private final AuditTrail audit;
  private final Clock clock;

  public OrganisationSettings(Vertx vertx, Database database, AccountStore accounts, AuditTrail audit, Clock clock) {
    this.vertx = vertx;
    this.database = database;
    this.accounts = accounts;
    this.audit = audit;
    this.clock = clock;
  }

  /** The caller's organisation. */
  public Future<Organisation> get(CurrentUser caller) {
    return database.call(() -> accounts.organisation(caller.orgId())
        .orElseThrow(() -> ClientError.notFound("error.organisation.unknown")));
  }

  /** Replaces the settings (admins; the route checks the role); 400 for an answer the rules refuse. */
  public Future<Organisation> update(CurrentUser admin, Changes changes, String client) {
    return database.call(() -> {
      Organisation before = accounts.organisation(admin.orgId())
          .orElseThrow(() -> ClientError.notFound("error.organisation.unknown"));
      Organisation checked = withCalendarAndTargets(checked(before.id(), changes.name(), changes.zone(),
          changes.locale(), changes.currency(), changes.values()), before, changes);
      // New targets count from today on; the days before keep the targets they had.
      java.time.LocalDate today = java.time.LocalDate.ofInstant(clock.instant(), before.zone());
      Organisation after = new Organisation(checked.id(), checked.name(), checked.zone(), checked.locale(),
          checked.values(), checked.currency(), before.weekStart(), before.fiscalYearStart(), before.targets(),
          before.earlierTargets(), before.earlierCalendar())
          .withTargets(checked.targets(), today)
          .withCalendar(checked.weekStart(), checked.fiscalYearStart(), today);
      String summary = summary(before, after);
      if (summary.isEmpty()) {
        return before;
      }
      accounts.updateOrganisation(after);
      Instant now = clock.instant();
      audit.recordBlocking(new AuditTrail.Entry(after.id(), now, admin.userId(), "organisation.changed", summary,
          client));
      vertx.eventBus().publish(Catalogue.ORGANISATION_CHANGED.address(), new Events.OrganisationChanged(after.id(), now));
      return after;
    });
  }

  /** An organisation from answers that passed every rule; the first answer refused is the 400's message. */
  static Organisation checked(String id, String name, String zone, String locale, String currency,
      List<String> values) {
    String cleanName = name == null ? "" : name.strip();
    if (cleanName.isEmpty() || cleanName.length() > MAX_NAME) {
      throw ClientError.badRequest("error.setup.organisation", MAX_NAME);
    }
    ZoneId zoneId;
    try {
      zoneId = ZoneId.of(zone == null ? "" : zone.strip());
    } catch (DateTimeException e) {
      throw ClientError.badRequest("error.setup.zone", String.valueOf(zone));
    }
    String language = locale == null ? "" : locale.strip();
    if (!LOCALES.contains(language)) {
      throw ClientError.badRequest("error.setup.locale", language, String.join(", ", LOCALES));
    }
    Currency money;
    try {
      money = Currency.getInstance(currency == null ? "" : currency.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ClientError.badRequest("error.setup.currency", String.valueOf(currency));
    }
    Set<String> kept = new LinkedHashSet<>();
    for (String line : values == null ? List.<String>of() : values) {
      String value = line == null ? "" : line.strip();
      if (value.isEmpty()) {
        continue;
      }
      if (value.length() > MAX_VALUE_LENGTH || value.startsWith("$")) {
        throw ClientError.badRequest("error.setup.value", value.length() > 40 ? value.substring(0, 40) + "…" : value,
            MAX_VALUE_LENGTH);
      }
      kept.add(value);
    }
    if (kept.isEmpty() || kept.size() > MAX_VALUES) {
      throw ClientError.badRequest("error.setup.values", MAX_VALUES);
    }
    return new Organisation(id, cleanName, zoneId, Locale.forLanguageTag(language), new ArrayList<>(kept), money);
  }

  /** The week, fiscal year and targets of {@code changes} (those left out as {@code before} had them). */
  static Organisation withCalendarAndTargets(Organisation org, Organisation before, Changes changes) {
    DayOfWeek week = before.weekStart();
    if (changes.weekStart() != null) {
      try {
        week = DayOfWeek.valueOf(changes.weekStart().strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw ClientError.badRequest("error.settings.weekStart", changes.weekStart());
      }
    }
    Month fiscal = before.fiscalYearStart();
    if (changes.fiscalYearStart() != null) {
      if (changes.fiscalYearStart() < 1 || changes.fiscalYearStart() > 12) {
        throw ClientError.badRequest("error.settings.fiscalYearStart", changes.fiscalYearStart());
      }
      fiscal = Month.of(changes.fiscalYearStart());
    }
    Directory.Targets was = before.targets();
    Directory.Targets targets = new Directory.Targets(
        bounded(changes.responseMinutes(), was.responseMinutes(), MAX_RESPONSE_MINUTES, "error.settings.responseMinutes"),
        bounded(changes.attemptsPerLead(), was.attemptsPerLead(), MAX_ATTEMPTS, "error.settings.attemptsPerLead"),
        bounded(changes.followUpsPerLead(), was.followUpsPerLead(), MAX_FOLLOW_UPS, "error.settings.followUpsPerLead"));
    return new Organisation(org.id(), org.name(), org.zone(), org.locale(), org.values(), org.currency(), week, fiscal,
        targets);
  }

  private static int bounded(Integer typed, int was, int max, String key) {
    if (typed == null) {
      return was;
    }
    if (typed < 1 || typed > max) {
      throw ClientError.badRequest(key, typed, max);
    }
    return typed;
  }

  /** Values typed one a line. */
  public static List<String> lines(String text) {
    return text == null ? List.of() : Arrays.asList(text.split("\\R"));
  }

  /** What changed, for the audit trail ("" when nothing did). */
  static String summary(Organisation before, Organisation after) {
    List<String> parts = new ArrayList<>();
    if (!before.name().equals(after.name())) {
      parts.add("name " + before.name() + " → " + after.name());
    }
    if (!before.zone().equals(after.zone())) {
      parts.add("zone " + before.zone() + " → " + after.zone());
    }
    if (!before.locale().equals(after.locale())) {
      parts.add("language " + before.locale().toLanguageTag() + " → " + after.locale().toLanguageTag());
    }
    if (!before.currency().equals(after.currency())) {
      parts.add("currency " + before.currency() + " → " + after.currency());
    }
    if (before.weekStart() != after.weekStart()) {
      parts.add("week from " + before.weekStart() + " → " + after.weekStart());
    }
    if (before.fiscalYearStart() != after.fiscalYearStart()) {
      parts.add("fiscal year from " + before.fiscalYearStart() + " → " + after.fiscalYearStart());
    }
    if (!before.targets().equals(after.targets())) {
      Directory.Targets b = before.targets();
      Directory.Targets a = after.targets();
      parts.add("targets " + b.responseMinutes() + " min/" + b.attemptsPerLead() + " attempts/" + b.followUpsPerLead()
          + " follow-ups → " + a.responseMinutes() + " min/" + a.attemptsPerLead() + " attempts/" + a.followUpsPerLead()
          + " follow-ups");
    }
    if (!before.values().equals(after.values())) {
      List<String> added = new ArrayList<>(after.values());
      added.removeAll(before.values());
      List<String> retired = new ArrayList<>(before.values());
      retired.removeAll(after.values());
      parts.add("values" + (added.isEmpty() ? "" : " +" + String.join(" +", added))
          + (retired.isEmpty() ? "" : " −" + String.join(" −", retired)) + (added.isEmpty() && retired.isEmpty()
          ? " reordered" : ""));
    }
    return String.join("; ", parts);
  }
}
