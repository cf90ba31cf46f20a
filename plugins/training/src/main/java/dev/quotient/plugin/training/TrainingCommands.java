package dev.quotient.plugin.training;

import dev.quotient.api.ClientError;
import dev.quotient.api.CurrentUser;
import dev.quotient.api.PluginContext;
import dev.quotient.api.Role;
import dev.quotient.api.directory.Directory;
import dev.quotient.api.event.Catalogue;
import dev.quotient.api.event.Commands;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Training's commands for other plugins (development plans): {@code module.assign} through the same
 * path as the assignment API, and {@code training.status} from the same states as the leader's view.
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
  }

  /** Who may assign through the API (leaders, trainers) and admins; 403 for anyone else or a stranger. */
  Future<Commands.ModuleAssigned> assign(Commands.AssignModule command) {
    return actor(command.orgId(), command.actorId()).compose(actor -> {
      if (!actor.has(Role.LEADER) && !actor.has(Role.TRAINER) && !actor.has(Role.ADMIN)) {
        throw ClientError.forbidden("training.error.assign.forbidden");
      }
      return training.assign(actor, command.moduleId(), command.userId(), null, command.dueOn())
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
      return overviews.organisation(query.orgId()).map(org -> {
        List<Commands.PersonTraining> out = new ArrayList<>();
        for (String userId : asked) {
          out.add(person(userId, org));
        }
        return new Commands.TrainingStatus(out);
      });
    });
  }

  private Commands.PersonTraining person(String userId, Overviews.Person org) {
    List<String> completed = org.completions().values().stream().filter(c -> userId.equals(c.getString("userId")))
        .map(c -> c.getString("moduleId")).sorted().toList();
    int open = 0;
    List<String> overdue = new ArrayList<>();
    for (JsonObject a : org.assignments()) {
      if (!userId.equals(a.getString("userId"))) {
        continue;
      }
      JsonObject completion = org.completions().get(TrainingService.key(userId, a.getString("moduleId")));
      switch (overviews.assignmentStatus(a, completion)) {
        case "open" -> open++;
        case "overdue" -> overdue.add(a.getString("moduleId"));
        default -> { }
      }
    }
    int missed = (int) org.reinforcements().stream().filter(r -> userId.equals(r.getString("userId")))
        .filter(r -> "missed".equals(training.reinforcementStatus(r))).count();
    return new Commands.PersonTraining(userId, completed, open, overdue, missed);
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
