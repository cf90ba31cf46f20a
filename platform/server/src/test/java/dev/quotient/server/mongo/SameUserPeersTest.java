package dev.quotient.server.mongo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** How the embedded store tells who opened a connection (the whole check: {@code StoreAccessTest}). */
class SameUserPeersTest {

  @Test
  void theOwnerOfAConnectionIsReadFromTheClientsEndInTheSocketTable() {
    List<String> table = List.of(
        "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
        "   0: 0100007F:9C41 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1",
        "   1: 0100007F:9C41 0100007F:D431 01 00000000:00000000 00:00000000 00000000     0        0 2 1",
        "   2: 0100007F:D431 0100007F:9C41 01 00000000:00000000 00:00000000 00000000 65534        0 3 1");
    // the server listens on 40001 (9C41); a client connected from 54321 (D431) as user 65534
    assertEquals(OptionalLong.of(65534), SameUserPeers.owner(table, 54321, 40001));
    assertEquals(OptionalLong.of(0), SameUserPeers.owner(table, 40001, 54321), "the server's own end");
    assertEquals(OptionalLong.empty(), SameUserPeers.owner(table, 54322, 40001));
    List<String> tcp6 = List.of(
        "   0: 0000000000000000FFFF00000100007F:D431 0000000000000000FFFF00000100007F:9C41 01 "
            + "00000000:00000000 00:00000000 00000000  1000        0 4 1");
    assertEquals(OptionalLong.of(1000), SameUserPeers.owner(tcp6, 54321, 40001));
  }
}
