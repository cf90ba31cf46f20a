package dev.quotient.plugin.leaderboards.engine;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Every board of one organisation: per scope (people, teams), ladder (overall, IQ, EQ, BQ) and period
 * (day, week, month, quarter in the organisation's zone, plus all time), for the current and the
 * previous period. A credit is added to each board whose period holds the day it happened on; boards
 * of older periods are dropped as days pass. Thread-safe: one lock per organisation.
 */
public final class OrgBoards {

  /** One board: who, which ladder, which period and the first local day of it. */
  public record Key(Scope scope, Ladder ladder, Period period, LocalDate start) {
    public Key {
      Objects.requireNonNull(scope);
      Objects.requireNonNull(ladder);
      Objects.requireNonNull(period);
      Objects.requireNonNull(start);
    }
  }

  /**
   * A member's place.
   *
   * @param rank shared by equal scores (1, 2, 2, 4)
   * @param position the place in the board's order (0 first), distinct for every member
   */
  public record Standing(String id, long score, int rank, int position) {}

  /**
   * What one request shows of a board.
   *
   * @param me the viewer's standing, or null when the viewer has no points on it
   * @param around the standings either side of the viewer's (the viewer included), empty without one
   */
  public record View(Key key, int size, List<Standing> top, Standing me, List<Standing> around) {}

  private final Calendar calendar;
  private final ZoneId zone;
  private final Map<Scope, Members> members = new EnumMap<>(Scope.class);
  private final Map<Key, RankedBoard> boards = new HashMap<>();
  private LocalDate prunedFor;

  public OrgBoards(ZoneId zone) {
    this(Calendar.iso(zone));
  }

  public OrgBoards(Calendar calendar) {
    this.calendar = Objects.requireNonNull(calendar);
    this.zone = calendar.zone();
    for (Scope s : Scope.values()) {
      members.put(s, new Members());
    }
  }

  public ZoneId zone() {
    return zone;
  }

  public Calendar calendar() {
    return calendar;
  }

  /** Counts a credit on every board it belongs on, given today's date in the organisation's zone. */
  public synchronized void credit(Credit c, LocalDate today) {
    prune(today);
    LocalDate day = Period.day(c.occurredAt(), zone);
    // The ladders the credit counts on: overall plus its areas, each once.
    Ladder[] ladders = new Ladder[Ladder.values().length];
    int n = 0;
    ladders[n++] = Ladder.OVERALL;
    for (String area : c.areas()) {
      Ladder l = Ladder.ofArea(area).orElse(null);
      if (l != null && !contains(ladders, n, l)) {
        ladders[n++] = l;
      }
    }
    // Member numbers once per credit, not once per board.
    int person = members.get(Scope.INDIVIDUAL).number(c.userId());
    int[] teams = new int[c.teams().size()];
    for (int t = 0; t < teams.length; t++) {
      teams[t] = members.get(Scope.TEAM).number(c.teams().get(t));
    }
    for (Period p : Period.values()) {
      LocalDate start = calendar.start(p, day);
      if (!kept(p, start, today)) {
        continue;
      }
      for (int i = 0; i < n; i++) {
        board(new Key(Scope.INDIVIDUAL, ladders[i], p, start)).add(person, c.points());
        for (int team : teams) {
          board(new Key(Scope.TEAM, ladders[i], p, start)).add(team, c.points());
        }
      }
    }
  }

  private static boolean contains(Ladder[] ladders, int n, Ladder l) {
    for (int i = 0; i < n; i++) {
      if (ladders[i] == l) {
        return true;
      }
    }
    return false;
  }

  private RankedBoard board(Key key) {
    RankedBoard board = boards.get(key);
    if (board == null) {
      board = new RankedBoard();
      boards.put(key, board);
    }
    return board;
  }

  /**
   * The top of a board (skipping members {@code shown} refuses, whose places still count), and the
   * viewer's standing with {@code around} places either side.
   *
   * @param periodsBack 0 for the current period, 1 for the previous one
   * @param viewer the person or team to place, or null
   */
  public synchronized View view(Scope scope, Ladder ladder, Period period, int periodsBack, LocalDate today, int top,
      String viewer, int around, Predicate<String> shown) {
    prune(today);
    LocalDate start = calendar.start(period, today);
    for (int i = 0; i < periodsBack; i++) {
      start = calendar.previous(period, start);
    }
    Key key = new Key(scope, ladder, period, start);
    RankedBoard board = boards.get(key);
    if (board == null) {
      return new View(key, 0, List.of(), null, List.of());
    }
    Members names = members.get(scope);
    List<Standing> topList = new ArrayList<>(top);
    for (int position = 0; position < board.size() && topList.size() < top; position++) {
      int m = board.memberAt(position);
      String id = names.id(m);
      if (shown.test(id)) {
        topList.add(new Standing(id, board.score(m), board.rank(m), position));
      }
    }
    Standing me = null;
    List<Standing> near = List.of();
    int number = viewer == null ? -1 : names.find(viewer);
    if (number >= 0 && board.contains(number)) {
      int position = board.position(number);
      me = new Standing(viewer, board.score(number), board.rank(number), position);
      near = new ArrayList<>();
      for (int m : board.range(position - around, position + around + 1)) {
        String id = names.id(m);
        if (m == number || shown.test(id)) {
          near.add(new Standing(id, board.score(m), board.rank(m), board.position(m)));
        }
      }
    }
    return new View(key, board.size(), topList, me, near);
  }

  /** The viewer's standing alone (null when not on the board): the cheap read for a rank badge. */
  public synchronized Standing standing(Scope scope, Ladder ladder, Period period, LocalDate today, String id) {
    prune(today);
    RankedBoard board = boards.get(new Key(scope, ladder, period, calendar.start(period, today)));
    int number = members.get(scope).find(id);
    if (board == null || number < 0 || !board.contains(number)) {
      return null;
    }
    return new Standing(id, board.score(number), board.rank(number), board.position(number));
  }

  /** Hands every board's members and scores to {@code sink} (for a checkpoint). */
  public synchronized void export(java.util.function.BiConsumer<Key, Map<String, Long>> sink) {
    boards.forEach((key, board) -> {
      Members names = members.get(key.scope());
      Map<String, Long> scores = new java.util.LinkedHashMap<>();
      for (int position = 0; position < board.size(); position++) {
        int m = board.memberAt(position);
        scores.put(names.id(m), board.score(m));
      }
      sink.accept(key, scores);
    });
  }

  /** Puts back one member's score on a board (from a checkpoint {@link #export} wrote). */
  public synchronized void restore(Key key, String id, long score) {
    board(key).add(members.get(key.scope()).number(id), score);
  }

  /** Bytes held by the boards' arrays (the member names are extra). */
  public synchronized long bytes() {
    return boards.values().stream().mapToLong(RankedBoard::bytes).sum();
  }

  private boolean kept(Period p, LocalDate start, LocalDate today) {
    LocalDate current = calendar.start(p, today);
    return start.equals(current) || start.equals(calendar.previous(p, current));
  }

  private void prune(LocalDate today) {
    if (today.equals(prunedFor)) {
      return;
    }
    boards.keySet().removeIf(k -> !kept(k.period(), k.start(), today));
    prunedFor = today;
  }
}
