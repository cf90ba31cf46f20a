package dev.quotient.api.directory;

import dev.quotient.api.Role;
import io.vertx.core.Future;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The people and teams of one organisation, read-only. Plugins pass the caller's organisation
 * ({@link dev.quotient.api.CurrentUser#orgId()}); nothing of other organisations is ever returned.
 * Calls run off the event loop and complete on the caller's context; they fail only when the
 * database is unavailable. Results may be a few seconds old.
 */
public interface Directory {

  /** Everyone in the organisation, sorted by name. */
  Future<List<Person>> people(String orgId);

  /** The organisation's teams, sorted by name, each with the ids of its members. */
  Future<List<Team>> teams(String orgId);

  // --- organisation settings (read-only) ---

  /**
   * The organisation's name, time zone, language and values, or null when no organisation has this
   * id. Public pages that show one organisation's data (a credential's verification) read it by the
   * id stored with that data.
   */
  Future<Organisation> organisation(String orgId);

  /**
   * An organisation's settings.
   *
   * @param zone dates are shown in it and "today" is counted in it
   * @param values the organisation's values (ids such as {@code respect}), in the order it lists them
   * @param weekStart the first day of its weeks (week boards, weekly schedules)
   * @param fiscalYearStart the first month of its fiscal year: quarters start there and every three
   *     months after
   * @param targets the cadence the organisation holds its reps to, in force since the last change
   * @param earlierTargets the targets in force before each change, oldest first: a period that closed
   *     before a change keeps the figures its targets gave
   * @param earlierCalendar the week and fiscal year in force before the last change of either, with
   *     the day of the change; null when they never changed. Periods that closed before it keep their
   *     cut.
   */
  record Organisation(String id, String name, ZoneId zone, Locale locale, List<String> values, DayOfWeek weekStart,
      Month fiscalYearStart, Targets targets, List<TargetsUntil> earlierTargets, CalendarUntil earlierCalendar) {
    public Organisation {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(zone, "zone");
      Objects.requireNonNull(locale, "locale");
      values = List.copyOf(values);
      Objects.requireNonNull(weekStart, "weekStart");
      Objects.requireNonNull(fiscalYearStart, "fiscalYearStart");
      Objects.requireNonNull(targets, "targets");
      earlierTargets = earlierTargets == null ? List.of() : List.copyOf(earlierTargets);
    }

    public Organisation(String id, String name, ZoneId zone, Locale locale, List<String> values, DayOfWeek weekStart,
        Month fiscalYearStart, Targets targets) {
      this(id, name, zone, locale, values, weekStart, fiscalYearStart, targets, List.of(), null);
    }

    /** Weeks from Monday, the calendar year and the seed's targets. */
    public Organisation(String id, String name, ZoneId zone, Locale locale, List<String> values) {
      this(id, name, zone, locale, values, DayOfWeek.MONDAY, Month.JANUARY, Targets.SEED);
    }

    /** The targets in force on that day (the organisation's local day). */
    public Targets targetsOn(LocalDate day) {
      for (TargetsUntil earlier : earlierTargets) {
        if (day.isBefore(earlier.until())) {
          return earlier.targets();
        }
      }
      return targets;
    }
  }

  /** The first day of the week and of the fiscal year that were in force on the days before {@code until}. */
  record CalendarUntil(LocalDate until, DayOfWeek weekStart, Month fiscalYearStart) {
    public CalendarUntil {
      Objects.requireNonNull(until, "until");
      Objects.requireNonNull(weekStart, "weekStart");
      Objects.requireNonNull(fiscalYearStart, "fiscalYearStart");
    }
  }

  /** Targets that were in force on the days before {@code until}. */
  record TargetsUntil(LocalDate until, Targets targets) {
    public TargetsUntil {
      Objects.requireNonNull(until, "until");
      Objects.requireNonNull(targets, "targets");
    }
  }

  /**
   * The KPI thresholds and targets of an organisation.
   *
   * @param responseMinutes a lead answered within this many minutes counts as answered fast
   * @param attemptsPerLead calls and e-mails to a lead before giving up on reaching it
   * @param followUpsPerLead follow-ups a worked lead gets
   */
  record Targets(int responseMinutes, int attemptsPerLead, int followUpsPerLead) {
    /** What the seed article names: 5 minutes, 18 attempts, 5 follow-ups. */
    public static final Targets SEED = new Targets(5, 18, 5);
  }

  /**
   * A user of the organisation.
   *
   * @param teamId the team now, or null when the user belongs to none
   * @param teams the teams the user belonged to, oldest first: where the user's history counts
   */
  record Person(String id, String name, Set<Role> roles, String teamId, List<Membership> teams) {
    public Person {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(name, "name");
      roles = Set.copyOf(roles);
      teams = List.copyOf(teams);
    }

    /** A person who has always been on one team (or none). */
    public Person(String id, String name, Set<Role> roles, String teamId) {
      this(id, name, roles, teamId, List.of(new Membership(teamId, null)));
    }

    public boolean has(Role role) {
      return roles.contains(role);
    }

    /** The team the person belonged to on that day (their first for days before any move), or null. */
    public String teamOn(LocalDate day) {
      String team = teams.isEmpty() ? teamId : teams.get(0).teamId();
      for (Membership m : teams) {
        if (m.from() == null || !m.from().isAfter(day)) {
          team = m.teamId();
        }
      }
      return team;
    }
  }

  /**
   * A stretch of a person's time on a team.
   *
   * @param teamId null for none
   * @param from the first day, in the organisation's zone; null for the first stretch, which holds
   *     everything before the first move
   */
  record Membership(String teamId, LocalDate from) {}

  /** A team with the ids of its members and of its leaders. */
  record Team(String id, String name, List<String> memberIds, List<String> leaderIds) {
    public Team {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(name, "name");
      memberIds = List.copyOf(memberIds);
      leaderIds = List.copyOf(leaderIds);
    }

    public Team(String id, String name, List<String> memberIds) {
      this(id, name, memberIds, List.of());
    }
  }
}
