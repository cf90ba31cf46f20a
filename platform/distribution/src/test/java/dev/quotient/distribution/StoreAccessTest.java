package dev.quotient.distribution;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.quotient.testkit.PlatformProcess;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bson.BsonBinaryWriter;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.codecs.BsonDocumentCodec;
import org.bson.codecs.EncoderContext;
import org.bson.io.BasicOutputBuffer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded store of the assembled server answers only processes of the user the platform runs as:
 * another local account that reads the store's port from the log and asks for the users (with their
 * password hashes) gets an "Unauthorized" answer, while the platform's own user is served the same
 * request.
 */
class StoreAccessTest {

  private static final Pattern STORE = Pattern.compile("embedded MongoDB-protocol server on mongodb:\\\\?/\\\\?/127\\.0\\.0\\.1:(\\d+)");

  @Test
  void anotherLocalUserCannotReadThePasswordHashes(@TempDir Path data) throws Exception {
    Assumptions.assumeTrue(Files.isReadable(Path.of("/proc/net/tcp")), "needs Linux socket tables");
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/runuser"))
        && Files.readAllLines(Path.of("/proc/self/status")).stream()
            .anyMatch(l -> l.startsWith("Uid:") && l.substring(4).trim().split("\\s+")[1].equals("0")),
        "needs root and runuser to connect as another user");
    try (PlatformProcess platform = PlatformProcess.start(data)) {
      Matcher m = STORE.matcher(Files.readString(platform.log()));
      if (!m.find()) {
        fail("the store's address is not in the log: " + platform.logTail());
      }
      // the request in a file the other user may read: a world-readable folder beside the test's own
      Path shared = Files.createTempDirectory(Path.of("/tmp"), "store-access");
      try {
        Path request = shared.resolve("find-users.bin");
        Files.write(request, findUsers());
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(request, PosixFilePermissions.fromString("rw-r--r--"));
        String script = "exec 3<>/dev/tcp/127.0.0.1/" + m.group(1) + "; cat " + request
            + " >&3; timeout 3 cat <&3";
        String own = run(List.of("bash", "-c", script));
        String other = run(List.of("/usr/sbin/runuser", "-u", "nobody", "--", "bash", "-c", script));
        assertTrue(own.contains("passwordHash") && own.contains("admin@acme.example"),
            "the platform's own user reads the users: " + own);
        assertFalse(other.contains("passwordHash") || other.contains("admin@acme.example"),
            "another user read the users: " + other);
        assertTrue(other.contains("Unauthorized") && other.contains("only the platform's own user"), other);
      } finally {
        try (var files = Files.list(shared)) {
          for (Path f : files.toList()) {
            Files.delete(f);
          }
        }
        Files.delete(shared);
      }
      assertTrue(platform.logTail().contains("refused the embedded store"), "the refusal is logged");
    }
  }

  private static String run(List<String> command) throws Exception {
    Process p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    p.getInputStream().transferTo(out);
    assertTrue(p.waitFor(20, TimeUnit.SECONDS));
    return out.toString(StandardCharsets.ISO_8859_1);
  }

  /** An OP_MSG {@code find} on the users collection, as any MongoDB client would send it. */
  private static byte[] findUsers() {
    BsonDocument find = new BsonDocument("find", new BsonString("users")).append("$db", new BsonString("quotient"));
    BasicOutputBuffer bson = new BasicOutputBuffer();
    new BsonDocumentCodec().encode(new BsonBinaryWriter(bson), find, EncoderContext.builder().build());
    byte[] doc = bson.toByteArray();
    ByteBuffer msg = ByteBuffer.allocate(16 + 4 + 1 + doc.length).order(ByteOrder.LITTLE_ENDIAN);
    msg.putInt(msg.capacity()).putInt(1).putInt(0).putInt(2013).putInt(0).put((byte) 0).put(doc);
    return msg.array();
  }
}
