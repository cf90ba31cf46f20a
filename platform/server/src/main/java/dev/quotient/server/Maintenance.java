package dev.quotient.server;

import dev.quotient.server.config.QuotientConfig;
import dev.quotient.server.mongo.EmbeddedMongo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The operator's commands beside starting a node: {@code backup} asks the node running on this
 * machine (the same environment: its port and operator token) for a consistent backup of its embedded
 * store, and {@code restore <backup.zip> <new data dir>} unpacks one for a node to start on.
 */
final class Maintenance {

  private Maintenance() {}

  /** Runs the command named by {@code args[0]}; returns the process's exit code. */
  static int run(String[] args) throws Exception {
    switch (args[0]) {
      case "backup" -> {
        QuotientConfig config = QuotientConfig.fromEnvironment();
        if (config.operatorToken() == null) {
          System.err.println("backup needs QUOTIENT_OPERATOR_TOKEN_FILE, as the running node has it");
          return 2;
        }
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + config.httpPort() + "/api/operator/backups"))
            .timeout(Duration.ofHours(1)).header("Authorization", "Bearer " + config.operatorToken())
            .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        System.out.println(answer.body());
        return answer.statusCode() == 201 ? 0 : 1;
      }
      case "restore" -> {
        if (args.length != 3) {
          System.err.println("usage: restore <backup.zip> <new data directory>");
          return 2;
        }
        EmbeddedMongo.restore(Path.of(args[1]), Path.of(args[2]));
        System.out.println("restored " + args[1] + " into " + args[2] + ": start a node with QUOTIENT_DATA_DIR=" + args[2]);
        return 0;
      }
      default -> {
        System.err.println("unknown command " + args[0] + ": no argument starts a node; backup; restore <backup.zip> <dir>");
        return 2;
      }
    }
  }
}
