package dev.quotient.server.account;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import dev.quotient.server.mongo.Database;
import dev.quotient.server.mongo.EmbeddedMongo;
import dev.quotient.server.mongo.Migrations;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An organisation's people and teams are read from the store once for everyone asking at the same
 * time: when the kept lists expired under load, each waiting request read all 500 people again.
 */
class KeptListsTest {

  @TempDir
  Path data;

  @Test
  void requestsArrivingTogetherShareOneReadOfThePeopleAndOneOfTheTeams() throws Exception {
    Vertx vertx = Vertx.vertx();
    AtomicInteger userReads = new AtomicInteger();
    AtomicInteger teamReads = new AtomicInteger();
    CommandListener reads = new CommandListener() {
      @Override
      public void commandStarted(CommandStartedEvent event) {
        if ("find".equals(event.getCommandName())) {
          String collection = event.getCommand().getString("find").getValue();
          (collection.equals("users") ? userReads : collection.equals("teams") ? teamReads : new AtomicInteger())
              .incrementAndGet();
        }
      }
    };
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try (EmbeddedMongo mongo = EmbeddedMongo.start(data)) {
      Database database = new Database(vertx, mongo.connectionString(), "kept_lists_test", reads);
      try {
        Migrations.run(database.db());
        List<Document> people = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
          people.add(new Document("_id", "u" + i).append("orgId", "o1").append("email", "rep" + i + "@example.com")
              .append("name", String.format("Rep %03d", i)).append("roles", List.of("rep")).append("teamId", "t1"));
        }
        database.collection("users").insertMany(people);
        database.collection("teams").insertOne(new Document("_id", "t1").append("orgId", "o1").append("name", "One"));
        AccountStore store = new AccountStore(database);
        assertEquals(500, store.users("o1").size());
        assertEquals(1, store.teams("o1").size());

        for (int round = 0; round < 3; round++) {
          // what this node kept of the organisation goes (as when another node changed it)
          store.forget("o1");
          int usersBefore = userReads.get();
          int teamsBefore = teamReads.get();
          CountDownLatch go = new CountDownLatch(1);
          List<Future<Integer>> asked = new ArrayList<>();
          for (int t = 0; t < 16; t++) {
            asked.add(pool.submit(() -> {
              go.await();
              return store.users("o1").size() + store.teams("o1").size();
            }));
          }
          go.countDown();
          for (Future<Integer> f : asked) {
            assertEquals(501, f.get());
          }
          assertEquals(1, userReads.get() - usersBefore, "one read of the people for 16 requests");
          assertEquals(1, teamReads.get() - teamsBefore, "one read of the teams for 16 requests");
        }

        // a change through the store is read by the next request, not the list kept before it
        store.setRoles("o1", "u7", java.util.Set.of(dev.quotient.api.Role.REP, dev.quotient.api.Role.MENTOR));
        assertEquals(java.util.Set.of(dev.quotient.api.Role.REP, dev.quotient.api.Role.MENTOR),
            store.users("o1").stream().filter(u -> u.id().equals("u7")).findFirst().orElseThrow().roles());
      } finally {
        database.close();
      }
    } finally {
      pool.shutdownNow();
      vertx.close();
    }
  }
}
