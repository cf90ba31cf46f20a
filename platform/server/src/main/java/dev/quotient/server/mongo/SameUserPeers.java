package dev.quotient.server.mongo;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may talk to the embedded store: only processes of the operating-system user the platform runs
 * as. The store listens on loopback without passwords (the MongoDB-protocol server it is built on has
 * none), so any local account that found the port could read the password hashes and write anything.
 * A connection's owner is read from the kernel's socket tables ({@code /proc/net/tcp} and
 * {@code tcp6}): the client's end of the connection carries the user that opened it. The same user
 * could read the store's file anyway, so this is the boundary a socket file with mode 0600 would give.
 * Where there are no such tables (not Linux), every local process is let in and the start says so.
 */
final class SameUserPeers {

  private static final Logger LOG = LoggerFactory.getLogger(SameUserPeers.class);
  private static final AttributeKey<Boolean> ALLOWED = AttributeKey.valueOf("quotient.store.peerAllowed");
  private static final List<Path> TABLES = List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));

  private final OptionalLong ownUser;

  private SameUserPeers(OptionalLong ownUser) {
    this.ownUser = ownUser;
  }

  /** The check for this process: its effective user, when the kernel tells who owns sockets. */
  static SameUserPeers forThisProcess() {
    OptionalLong uid = TABLES.stream().anyMatch(Files::isReadable) ? effectiveUser() : OptionalLong.empty();
    if (uid.isEmpty()) {
      LOG.warn("the embedded store cannot tell which user connects on this system: any local process may reach its port");
    }
    return new SameUserPeers(uid);
  }

  /** True when the channel's client runs as this process's user (decided once per connection). */
  boolean allowed(Channel channel) {
    if (ownUser.isEmpty()) {
      return true;
    }
    Boolean known = channel.attr(ALLOWED).get();
    if (known != null) {
      return known;
    }
    OptionalLong owner = channel.remoteAddress() instanceof InetSocketAddress client
        && channel.localAddress() instanceof InetSocketAddress server ? owner(client.getPort(), server.getPort())
        : OptionalLong.empty();
    boolean allowed = owner.isPresent() && owner.getAsLong() == ownUser.getAsLong();
    channel.attr(ALLOWED).set(allowed);
    if (!allowed) {
      LOG.warn("refused the embedded store to {} (user {}): only this process's user may connect",
          channel.remoteAddress(), owner.isPresent() ? owner.getAsLong() : "unknown");
    }
    return allowed;
  }

  private static OptionalLong owner(int clientPort, int serverPort) {
    for (Path table : TABLES) {
      try {
        OptionalLong uid = owner(Files.readAllLines(table), clientPort, serverPort);
        if (uid.isPresent()) {
          return uid;
        }
      } catch (IOException e) {
        // not there (no IPv6): the other table has it
      }
    }
    return OptionalLong.empty();
  }

  /**
   * The user owning the socket whose local port is {@code clientPort} and remote port {@code
   * serverPort} in a {@code /proc/net/tcp}-style table (ports in hex after the colon; uid the eighth
   * column).
   */
  static OptionalLong owner(List<String> table, int clientPort, int serverPort) {
    for (String line : table) {
      String[] f = line.trim().split("\\s+");
      if (f.length < 8 || !f[0].endsWith(":")) {
        continue; // the header
      }
      if (port(f[1]) == clientPort && port(f[2]) == serverPort) {
        return OptionalLong.of(Long.parseLong(f[7]));
      }
    }
    return OptionalLong.empty();
  }

  private static int port(String address) {
    int colon = address.lastIndexOf(':');
    return colon < 0 ? -1 : Integer.parseInt(address.substring(colon + 1), 16);
  }

  private static OptionalLong effectiveUser() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          return OptionalLong.of(Long.parseLong(line.substring(4).trim().split("\\s+")[1]));
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("no /proc/self/status: {}", e.toString());
    }
    return OptionalLong.empty();
  }
}
