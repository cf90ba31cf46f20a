package dev.quotient.plugin.training;

import dev.quotient.api.ClientError;
import dev.quotient.api.CurrentUser;
import dev.quotient.api.PluginContext;
import dev.quotient.api.Role;
import dev.quotient.api.directory.Directory;
import dev.quotient.api.event.Catalogue;
import dev.quotient.api.event.Commands;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.text.Collator;
import java.util.Comparator;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Training's commands for other plugins (development plans): {@code module.assign} through the same
 * path as the assignment API, {@code training.status} from the same states as the leader's view, and
 * {@code modules.find} from the modules a rep is listed.
 * Refusals are {@link ClientError}s, so the sender gets the status and the message key.
 */
final class TrainingCommands {

  private final TrainingService training;
  private final Overviews overviews;
  private final Directory directory;

  TrainingCommands(PluginContext context, TrainingService training, Overviews overviews) {
    this.training = training;
    this.overviews = overviews;
    this.directory = context.directory();
  }

  void register(PluginContext context) {
    context.events().handle(Catalogue.ASSIGN_MODULE, this::assign);
    context.events().handle(Catalogue.TRAINING_STATUS, this::status);
    context.events().handle(Catalogue.FIND_MODULES, this::find);
  }

  /**
   * The modules a rep of the organisation may open (the rep's listing, so none written for leaders)
   * that train any of the skills asked: most skills covered first, then by title in the organisation's
   * language. An unknown organisation or no skills gives none.
   */
  Future<Commands.ModulesFound> find(Commands.FindModules query) {
    Set<String> asked = new LinkedHashSet<>(query.skills());
    return directory.organisation(query.orgId()).compose(org -> {
      if (org == null || asked.isEmpty()) {
        return Future.succeededFuture(new Commands.ModulesFound(List.of()));
      }
      CurrentUser rep = new CurrentUser(query.viewerId(), query.orgId(), "", "", Set.of(Role.REP), org.locale(), org.zone());
      return training.modules(rep).map(modules -> {
        List<Commands.ModuleRef> found = new ArrayList<>();
        for (JsonObject m : modules) {
          List<String> skills = m.getJsonArray("skills", new JsonArray()).stream()
              .map(s -> s instanceof JsonObject o ? o.getString("skill") : String.valueOf(s)).distinct().toList();
          if (skills.stream().anyMatch(asked::contains)) {
            java.util.Map<String, String> titles = new java.util.TreeMap<>();
            m.getJsonObject("title", new JsonObject()).forEach(t -> {
              if (t.getValue() instanceof String text) {
                titles.put(t.getKey(), text);
              }
            });
            found.add(new Commands.ModuleRef(m.getString("_id"), Json.text(m.getJsonObject("title"), org.locale()), skills,
                m.getInteger("minutes", 0), titles));
          }
        }
        Collator collator = Collator.getInstance(org.locale());
        found.sort(Comparator.comparingLong((Commands.ModuleRef r) -> -r.skills().stream().filter(asked::contains).count())
            .thenComparing(Commands.ModuleRef::title, collator));
        return new Commands.ModulesFound(found);
      });
    });
  }

  /**
   * Who may assign through the API (leaders, trainers) and admins; 403 for anyone else or a stranger. A
   * person who already has the module due sooner keeps that date (the reply says which).
   */
  Future<Commands.ModuleAssigned> assign(Commands.AssignModule command) {
    return actor(command.orgId(), command.actorId()).compose(actor -> {
      if (!actor.has(Role.LEADER) && !actor.has(Role.TRAINER) && !actor.has(Role.ADMIN)) {
        throw ClientError.forbidden("training.error.assign.forbidden");
      }
      return training.assign(actor, command.moduleId(), command.userId(), null, command.dueOn(), true)
          .compose(assigned -> training.module(actor, command.moduleId()).map(module -> new Commands.ModuleAssigned(
              command.orgId(), command.userId(), command.moduleId(),
              Json.text(module.getJsonObject("title"), actor.locale()), assigned.get(0).getString("due"))));
    });
  }

  /** The people asked for who belong to the organisation, in the order asked; others are left out. */
  Future<Commands.TrainingStatus> status(Commands.TrainingStatusQuery query) {
    return directory.people(query.orgId()).compose(people -> {
      Set<String> members = people.stream().map(Directory.Person::id).collect(Collectors.toSet());
      Set<String> asked = new LinkedHashSet<>(query.userIds());
      asked.retainAll(members);
      if (asked.isEmpty()) {
        return Future.succeededFuture(new Commands.TrainingStatus(List.of()));
      }
      return Future.all(overviews.organisation(query.orgId()), training.modules(query.orgId())).map(read -> {
        Overviews.Person org = read.resultAt(0);
        java.util.Map<String, JsonObject> modules = new java.util.HashMap<>();
        List<JsonObject> all = read.resultAt(1);
        all.forEach(m -> modules.put(m.getString("_id"), m));
        java.util.Map<String, JsonObject> locked = org.lockedOut(modules);
        // each kind of record grouped by person once: a dashboard of hundreds asks for everyone at once
        java.util.Map<String, List<JsonObject>> completions = byUser(org.completions().values());
        java.util.Map<String, List<JsonObject>> assignments = byUser(org.assignments());
        java.util.Map<String, List<JsonObject>> reinforcements = byUser(org.reinforcements());
        java.util.Map<String, List<JsonObject>> lockedOut = byUser(locked.values());
        List<Commands.PersonTraining> out = new ArrayList<>();
        for (String userId : asked) {
          out.add(person(userId, org, locked, completions.getOrDefault(userId, List.of()),
              assignments.getOrDefault(userId, List.of()), reinforcements.getOrDefault(userId, List.of()),
              lockedOut.getOrDefault(userId, List.of())));
        }
        return new Commands.TrainingStatus(out);
      });
    });
  }

  private static java.util.Map<String, List<JsonObject>> byUser(java.util.Collection<JsonObject> records) {
    java.util.Map<String, List<JsonObject>> out = new java.util.HashMap<>();
    for (JsonObject r : records) {
      out.computeIfAbsent(r.getString("userId"), k -> new ArrayList<>()).add(r);
    }
    return out;
  }

  private Commands.PersonTraining person(String userId, Overviews.Person org, java.util.Map<String, JsonObject> locked,
      List<JsonObject> completions, List<JsonObject> assignments, List<JsonObject> reinforcements,
      List<JsonObject> lockedOutModules) {
    List<String> completed = completions.stream().map(c -> c.getString("moduleId")).sorted().toList();
    int open = 0;
    List<String> overdue = new ArrayList<>();
    for (JsonObject a : assignments) {
      JsonObject completion = org.completions().get(TrainingService.key(userId, a.getString("moduleId")));
      switch (overviews.assignmentStatus(a, completion,
          locked.containsKey(TrainingService.key(userId, a.getString("moduleId"))))) {
        case "open" -> open++;
        case "overdue" -> overdue.add(a.getString("moduleId"));
        default -> { }
      }
    }
    int missed = (int) reinforcements.stream().filter(r -> "missed".equals(training.reinforcementStatus(r))).count();
    List<String> lockedOut = lockedOutModules.stream().map(l -> l.getString("moduleId")).sorted().toList();
    return new Commands.PersonTraining(userId, completed, open, overdue, missed, lockedOut);
  }

  /**
   * The sender's actor as a caller of the organisation (its zone and language; no e-mail, which no
   * training rule reads). 403 when the actor is not a member.
   */
  private Future<CurrentUser> actor(String orgId, String actorId) {
    return Future.all(directory.organisation(orgId), directory.people(orgId)).map(all -> {
      Directory.Organisation org = all.resultAt(0);
      List<Directory.Person> people = all.resultAt(1);
      Directory.Person person = org == null ? null
          : people.stream().filter(p -> p.id().equals(actorId)).findFirst().orElse(null);
      if (person == null) {
        throw ClientError.forbidden("training.error.assign.forbidden");
      }
      return new CurrentUser(person.id(), orgId, "", person.name(), person.roles(), org.locale(), org.zone());
    });
  }
}
