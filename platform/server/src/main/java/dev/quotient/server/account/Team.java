package dev.quotient.server.account;

import java.util.List;
import java.util.Objects;
import org.bson.Document;

/** A team of reps inside an organisation; teams compete on leaderboards. Its leaders look after it. */
public record Team(String id, String orgId, String name, List<String> leaderIds) {

  public Team {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(orgId, "orgId");
    Objects.requireNonNull(name, "name");
    leaderIds = List.copyOf(leaderIds);
  }

  public Team(String id, String orgId, String name) {
    this(id, orgId, name, List.of());
  }

  static Team from(Document d) {
    return new Team(d.getString("_id"), d.getString("orgId"), d.getString("name"),
        d.getList("leaderIds", String.class, List.of()));
  }

  Document toDocument() {
    return new Document("_id", id).append("orgId", orgId).append("name", name).append("leaderIds", leaderIds);
  }
}
