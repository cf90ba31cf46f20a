package dev.quotient.plugin.mentoring.matching;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The fit of a mentor for a mentee: a weighted sum of four parts, each from 0 to 1.
 *
 * <ul>
 *   <li><b>coverage</b>: for each skill the mentee wants to grow (level g, gap 5 - g) the share of the
 *       gap the mentor's level m covers, {@code min(1, max(0, m - g) / (5 - g))}, weighted by the gap;
 *       a mentee with no gaps is covered by nobody (0);
 *   <li><b>availability</b>: the share of the mentee's week slots the mentor shares;
 *   <li><b>zone</b>: 1 for the same UTC offset now, falling by 1/6 per hour apart;
 *   <li><b>language</b>: 1 when they share a language.
 * </ul>
 * The score is {@code round(1000 x sum(weight x part) / sum(weights))}. Pure and deterministic.
 */
public final class FitModel {

  private FitModel() {}

  public static Fit fit(MenteeProfile mentee, MentorProfile mentor, Weights w, Instant now) {
    List<Reason> reasons = new ArrayList<>();
    double gapSum = 0;
    double covered = 0;
    // Sorted, so the reasons come in the same order every time.
    for (Map.Entry<String, Integer> e : new TreeMap<>(mentee.levels()).entrySet()) {
      int g = Math.max(1, Math.min(5, e.getValue()));
      if (g >= 5) {
        continue;
      }
      int m = mentor.strengths().getOrDefault(e.getKey(), 0);
      double share = Math.min(1.0, Math.max(0, m - g) / (double) (5 - g));
      gapSum += 5 - g;
      covered += (5 - g) * share;
      if (share > 0) {
        reasons.add(new Reason("mentoring.reason.gap", List.of(e.getKey(), Integer.toString(g), Integer.toString(m))));
      }
    }
    double coverage = gapSum == 0 ? 0 : covered / gapSum;

    Set<String> shared = new HashSet<>(mentee.availability());
    shared.retainAll(mentor.availability());
    double availability = mentee.availability().isEmpty() ? 0 : shared.size() / (double) mentee.availability().size();
    if (!shared.isEmpty()) {
      reasons.add(new Reason("mentoring.reason.availability", List.of(Integer.toString(shared.size()))));
    }

    int menteeOffset = mentee.zone().getRules().getOffset(now).getTotalSeconds();
    int mentorOffset = mentor.zone().getRules().getOffset(now).getTotalSeconds();
    double hours = Math.abs(menteeOffset - mentorOffset) / 3600.0;
    double zone = Math.max(0, 1 - hours / 6);
    reasons.add(hours == 0 ? new Reason("mentoring.reason.sameZone", List.of())
        : new Reason("mentoring.reason.zoneApart", List.of(hoursText(hours))));

    String language = mentee.languages().stream().filter(mentor.languages()::contains).findFirst().orElse(null);
    double lang = language == null ? 0 : 1;
    if (language != null) {
      reasons.add(new Reason("mentoring.reason.language", List.of(language)));
    }

    double weighted = w.coverage() * coverage + w.availability() * availability + w.zone() * zone + w.language() * lang;
    int score = (int) Math.round(Fit.MAX * weighted / w.sum());
    return new Fit(Math.max(0, Math.min(Fit.MAX, score)), reasons);
  }

  private static String hoursText(double hours) {
    return hours == Math.rint(hours) ? Long.toString((long) hours) : String.format(java.util.Locale.ROOT, "%.1f", hours);
  }
}
