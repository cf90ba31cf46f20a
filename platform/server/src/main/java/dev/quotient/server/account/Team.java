package dev.quotient.server.account;

import java.util.Objects;
import org.bson.Document;

/** A team of reps inside an organisation; teams compete on leaderboards. */
public record Team(String id, String orgId, String name) {

  public Team {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(orgId, "orgId");
    Objects.requireNonNull(name, "name");
  }

  static Team from(Document d) {
    return new Team(d.getString("_id"), d.getString("orgId"), d.getString("name"));
  }

  Document toDocument() {
    return new Document("_id", id).append("orgId", orgId).append("name", name);
  }
}
