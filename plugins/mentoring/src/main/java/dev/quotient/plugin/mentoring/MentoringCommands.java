package dev.quotient.plugin.mentoring;

import dev.quotient.api.ClientError;
import dev.quotient.api.PluginContext;
import dev.quotient.api.event.Catalogue;
import dev.quotient.api.event.Commands;
import dev.quotient.plugin.mentoring.matching.Fit;
import dev.quotient.plugin.mentoring.matching.MenteeProfile;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Mentoring's commands for other plugins (development plans): {@code mentor.suggest} scores mentors
 * with the matching's fit model and rules, {@code mentorships.status} reads the active pairs.
 */
final class MentoringCommands {

  /** The level assumed for a skill asked about that the mentee's profile has no level for: a clear gap. */
  static final int ASSUMED_LEVEL = 2;

  private final PluginContext context;
  private final StatusReads statusReads;

  MentoringCommands(PluginContext context, StatusReads statusReads) {
    this.context = context;
    this.statusReads = statusReads;
  }

  void register() {
    context.events().handle(Catalogue.SUGGEST_MENTOR, this::suggest);
    context.events().handle(Catalogue.MENTORSHIPS, this::status);
  }

  /**
   * The best-fitting mentor with a free place who is allowed for the mentee (not in their reporting
   * line, not banned, not a past pair) and covers at least one of the skills asked (or, when none is
   * asked, of the mentee profile's gaps). The mentee's own levels, slots, languages and zone count when
   * they have a profile. 404 for a mentee outside the organisation, 400 for an unknown skill.
   */
  Future<Commands.MentorSuggestion> suggest(Commands.SuggestMentor command) {
    for (String skill : command.skills()) {
      if (!Profiles.validKey(skill)) {
        return Future.failedFuture(ClientError.badRequest("mentoring.error.skill", skill));
      }
    }
    Instant now = context.clock().instant();
    return context.directory().organisation(command.orgId()).compose(o -> Org.load(context, command.orgId())
        .map(org -> {
          if (o == null || !org.people().containsKey(command.menteeId())) {
            throw ClientError.notFound("mentoring.error.person.unknown");
          }
          MenteeProfile mentee = mentee(org, command.menteeId(), command.skills(), o.locale());
          List<JsonObject> ranked = Matching.ranked(org, mentee, now, Integer.MAX_VALUE);
          JsonObject best = ranked.stream().filter(MentoringCommands::coversAGap).findFirst().orElse(null);
          if (best == null) {
            return new Commands.MentorSuggestion(null, 0, List.of());
          }
          List<String> reasons = Matching.reasonTexts(context.pages(), best.getJsonArray("reasons"), o.locale()).stream()
              .map(String::valueOf).toList();
          return new Commands.MentorSuggestion(best.getString("mentorId"),
              best.getInteger("score") / (double) Fit.MAX, reasons);
        }));
  }

  private static boolean coversAGap(JsonObject pair) {
    return pair.getJsonArray("reasons").stream().map(JsonObject.class::cast)
        .anyMatch(r -> "mentoring.reason.gap".equals(r.getString("key")));
  }

  /** The mentee as matching sees them, growing the skills asked (their profile's gaps when none is asked). */
  private static MenteeProfile mentee(Org org, String menteeId, List<String> skills, Locale locale) {
    MenteeProfile profile = org.mentee(menteeId);
    Map<String, Integer> levels = new LinkedHashMap<>();
    for (String skill : skills) {
      Integer known = profile == null ? null : profile.levels().get(skill);
      levels.put(skill, known == null ? ASSUMED_LEVEL : known);
    }
    if (skills.isEmpty() && profile != null) {
      levels.putAll(profile.levels());
    }
    if (profile == null) {
      return new MenteeProfile(menteeId, levels, Set.of(), List.of(locale.getLanguage()), org.zone());
    }
    return new MenteeProfile(menteeId, levels, profile.availability(), profile.languages(), profile.zone());
  }

  /**
   * The active pairs of the mentees asked about (members of the organisation only), each with when it
   * started and its latest check-in: the start of that meeting's day in the organisation's zone.
   */
  Future<Commands.Mentorships> status(Commands.MentorshipsQuery query) {
    Set<String> asked = new LinkedHashSet<>(query.menteeIds());
    // Only what the answer needs, read at once and kept briefly (StatusReads): the team dashboard asks on
    // every view, and loading the whole organisation one read after another was most of its wait.
    var organisation = context.directory().organisation(query.orgId());
    Future<List<JsonObject>> pairs = statusReads.pairs(query.orgId());
    Future<List<JsonObject>> checkins = statusReads.checkins(query.orgId());
    return Future.all(organisation, pairs, checkins).map(all -> {
      java.time.ZoneId zone = organisation.result() == null ? java.time.ZoneId.of("UTC") : organisation.result().zone();
      Map<String, String> lastByPair = new java.util.HashMap<>();
      for (JsonObject c : checkins.result()) {
        lastByPair.merge(c.getString("pairId"), c.getString("date"), (a, b) -> a.compareTo(b) >= 0 ? a : b);
      }
      List<Commands.Mentorship> out = new ArrayList<>();
      for (JsonObject p : pairs.result()) {
        if (!"active".equals(p.getString("state")) || !asked.contains(p.getString("menteeId"))) {
          continue;
        }
        String last = lastByPair.get(p.getString("_id"));
        out.add(new Commands.Mentorship(p.getString("mentorId"), p.getString("menteeId"),
            Instant.parse(p.getString("startedAt")),
            last == null ? null : LocalDate.parse(last).atStartOfDay(zone).toInstant()));
      }
      return new Commands.Mentorships(out);
    });
  }

}
