package dev.quotient.server.account;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.quotient.api.ClientError;
import dev.quotient.api.CurrentUser;
import dev.quotient.api.Role;
import dev.quotient.server.activity.imports.CsvFile;
import dev.quotient.server.activity.imports.RowError;
import dev.quotient.server.mongo.Database;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.bson.Document;

/**
 * People from a CSV file (admins), checked first and added on confirmation, the way activities are
 * imported: every row is checked against the rules of adding one person (a name, an e-mail not taken
 * here or anywhere, known roles, a team in use, a language the pages speak) and each row's errors are
 * listed; confirming adds the good rows (refused while there are bad ones, unless the admin accepts
 * leaving them out) and gives each new person an invitation link, shown once. A check is kept until it
 * is confirmed, and is confirmed once.
 *
 * <p>Columns are found by their header, in English or Polish, in any order: name, e-mail, roles
 * (separated by spaces, commas, semicolons or bars; none means rep), team (by name), language.
 */
public final class PeopleImport {

  static final String COLLECTION = "people_imports";
  public static final int MAX_ROWS = 2_000;
  /** Errors kept with a check (the count covers them all). */
  static final int MAX_ERRORS = 500;

  /** The headers each field is known by (compared in lower case). */
  static final Map<String, List<String>> HEADERS = Map.of(
      "name", List.of("name", "full name", "imię i nazwisko", "imie i nazwisko"),
      "email", List.of("email", "e-mail", "mail", "email address", "adres e-mail"),
      "roles", List.of("roles", "role", "rola"),
      "team", List.of("team", "zespół", "zespol"),
      "language", List.of("language", "lang", "locale", "język", "jezyk"));

  private final Database database;
  private final AccountStore accounts;
  private final Invitations invitations;
  private final AuditTrail audit;
  private final Clock clock;
  private final MongoCollection<Document> checks;

  public PeopleImport(Database database, AccountStore accounts, Invitations invitations, AuditTrail audit,
      Clock clock) {
    this.database = database;
    this.accounts = accounts;
    this.invitations = invitations;
    this.audit = audit;
    this.clock = clock;
    this.checks = database.collection(COLLECTION);
  }

  /** One person to add, as checked; {@code teamId} and {@code language} may be null. */
  public record Person(long row, String name, String email, List<String> roles, String teamId, String team,
      String language) {}

  /**
   * A check of a file.
   *
   * @param rows data rows in the file
   * @param errors the first {@link #MAX_ERRORS} errors, in row order
   * @param errorCount every error
   * @param badRows rows with at least one error
   * @param confirmedAt null until confirmed
   */
  public record Check(String id, String fileName, long rows, List<Person> good, List<RowError> errors, long errorCount,
      long badRows, Instant checkedAt, Instant confirmedAt) {}

  /** A person a confirmation added, with their invitation link (shown once, kept only as a hash). */
  public record Added(Person person, String userId, String link) {}

  /** What a confirmation did: who was added, and the good rows that could not be (an e-mail taken since). */
  public record Result(Check check, List<Added> added, List<RowError> skipped) {}

  /** Checks a file; nothing is added. 400 for a file that is not CSV or lacks the name or e-mail column. */
  public Future<Check> check(CurrentUser admin, String fileName, byte[] csv) {
    return database.call(() -> {
      Map<String, Team> teamsByName = new java.util.TreeMap<>();
      for (Team t : accounts.teams(admin.orgId())) {
        teamsByName.put(t.name().strip().toLowerCase(Locale.ROOT), t);
      }
      Map<String, Integer> columns = new HashMap<>();
      Map<String, Long> seen = new HashMap<>();
      List<Person> good = new ArrayList<>();
      List<RowError> errors = new ArrayList<>();
      long[] counts = new long[3]; // rows, bad rows, errors
      CsvFile.of(csv).read(MAX_ROWS, row -> {
        counts[0]++;
        List<RowError> wrong = new ArrayList<>();
        Person p = person(row, columns, teamsByName, seen, wrong);
        if (wrong.isEmpty()) {
          good.add(p);
          return;
        }
        counts[1]++;
        counts[2] += wrong.size();
        for (RowError e : wrong) {
          if (errors.size() < MAX_ERRORS) {
            errors.add(e);
          }
        }
      }, header -> columns.putAll(columns(header)));
      if (counts[0] == 0) {
        throw ClientError.badRequest("error.people.empty");
      }
      Check check = new Check(AccountStore.newId(), fileName == null ? "" : fileName.strip(), counts[0], good, errors,
          counts[2], counts[1], clock.instant(), null);
      checks.insertOne(toDocument(admin, check));
      return check;
    });
  }

  /** A check of the caller's organisation; 404 for any other. */
  public Future<Check> get(CurrentUser admin, String id) {
    return database.call(() -> load(admin, id));
  }

  /**
   * Adds the good rows of a check, each with an invitation link. 409 when the check has bad rows and
   * {@code acceptBadRows} is false, or when it was confirmed already.
   */
  public Future<Result> confirm(CurrentUser admin, String id, boolean acceptBadRows, String client) {
    return database.call(() -> {
      Check check = load(admin, id);
      if (check.confirmedAt() != null) {
        throw ClientError.conflict("error.people.confirmed");
      }
      if (check.badRows() > 0 && !acceptBadRows) {
        throw ClientError.conflict("error.people.badRows", check.badRows());
      }
      Instant now = clock.instant();
      // Claimed first: of two confirmations only one adds anyone.
      if (checks.updateOne(Filters.and(Filters.eq("_id", id), Filters.eq("orgId", admin.orgId()),
          Filters.eq("confirmedAt", null)), Updates.set("confirmedAt", Date.from(now))).getModifiedCount() != 1) {
        throw ClientError.conflict("error.people.confirmed");
      }
      LocalDate today = LocalDate.ofInstant(now, admin.zone());
      List<Added> added = new ArrayList<>();
      List<RowError> skipped = new ArrayList<>();
      for (Person p : check.good()) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        p.roles().forEach(r -> roles.add(Role.parse(r)));
        User user;
        try {
          user = accounts.createUser(new User(AccountStore.newId(), admin.orgId(), p.email(), p.name(), roles,
              p.teamId(), p.language() == null ? null : Locale.forLanguageTag(p.language()), null).joined(today));
        } catch (ClientError taken) {
          skipped.add(new RowError(p.row(), "email", "email", "error.people.emailTaken", List.of(p.email())));
          continue;
        }
        audit.recordBlocking(new AuditTrail.Entry(admin.orgId(), now, admin.userId(), "user.created",
            user.email() + " " + String.join(",", p.roles()) + " (import)", client));
        Invitations.Issued link = invitations.issue(user, admin.userId(), now, now.plus(InvitationService.VALIDITY));
        added.add(new Added(p, user.id(), "/welcome/" + link.token()));
      }
      audit.recordBlocking(new AuditTrail.Entry(admin.orgId(), now, admin.userId(), "people.imported",
          check.fileName() + ": " + added.size() + " added, " + check.badRows() + " bad rows left out, "
              + skipped.size() + " taken since", client));
      return new Result(new Check(check.id(), check.fileName(), check.rows(), check.good(), check.errors(),
          check.errorCount(), check.badRows(), check.checkedAt(), now), added, skipped);
    });
  }

  /** Which column holds each field; 400 without a name or an e-mail column. */
  static Map<String, Integer> columns(List<String> header) {
    Map<String, Integer> out = new HashMap<>();
    for (int i = 0; i < header.size(); i++) {
      String h = header.get(i).strip().toLowerCase(Locale.ROOT);
      for (Map.Entry<String, List<String>> f : HEADERS.entrySet()) {
        if (f.getValue().contains(h) && !out.containsKey(f.getKey())) {
          out.put(f.getKey(), i);
        }
      }
    }
    if (!out.containsKey("name") || !out.containsKey("email")) {
      throw ClientError.badRequest("error.people.columns", String.join(", ", header));
    }
    return out;
  }

  private Person person(CsvFile.Row row, Map<String, Integer> columns, Map<String, Team> teamsByName,
      Map<String, Long> seen, List<RowError> wrong) {
    String nameCell = cell(row, columns, "name");
    String emailCell = cell(row, columns, "email");
    String rolesCell = cell(row, columns, "roles");
    String teamCell = cell(row, columns, "team");
    String languageCell = cell(row, columns, "language");
    String name = null;
    try {
      name = AccountService.requireName(nameCell);
    } catch (ClientError e) {
      wrong.add(error(row, "name", e));
    }
    String email = null;
    try {
      email = AccountService.requireEmail(emailCell);
      Long first = seen.putIfAbsent(email, row.number());
      if (first != null) {
        wrong.add(new RowError(row.number(), "email", "email", "error.people.emailTwice",
            List.of(email, String.valueOf(first))));
      } else if (accounts.userByEmail(email).isPresent()) {
        wrong.add(new RowError(row.number(), "email", "email", "error.people.emailTaken", List.of(email)));
      }
    } catch (ClientError e) {
      wrong.add(error(row, "email", e));
    }
    List<String> roles = new ArrayList<>();
    for (String r : rolesCell.split("[\\s,;|/]+")) {
      if (r.isBlank()) {
        continue;
      }
      try {
        String key = Role.parse(r.strip().toLowerCase(Locale.ROOT)).key();
        if (!roles.contains(key)) {
          roles.add(key);
        }
      } catch (IllegalArgumentException e) {
        wrong.add(new RowError(row.number(), "roles", "roles", "error.people.role", List.of(r.strip(),
            String.join(", ", java.util.Arrays.stream(Role.values()).map(Role::key).toList()))));
      }
    }
    if (roles.isEmpty()) {
      roles.add(Role.REP.key());
    }
    Team team = null;
    if (!teamCell.isBlank()) {
      team = teamsByName.get(teamCell.strip().toLowerCase(Locale.ROOT));
      if (team == null) {
        wrong.add(new RowError(row.number(), "team", "team", "error.people.team", List.of(teamCell.strip(),
            String.join(", ", teamsByName.values().stream().map(Team::name).toList()))));
      }
    }
    String language = languageCell.isBlank() ? null : languageCell.strip().toLowerCase(Locale.ROOT);
    if (language != null && !OrganisationSettings.LOCALES.contains(language)) {
      wrong.add(new RowError(row.number(), "language", "language", "error.people.language",
          List.of(languageCell.strip(), String.join(", ", OrganisationSettings.LOCALES))));
    }
    return new Person(row.number(), name, email, roles, team == null ? null : team.id(),
        team == null ? null : team.name(), language);
  }

  private static String cell(CsvFile.Row row, Map<String, Integer> columns, String field) {
    Integer i = columns.get(field);
    return i == null || i >= row.cells().size() ? "" : row.cells().get(i);
  }

  private static RowError error(CsvFile.Row row, String field, ClientError e) {
    List<String> args = new ArrayList<>();
    for (Object a : e.args()) {
      args.add(String.valueOf(a));
    }
    return new RowError(row.number(), field, field, e.messageKey(), args);
  }

  private Check load(CurrentUser admin, String id) {
    Document d = checks.find(Filters.and(Filters.eq("_id", id), Filters.eq("orgId", admin.orgId()))).first();
    if (d == null) {
      throw ClientError.notFound("error.people.unknown");
    }
    List<Person> good = d.getList("good", Document.class, List.of()).stream().map(p -> new Person(
        p.get("row", Number.class).longValue(), p.getString("name"), p.getString("email"),
        p.getList("roles", String.class), p.getString("teamId"), p.getString("team"), p.getString("language"))).toList();
    List<RowError> errors = d.getList("errors", Document.class, List.of()).stream().map(e -> new RowError(
        e.get("row", Number.class).longValue(), e.getString("column"), e.getString("field"), e.getString("key"),
        e.getList("args", String.class))).toList();
    return new Check(d.getString("_id"), d.getString("fileName"), d.get("rows", Number.class).longValue(), good, errors,
        d.get("errorCount", Number.class).longValue(), d.get("badRows", Number.class).longValue(),
        d.getDate("checkedAt").toInstant(), d.getDate("confirmedAt") == null ? null : d.getDate("confirmedAt").toInstant());
  }

  private static Document toDocument(CurrentUser admin, Check check) {
    return new Document("_id", check.id()).append("orgId", admin.orgId()).append("by", admin.userId())
        .append("fileName", check.fileName()).append("rows", check.rows())
        .append("good", check.good().stream().map(p -> new Document("row", p.row()).append("name", p.name())
            .append("email", p.email()).append("roles", p.roles()).append("teamId", p.teamId())
            .append("team", p.team()).append("language", p.language())).toList())
        .append("errors", check.errors().stream().map(e -> new Document("row", e.row()).append("column", e.column())
            .append("field", e.field()).append("key", e.messageKey()).append("args", e.args())).toList())
        .append("errorCount", check.errorCount()).append("badRows", check.badRows())
        .append("checkedAt", Date.from(check.checkedAt())).append("confirmedAt", null);
  }
}
