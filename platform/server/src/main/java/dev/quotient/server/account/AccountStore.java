package dev.quotient.server.account;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.quotient.api.ClientError;
import dev.quotient.api.Role;
import dev.quotient.server.mongo.Database;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;

/**
 * Organisations, teams and users in MongoDB. Blocking: call from a worker ({@link Database#call}).
 * Every query that takes an organisation id is limited to it.
 */
public final class AccountStore {

  private final MongoCollection<Document> orgs;
  private final MongoCollection<Document> settings;
  private final MongoCollection<Document> teams;
  private final MongoCollection<Document> users;

  /**
   * An organisation, its users and its teams are read by every leader's page and change rarely: they are kept
   * for this long. A write through this store drops them at once; a write on another cluster node shows
   * within this time (as the {@code UserDirectory}'s members do).
   */
  static final long KEPT_NANOS = java.time.Duration.ofSeconds(10).toNanos();

  /** A list read when its query started at {@code at} (nanoTime). */
  private record Kept<T>(long at, List<T> items) {}

  private final Map<String, Kept<User>> usersByOrg = new ConcurrentHashMap<>();
  private final Map<String, Kept<Team>> teamsByOrg = new ConcurrentHashMap<>();
  private final Map<String, Kept<Organisation>> orgById = new ConcurrentHashMap<>();
  /** When a write through this store last finished, per organisation and for all. */
  private final Map<String, Long> changedAt = new ConcurrentHashMap<>();
  private volatile long allChangedAt = System.nanoTime();

  public AccountStore(Database database) {
    this.orgs = database.collection("orgs");
    this.settings = database.collection("settings");
    this.teams = database.collection("teams");
    this.users = database.collection("users");
  }

  public static String newId() {
    return new ObjectId().toHexString();
  }

  public Organisation createOrganisation(Organisation org) {
    orgs.insertOne(org.toDocument());
    return changed(org.id(), org);
  }

  public Optional<Organisation> organisation(String id) {
    Kept<Organisation> kept = orgById.get(id);
    if (!fresh(id, kept)) {
      long at = System.nanoTime();
      kept = new Kept<>(at, Optional.ofNullable(orgs.find(Filters.eq("_id", id)).first()).map(Organisation::from)
          .map(List::of).orElse(List.of()));
      orgById.put(id, kept);
    }
    return kept.items().stream().findFirst();
  }

  /** Replaces the organisation's settings (same id). */
  public Organisation updateOrganisation(Organisation org) {
    orgs.replaceOne(Filters.eq("_id", org.id()), org.toDocument());
    orgById.remove(org.id());
    return changed(org.id(), org);
  }

  /** Drops what is kept of the organisation (another node changed it). */
  public void forget(String orgId) {
    orgById.remove(orgId);
    changed(orgId, null);
  }

  /** Every organisation, by name (the operator's list). */
  public List<Organisation> organisations() {
    return orgs.find().sort(Sorts.ascending("name")).map(Organisation::from).into(new ArrayList<>());
  }

  /** Removes an organisation that has nothing yet (its creation could not be completed). */
  public void deleteOrganisation(String orgId) {
    orgs.deleteOne(Filters.eq("_id", orgId));
    orgById.remove(orgId);
    changed(orgId, null);
  }

  /** Marks the organisation as the demo's: only it can be removed with all its data. */
  public void markDemo(String orgId) {
    orgs.updateOne(Filters.eq("_id", orgId), Updates.set("demo", true));
  }

  /** True once an admin removed the demo organisation (see {@link OrganisationRemoval}). */
  public boolean demoRemoved() {
    return settings.find(Filters.eq("_id", OrganisationRemoval.DEMO_REMOVED)).first() != null;
  }

  public boolean isDemo(String orgId) {
    Document d = orgs.find(Filters.eq("_id", orgId)).first();
    return d != null && Boolean.TRUE.equals(d.getBoolean("demo"));
  }

  /** True once any organisation exists (one document read, no scan). */
  public boolean anyOrganisation() {
    return orgs.find().limit(1).first() != null;
  }

  public Optional<Organisation> organisationByName(String name) {
    return Optional.ofNullable(orgs.find(Filters.eq("name", name)).first()).map(Organisation::from);
  }

  /** Throws a 409 {@link ClientError} when the organisation has a team of that name. */
  public Team createTeam(String orgId, String name) {
    Team team = new Team(newId(), orgId, name);
    try {
      teams.insertOne(team.toDocument());
    } catch (MongoWriteException e) {
      throw duplicateOr(e, "error.team.exists", name);
    }
    return changed(orgId, team);
  }

  public List<Team> teams(String orgId) {
    return new ArrayList<>(load(orgId, teamsByOrg, () -> teams.find(Filters.and(Filters.eq("orgId", orgId),
        Filters.eq("retiredAt", null))).sort(Sorts.ascending("name")).map(Team::from).into(new ArrayList<>())));
  }

  /**
   * The kept list when fresh, else read once for everyone asking at the same time: when a 500-person
   * organisation's lists expired under load, each of 64 waiting requests read all its people again, and
   * the slowest hundredth of pages waited for that. A reader that arrives after a change still reads anew.
   */
  private <T> List<T> load(String orgId, Map<String, Kept<T>> byOrg, java.util.function.Supplier<List<T>> read) {
    Kept<T> kept = byOrg.get(orgId);
    if (fresh(orgId, kept)) {
      return kept.items();
    }
    synchronized (loading.computeIfAbsent(orgId, k -> new Object())) {
      kept = byOrg.get(orgId);
      if (!fresh(orgId, kept)) {
        long at = System.nanoTime();
        kept = new Kept<>(at, List.copyOf(read.get()));
        byOrg.put(orgId, kept);
      }
      return kept.items();
    }
  }

  /** One lock per organisation for {@link #load}. */
  private final Map<String, Object> loading = new ConcurrentHashMap<>();

  /** A team still in use (not retired). */
  public Optional<Team> team(String orgId, String teamId) {
    return Optional.ofNullable(teams.find(Filters.and(Filters.eq("orgId", orgId), Filters.eq("_id", teamId))).first())
        .filter(d -> d.get("retiredAt") == null).map(Team::from);
  }

  /** Renames a team in use; false when there is none; 409 when the organisation has a team of that name. */
  public boolean renameTeam(String orgId, String teamId, String name) {
    try {
      return changed(orgId, teams.updateOne(Filters.and(Filters.eq("orgId", orgId), Filters.eq("_id", teamId),
          Filters.eq("retiredAt", null)), Updates.set("name", name)).getMatchedCount() == 1);
    } catch (MongoWriteException e) {
      throw duplicateOr(e, "error.team.exists", name);
    }
  }

  /** Retires a team in use: it takes no members and leaves every list; false when there is none. */
  public boolean retireTeam(String orgId, String teamId, java.time.Instant at) {
    return changed(orgId, teams.updateOne(Filters.and(Filters.eq("orgId", orgId), Filters.eq("_id", teamId),
        Filters.eq("retiredAt", null)), Updates.set("retiredAt", java.util.Date.from(at))).getMatchedCount() == 1);
  }

  /** Gives a team in use its leaders; false when there is none. */
  public boolean setLeaders(String orgId, String teamId, List<String> leaderIds) {
    return changed(orgId, teams.updateOne(Filters.and(Filters.eq("orgId", orgId), Filters.eq("_id", teamId),
        Filters.eq("retiredAt", null)), Updates.set("leaderIds", leaderIds)).getMatchedCount() == 1);
  }

  /**
   * Stores a move the caller checked: the user's team and the history ending with it. False when the
   * user's team changed meanwhile (another move) or there is no such user.
   */
  public boolean moveUser(User before, User after) {
    Bson update = Updates.combine(Updates.set("teamId", after.teamId()),
        Updates.set("teams", after.toDocument().get("teams")));
    return changed(before.orgId(), users.updateOne(Filters.and(inOrg(before.orgId(), before.id()),
        Filters.eq("teamId", before.teamId())), update).getMatchedCount() == 1);
  }

  /** Throws a 409 {@link ClientError} when the e-mail is taken (in any organisation). */
  public User createUser(User user) {
    try {
      users.insertOne(user.toDocument());
    } catch (MongoWriteException e) {
      throw duplicateOr(e, "error.user.exists", user.email());
    }
    return changed(user.orgId(), user);
  }

  public Optional<User> userByEmail(String email) {
    return Optional.ofNullable(users.find(Filters.eq("email", normaliseEmail(email))).first()).map(User::from);
  }

  public Optional<User> user(String id) {
    return Optional.ofNullable(users.find(Filters.eq("_id", id)).first()).map(User::from);
  }

  /** The user, only when they belong to the organisation. */
  public Optional<User> user(String orgId, String id) {
    return Optional.ofNullable(users.find(inOrg(orgId, id)).first()).map(User::from);
  }

  public List<User> users(String orgId) {
    return new ArrayList<>(load(orgId, usersByOrg, () -> users.find(Filters.eq("orgId", orgId))
        .sort(Sorts.ascending("name")).map(User::from).into(new ArrayList<>())));
  }

  /**
   * What {@link #users}, {@link #teams} and {@link #organisation} would answer from memory, when it is
   * fresh (empty otherwise): callers on an event loop use it and go to the store only when it is not.
   */
  public Optional<List<User>> keptUsers(String orgId) {
    return kept(orgId, usersByOrg.get(orgId));
  }

  public Optional<List<Team>> keptTeams(String orgId) {
    return kept(orgId, teamsByOrg.get(orgId));
  }

  public Optional<List<Organisation>> keptOrganisation(String id) {
    return kept(id, orgById.get(id));
  }

  private <T> Optional<List<T>> kept(String orgId, Kept<T> kept) {
    return fresh(orgId, kept) ? Optional.of(kept.items()) : Optional.empty();
  }

  /** Kept lists are read after the last write through this store began, and within {@link #KEPT_NANOS}. */
  private boolean fresh(String orgId, Kept<?> kept) {
    return kept != null && System.nanoTime() - kept.at() < KEPT_NANOS && kept.at() > allChangedAt
        && kept.at() > changedAt.getOrDefault(orgId, Long.MIN_VALUE);
  }

  private <T> T changed(String orgId, T result) {
    changedAt.put(orgId, System.nanoTime());
    return result;
  }

  /** Which of these user ids belong to the organisation (one query). */
  public Set<String> members(String orgId, java.util.Collection<String> ids) {
    return users.find(Filters.and(Filters.eq("orgId", orgId), Filters.in("_id", ids)))
        .projection(new Document("_id", 1)).map(d -> d.getString("_id")).into(new java.util.HashSet<>());
  }

  public boolean setRoles(String orgId, String userId, Set<Role> roles) {
    Bson update = Updates.set("roles", roles.stream().map(Role::key).sorted().toList());
    return changed(orgId, users.updateOne(inOrg(orgId, userId), update).getMatchedCount() == 1);
  }

  /** Changes a user's e-mail; false when there is no such user; 409 when another user has it. */
  public boolean setEmail(String orgId, String userId, String email) {
    try {
      return changed(orgId, users.updateOne(inOrg(orgId, userId), Updates.set("email", email)).getMatchedCount() == 1);
    } catch (MongoWriteException e) {
      throw duplicateOr(e, "error.user.exists", email);
    }
  }

  /** Records that the person left (or, with null, came back); false when there is no such user. */
  public boolean setDeparture(String orgId, String userId, User.Departure departure) {
    Bson update = Updates.set("departure", departure == null ? null
        : new Document("on", departure.on().toString()).append("reason", departure.reason()));
    return changed(orgId, users.updateOne(inOrg(orgId, userId), update).getMatchedCount() == 1);
  }

  /** Stores a new password hash for a user of the organisation; false when there is no such user. */
  public boolean setPasswordHash(String orgId, String userId, String hash) {
    return changed(orgId,
        users.updateOne(inOrg(orgId, userId), Updates.set("passwordHash", hash)).getMatchedCount() == 1);
  }

  public boolean setLocale(String userId, Locale locale) {
    boolean found = users.updateOne(Filters.eq("_id", userId), Updates.set("locale", locale.toLanguageTag()))
        .getMatchedCount() == 1;
    allChangedAt = System.nanoTime();
    return found;
  }

  public static String normaliseEmail(String email) {
    return email.trim().toLowerCase(Locale.ROOT);
  }

  private static Bson inOrg(String orgId, String id) {
    return Filters.and(Filters.eq("orgId", orgId), Filters.eq("_id", id));
  }

  private static RuntimeException duplicateOr(MongoWriteException e, String key, String value) {
    if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
      return ClientError.conflict(key, value);
    }
    return e;
  }
}
