package dev.quotient.server.demo;

import dev.quotient.api.CurrentUser;
import dev.quotient.api.Role;
import dev.quotient.server.account.AccountStore;
import dev.quotient.server.account.Organisation;
import dev.quotient.server.account.User;
import dev.quotient.server.activity.ActivityService;
import dev.quotient.server.mongo.Database;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Generated CRM history for the demo organisation, so a first look at KPIs, plans and boards shows a
 * team with a past: each rep has a style (how fast they answer leads, how persistently they follow up,
 * how often they win), and their days follow it. Deterministic for a given start day; recorded through
 * the activity service like a CRM integration, so points and plugins see ordinary activity. Only an
 * organisation with an empty log gets it, so a restart never adds a second history.
 */
public final class DemoHistory {

  private static final Logger LOG = LoggerFactory.getLogger(DemoHistory.class);
  private static final String[] SOURCES = {"web", "web", "web", "referral", "event", "partner", "outbound"};
  private static final int BATCH = 100;

  /** How a rep works: median minutes to answer a lead, follow-ups after a meeting, chance to win. */
  record Style(double responseMinutes, int followUps, double winChance, int calls) {}

  private DemoHistory() {}

  /** The demo organisation's admin (who records the history, as an integration would) and its reps. */
  private record Team(CurrentUser caller, List<User> reps) {}

  /** Fills the demo organisation's empty log with {@code days} days ending now; completes with the count. */
  public static Future<Integer> ensure(
      Database database, AccountStore accounts, ActivityService activities, int days, Instant now) {
    if (days <= 0) {
      return Future.succeededFuture(0);
    }
    String name = DemoData.read().getString("name");
    return database.call(() -> {
      Organisation org = accounts.organisationByName(name).orElse(null);
      if (org == null || activities.store().any(org.id())) {
        return null;
      }
      List<User> users = accounts.users(org.id());
      User admin = users.stream().filter(u -> u.roles().contains(Role.ADMIN)).findFirst().orElseThrow();
      return new Team(new CurrentUser(admin.id(), org.id(), admin.email(), admin.name(), admin.roles(),
          org.locale(), org.zone()), users.stream().filter(u -> u.roles().contains(Role.REP))
          .sorted(Comparator.comparing(User::email)).toList());
    }).compose(team -> {
      if (team == null) {
        return Future.succeededFuture(0);
      }
      List<JsonObject> items = generate(team.reps(), team.caller().zone(), days, now);
      Future<Void> chain = Future.succeededFuture();
      for (int from = 0; from < items.size(); from += BATCH) {
        List<JsonObject> batch = items.subList(from, Math.min(items.size(), from + BATCH));
        chain = chain.compose(v -> activities.record(team.caller(), batch, false).mapEmpty());
      }
      return chain.map(v -> {
        LOG.info("demo history: {} activities over {} days for {} reps", items.size(), days, team.reps().size());
        return items.size();
      });
    });
  }

  /** The history of {@code reps} over the {@code days} days before {@code now}, oldest first. */
  static List<JsonObject> generate(List<User> reps, ZoneId zone, int days, Instant now) {
    List<JsonObject> out = new ArrayList<>();
    LocalDate today = now.atZone(zone).toLocalDate();
    for (int r = 0; r < reps.size(); r++) {
      User rep = reps.get(r);
      Random random = new Random(31L * (r + 1) + today.toEpochDay());
      // Styles spread the team: the first reps answer fast and follow up, the last ones less so.
      double spread = reps.size() == 1 ? 0 : (double) r / (reps.size() - 1);
      Style style = new Style(2 + 40 * spread * spread, (int) Math.round(7 - 5 * spread), 0.45 - 0.25 * spread,
          12 - (int) Math.round(5 * spread));
      int lead = 0;
      for (int d = days; d >= 1; d--) {
        LocalDate day = today.minusDays(d);
        if (day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY) {
          continue;
        }
        Instant open = day.atTime(8, 30).atZone(zone).toInstant();
        String prefix = "demo-" + rep.id() + "-" + day + "-";
        int n = 0;
        for (int c = 0; c < style.calls() + random.nextInt(4); c++) {
          add(out, now, item(prefix + n++, rep, "call", minutesAfter(open, random.nextInt(500)))
              .put("minutes", 3 + random.nextInt(12)));
        }
        for (int e = 0; e < 4 + random.nextInt(5); e++) {
          add(out, now, item(prefix + n++, rep, "email", minutesAfter(open, random.nextInt(500)))
              .put("minutes", 2 + random.nextInt(5)));
        }
        for (int l = 0; l < 1 + random.nextInt(3); l++) {
          String leadId = "L-" + rep.id().substring(0, 6) + "-" + lead++;
          String source = SOURCES[random.nextInt(SOURCES.length)];
          Instant received = minutesAfter(open, random.nextInt(480));
          double wait = style.responseMinutes() * Math.exp(random.nextGaussian() * 0.8);
          Instant responded = received.plusSeconds(Math.max(30, Math.round(wait * 60)));
          add(out, now, item(prefix + n++, rep, "lead-received", received).put("leadId", leadId)
              .put("leadSource", source));
          add(out, now, item(prefix + n++, rep, "lead-responded", responded).put("leadId", leadId)
              .put("leadSource", source).put("leadReceivedAt", received.toString()).put("minutes", 5));
          if (random.nextDouble() < 0.3) {
            meetingAndDeal(out, now, random, style, rep, prefix + "lead" + l + "-", leadId, source, responded);
          }
        }
      }
    }
    out.sort(Comparator.comparing(j -> j.getString("occurredAt")));
    return out;
  }

  /** A meeting a few days after the answer, the rep's follow-ups, then a deal won or lost. */
  private static void meetingAndDeal(List<JsonObject> out, Instant now, Random random, Style style, User rep,
      String prefix, String leadId, String source, Instant responded) {
    Instant meeting = responded.plusSeconds(86_400L * (1 + random.nextInt(4)));
    add(out, now, item(prefix + "meeting", rep, "meeting", meeting).put("leadId", leadId).put("minutes", 60));
    String opportunity = "O-" + leadId.substring(2);
    add(out, now, item(prefix + "opened", rep, "opportunity-opened", meeting.plusSeconds(3_600))
        .put("opportunityId", opportunity).put("leadId", leadId).put("leadSource", source));
    int followUps = Math.max(0, style.followUps() + random.nextInt(3) - 1);
    Instant at = meeting;
    for (int f = 0; f < followUps; f++) {
      at = at.plusSeconds(86_400L * (1 + random.nextInt(2)));
      add(out, now, item(prefix + "follow-up-" + f, rep, "follow-up", at).put("leadId", leadId)
          .put("opportunityId", opportunity).put("minutes", 5 + random.nextInt(6)));
    }
    // Persistence pays: each follow-up beyond the first adds to the rep's chance (tip 10).
    double chance = style.winChance() + 0.04 * Math.max(0, followUps - 1) + ("referral".equals(source) ? 0.15 : 0);
    boolean won = random.nextDouble() < chance;
    double value = 1_000 * (2 + random.nextInt(28));
    JsonObject close = item(prefix + "closed", rep, won ? "won" : "lost", at.plusSeconds(86_400L * (1 + random.nextInt(4))))
        .put("opportunityId", opportunity).put("leadSource", source).put("value", value);
    if (won) {
      close.put("customerId", "C-" + leadId.substring(2));
    }
    add(out, now, close);
  }

  private static JsonObject item(String id, User rep, String kind, Instant at) {
    return new JsonObject().put("id", id).put("userId", rep.id()).put("kind", kind).put("occurredAt", at.toString());
  }

  /** Only what has happened by now: the log refuses the future. */
  private static void add(List<JsonObject> out, Instant now, JsonObject item) {
    if (Instant.parse(item.getString("occurredAt")).isBefore(now)
        && (item.getString("leadReceivedAt") == null || Instant.parse(item.getString("leadReceivedAt")).isBefore(now))) {
      out.add(item);
    }
  }

  private static Instant minutesAfter(Instant start, int minutes) {
    return start.plusSeconds(60L * minutes);
  }
}
