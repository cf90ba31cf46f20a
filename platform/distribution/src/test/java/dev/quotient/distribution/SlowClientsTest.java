package dev.quotient.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quotient.testkit.TestPlatform;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slow clients cannot hold the server: idle connections, a request head sent a byte at a time and a
 * body sent a byte at a time are each closed once their time is up (short here: 2 s), connections past
 * the limit are closed as they come, and the server keeps answering everyone else.
 */
class SlowClientsTest {

  @TempDir
  Path data;
  @TempDir
  Path noPlugins;

  @Test
  void idleSlowHeadAndSlowBodyConnectionsAreClosedAndOthersAreServed() throws Exception {
    try (TestPlatform platform = TestPlatform.start(data, noPlugins, Map.of("QUOTIENT_HTTP_IDLE_SECONDS", "2",
        "QUOTIENT_HTTP_HEADER_SECONDS", "2", "QUOTIENT_HTTP_BODY_SECONDS", "2", "QUOTIENT_HTTP_MAX_CONNECTIONS", "40"))) {
      List<Socket> idle = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        idle.add(new Socket("127.0.0.1", platform.port()));
      }
      List<Socket> slowHead = new ArrayList<>();
      List<Socket> slowBody = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        slowHead.add(new Socket("127.0.0.1", platform.port()));
        Socket body = new Socket("127.0.0.1", platform.port());
        body.getOutputStream().write(("POST /signin HTTP/1.1\r\nHost: localhost\r\nContent-Type: "
            + "application/x-www-form-urlencoded\r\nContent-Length: 200\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        slowBody.add(body);
      }
      String head = "GET /health HTTP/1.1\r\nHost: localhost\r\nX-Padding: " + "a".repeat(200) + "\r\n\r\n";
      // A byte every 200 ms for 5 s: each is progress, none completes the head or the body in time.
      long until = System.nanoTime() + 5_000_000_000L;
      int at = 0;
      while (System.nanoTime() < until) {
        for (Socket s : slowHead) {
          trySend(s, head.charAt(at % head.length()));
        }
        for (Socket s : slowBody) {
          trySend(s, 'a');
        }
        at++;
        Thread.sleep(200);
        assertEquals(200, platform.get("/health", null).statusCode(), "the server answers others meanwhile");
      }
      for (Socket s : idle) {
        assertTrue(closed(s), "an idle connection is closed");
      }
      for (Socket s : slowHead) {
        assertTrue(closed(s), "a head a byte at a time is closed");
      }
      for (Socket s : slowBody) {
        assertTrue(closed(s), "a body a byte at a time is closed");
      }

      // Past the limit, connections are closed as they come.
      List<Socket> many = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        many.add(new Socket("127.0.0.1", platform.port()));
      }
      Thread.sleep(500);
      long shut = many.stream().filter(SlowClientsTest::closedNow).count();
      assertTrue(shut >= 10, "at most 40 at once: " + shut + " of 50 closed at once");
      for (Socket s : many) {
        s.close();
      }
      assertEquals(200, platform.get("/health", null).statusCode());
    }
  }

  @Test
  void aKeptAliveConnectionOutlivesTheHeadTimeout() throws Exception {
    try (TestPlatform platform = TestPlatform.start(data, noPlugins, Map.of("QUOTIENT_HTTP_HEADER_SECONDS", "1",
        "QUOTIENT_HTTP_IDLE_SECONDS", "30"))) {
      try (Socket s = new Socket("127.0.0.1", platform.port())) {
        s.setSoTimeout(5_000);
        for (int i = 0; i < 3; i++) {
          s.getOutputStream().write("GET /health/live HTTP/1.1\r\nHost: localhost\r\n\r\n"
              .getBytes(StandardCharsets.US_ASCII));
          String answer = readResponse(s.getInputStream());
          assertTrue(answer.startsWith("HTTP/1.1 200"), "request " + i + ": " + answer);
          Thread.sleep(1_500);
        }
      }
    }
  }

  /** One response with a Content-Length body. */
  private static String readResponse(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int c = in.read();
      if (c < 0) {
        return head.toString();
      }
      head.append((char) c);
    }
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
    int length = m.find() ? Integer.parseInt(m.group(1)) : 0;
    in.readNBytes(length);
    return head.toString();
  }

  private static void trySend(Socket s, char c) {
    try {
      OutputStream out = s.getOutputStream();
      out.write(c);
      out.flush();
    } catch (IOException closedAlready) {
      // what the server is meant to do
    }
  }

  /** True when the server closed the connection (end of stream or reset) within a second. */
  private static boolean closed(Socket s) {
    try {
      s.setSoTimeout(1_000);
      InputStream in = s.getInputStream();
      byte[] buffer = new byte[4096];
      while (true) {
        int n = in.read(buffer);
        if (n < 0) {
          return true;
        }
      }
    } catch (SocketTimeoutException stillOpen) {
      return false;
    } catch (IOException reset) {
      return true;
    } finally {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing our end only
      }
    }
  }

  private static boolean closedNow(Socket s) {
    try {
      s.setSoTimeout(50);
      return s.getInputStream().read() < 0;
    } catch (SocketTimeoutException stillOpen) {
      return false;
    } catch (IOException reset) {
      return true;
    }
  }
}
