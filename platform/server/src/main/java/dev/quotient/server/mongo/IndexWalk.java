package dev.quotient.server.mongo;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.MaxKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;

/**
 * Reading part of an index map in order: equalities on the index's first fields and optionally a range
 * on the next one name a stretch of keys, which is walked instead of the collection. What it finds is a
 * superset of the answer (type bracketing and other conditions are left out): the backend matches every
 * document it is given against the whole query again.
 */
final class IndexWalk {

  private static final ValueComparator ORDER = ValueComparator.ascWithoutListHandling();
  private static final List<String> RANGE = List.of("$gt", "$gte", "$lt", "$lte");

  private IndexWalk() {}

  /** An index whose map can be walked by {@link #positions}. */
  interface Walkable {
    /** The part of the query this index narrows, or null. */
    Fit fit(Document query);

    /** The positions of the stretch {@code fit} names, in index order or (reverse) against it. */
    Iterable<Object> walk(Fit fit, boolean reverse);

    /** How far a walk of {@code fit} follows {@code orderBy}, or null. */
    Order order(Fit fit, Document orderBy);
  }

  /**
   * A walk follows a sort's first {@code fields} (all of them: no sort is left to do), in index order or
   * against it.
   */
  record Order(int fields, boolean reverse) {}

  /**
   * How far a walk over an index of {@code keys} (in the order it stores them) past {@code fit}'s equal
   * prefix follows {@code orderBy}: the sort's first fields name the following keys in turn, all in one
   * direction. Null when not even the first does, and for a multikey index, whose walk meets a document
   * at each of its values.
   */
  static Order order(List<String> keys, Fit fit, Document orderBy, boolean multikey) {
    if (multikey || orderBy == null || orderBy.isEmpty()) {
      return null;
    }
    int at = fit.equal().size();
    int fields = 0;
    int direction = 0;
    for (Map.Entry<String, Object> o : orderBy.entrySet()) {
      if (at + fields >= keys.size() || !keys.get(at + fields).equals(o.getKey())
          || !(o.getValue() instanceof Number n) || Math.abs(n.intValue()) != 1
          || direction != 0 && n.intValue() != direction) {
        break;
      }
      direction = n.intValue();
      fields++;
    }
    return fields == 0 ? null : new Order(fields, direction < 0);
  }

  /** How much of a query an index narrows: equal leading fields, then maybe a range on the next. */
  record Fit(List<Object> equal, Document range) {
    /** Longer equal prefixes narrow most; a range narrows more than none. */
    int score() {
      return equal.size() * 2 + (range == null ? 0 : 1);
    }
  }

  /** The part of {@code query} an index of {@code keys} can walk, or null. */
  static Fit fit(List<String> keys, Document query) {
    Map<String, Object> conditions = conditions(query);
    if (conditions == null) {
      return null;
    }
    List<Object> equal = new ArrayList<>();
    Document range = null;
    for (String key : keys) {
      Object condition = conditions.get(key);
      if (condition == null) {
        break;
      }
      Object value = equality(condition);
      if (value != null) {
        equal.add(normalized(value));
        continue;
      }
      range = range(condition);
      break;
    }
    if (equal.isEmpty() && range == null) {
      return null;
    }
    return new Fit(equal, range);
  }

  /**
   * Whether an index has held a document with an array in an indexed field, kept with the index's
   * built mark. A range over such an index cannot be cut at both ends: {@code [1, 9]} matches {@code
   * {$gt: 4, $lt: 6}} (one value above 4, another below 6) though no value lies between, so its walk runs
   * from the lower bound to the end of the stretch.
   */
  static final class Multikey {
    private final MVMap<String, Boolean> marks;
    private final String mark;
    private final String tracked;
    private volatile boolean seen;

    /**
     * An index built before arrays were tracked counts as multikey: its documents were never looked at
     * for arrays.
     */
    Multikey(MVMap<String, Boolean> marks, String indexMap) {
      this.marks = marks;
      this.mark = indexMap + " multikey";
      this.tracked = indexMap + " tracked";
      this.seen = marks.containsKey(mark) || !marks.containsKey(tracked);
    }

    boolean seen() {
      return seen;
    }

    /** Removes an index's marks (the index is dropped). */
    static void forget(MVMap<String, Boolean> marks, String indexMap) {
      marks.remove(indexMap + " multikey");
      marks.remove(indexMap + " tracked");
    }

    /** The index map was cleared to be built from the documents: arrays are tracked from none. */
    void rebuilding() {
      marks.remove(mark);
      marks.put(tracked, Boolean.TRUE);
      seen = false;
    }

    /** Notes a document about to be indexed. */
    void note(Document document, List<String> keys) {
      if (seen) {
        return;
      }
      for (String k : keys) {
        if (hasArray(document, k)) {
          marks.put(mark, Boolean.TRUE);
          seen = true;
          return;
        }
      }
    }

    private static boolean hasArray(Document document, String path) {
      Object v = document;
      for (String part : path.split("\\.")) {
        if (v instanceof java.util.Collection<?>) {
          return true;
        }
        if (!(v instanceof Document d)) {
          return false;
        }
        v = d.get(part);
      }
      return v instanceof java.util.Collection<?>;
    }
  }

  /**
   * The positions stored under the keys {@code fit} names, in index order, read as they are asked for
   * (a limit that is met stops the walk); each once, as a multikey index holds a document once per value;
   * past the range's upper bound too when the index is multikey.
   */
  static Iterable<Object> positions(MVMap<KeyValue, Object> map, Fit fit, boolean multikey, boolean reverse) {
    Object lower = null;
    boolean lowerInclusive = true;
    Object upper = null;
    boolean upperInclusive = true;
    if (fit.range() != null) {
      lowerInclusive = !fit.range().containsKey("$gt");
      Object low = lowerInclusive ? fit.range().get("$gte") : fit.range().get("$gt");
      lower = low == null ? null : normalized(low);
      upperInclusive = fit.range().containsKey("$lte");
      Object high = upperInclusive ? fit.range().get("$lte") : fit.range().get("$lt");
      upper = high == null ? null : normalized(high);
    }
    // A multikey document in range may hold no value between the bounds: only the bound the walk starts
    // at is used, and the walk runs to the end of its stretch.
    if (multikey) {
      if (reverse) {
        lower = null;
      } else {
        upper = null;
      }
    }
    List<Object> start = new ArrayList<>(fit.equal());
    if (reverse) {
      // after every key of the prefix up to the upper bound: MaxKey sorts above every value
      start.add(upper == null ? MaxKey.getInstance() : upper);
      start.add(MaxKey.getInstance());
    } else if (lower != null) {
      start.add(lower);
    }
    int prefix = fit.equal().size();
    Object first = reverse ? upper : lower;
    boolean firstInclusive = reverse ? upperInclusive : lowerInclusive;
    Object last = reverse ? lower : upper;
    boolean lastInclusive = reverse ? lowerInclusive : upperInclusive;
    int towards = reverse ? -1 : 1;
    return () -> new java.util.Iterator<>() {
      private final Cursor<KeyValue, Object> cursor = map.cursor(start.isEmpty() ? null : new KeyValue(start), null,
          reverse);
      private final Set<Object> seen = multikey ? new java.util.HashSet<>() : null;
      private Object next;
      private boolean done;

      @Override
      public boolean hasNext() {
        while (next == null && !done) {
          if (!cursor.hasNext()) {
            done = true;
            break;
          }
          KeyValue key = cursor.next();
          if (!startsWith(key, fit.equal())) {
            done = true;
            break;
          }
          if (key.size() > prefix) {
            if (last != null) {
              int c = ORDER.compare(key.get(prefix), last) * towards;
              if (c > 0 || c == 0 && !lastInclusive) {
                done = true;
                break;
              }
            }
            if (first != null && !firstInclusive && ORDER.compare(key.get(prefix), first) == 0) {
              continue;
            }
          }
          Object p = position(cursor.getValue());
          if (seen == null || seen.add(p)) {
            next = p;
          }
        }
        return next != null;
      }

      @Override
      public Object next() {
        if (!hasNext()) {
          throw new java.util.NoSuchElementException();
        }
        Object p = next;
        next = null;
        return p;
      }
    };
  }

  /**
   * True when the document has none of the fields (a null value is a value): what a sparse index leaves
   * out. Read from the document, as the index's keys turn a missing value into null.
   */
  static boolean noValues(Document document, List<String> keys) {
    for (String path : keys) {
      Object v = document;
      boolean found = true;
      for (String part : path.split("\\.")) {
        if (v instanceof java.util.Collection<?>) {
          break;
        }
        if (!(v instanceof Document d) || !d.containsKey(part)) {
          found = false;
          break;
        }
        v = d.get(part);
      }
      if (found) {
        return false;
      }
    }
    return true;
  }

  /** A stored position ({@link Missing} stands for none). */
  static Object position(Object stored) {
    return stored instanceof Missing ? null : stored;
  }

  /**
   * The key of a document whose indexed fields are all top-level and none an array or a document, as the
   * values stand ({@link Missing} for an absent field); null for any other document, which takes the
   * backend's general path. That path splits every field name with a regular expression and builds a few
   * streams and maps per index per insert, a fifth of the store's work in durable ingest.
   */
  static KeyValue plainKey(Document document, List<String> keys) {
    Object[] values = new Object[keys.size()];
    for (int i = 0; i < values.length; i++) {
      String key = keys.get(i);
      if (key.indexOf('.') >= 0) {
        return null;
      }
      Object v = document.getOrMissing(key);
      if (v instanceof java.util.Collection<?> || v instanceof java.util.Map<?, ?>) {
        return null;
      }
      values[i] = v;
    }
    return new KeyValue(values);
  }

  /** A {@link #plainKey} as indexes store it: numbers and missing values normalised as the backend does. */
  static KeyValue normalized(KeyValue plain) {
    for (Object v : plain) {
      if (v instanceof Number || v instanceof Missing) {
        return plain.normalized();
      }
    }
    return plain;
  }

  /** A value as indexes compare it (the backend's normalisation, reached through its public key type). */
  static Object normalized(Object value) {
    return new KeyValue(new Object[] {value}).normalized().get(0);
  }

  private static boolean startsWith(KeyValue key, List<Object> prefix) {
    if (key.size() < prefix.size()) {
      return false;
    }
    for (int i = 0; i < prefix.size(); i++) {
      if (ORDER.compare(key.get(i), prefix.get(i)) != 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * The query's condition per field, its top-level {@code $and} of documents merged in and other
   * top-level operators left to the match; null when it names a field twice in a way that does not merge.
   */
  private static Map<String, Object> conditions(Document query) {
    Map<String, Object> out = new HashMap<>();
    for (Map.Entry<String, Object> e : query.entrySet()) {
      if (e.getKey().equals("$and") && e.getValue() instanceof List<?> parts) {
        for (Object part : parts) {
          Map<String, Object> inner = part instanceof Document d ? conditions(d) : null;
          if (inner == null) {
            return null;
          }
          for (Map.Entry<String, Object> i : inner.entrySet()) {
            if (!put(out, i.getKey(), i.getValue())) {
              return null;
            }
          }
        }
      } else if (e.getKey().startsWith("$")) {
        // another operator ($or, $nor, $expr) only narrows further: the walk's superset is matched against it
        continue;
      } else if (!put(out, e.getKey(), e.getValue())) {
        return null;
      }
    }
    return out;
  }

  /**
   * Adds a field's condition; a second condition on the field merges with the first when both are
   * operators with none in common ({@code $gte} from one, {@code $lt} from the other); false otherwise.
   */
  private static boolean put(Map<String, Object> conditions, String field, Object condition) {
    Object before = conditions.putIfAbsent(field, condition);
    if (before == null) {
      return true;
    }
    if (!(before instanceof Document a) || !(condition instanceof Document b) || !operators(a) || !operators(b)
        || a.keySet().stream().anyMatch(b::containsKey)) {
      return false;
    }
    Document merged = new Document(a);
    merged.putAll(b);
    conditions.put(field, merged);
    return true;
  }

  private static boolean operators(Document d) {
    return !d.isEmpty() && d.keySet().stream().allMatch(k -> k.startsWith("$"));
  }

  /** The value of an equality on a plain value ({@code v} or {@code {$eq: v}}), else null. */
  private static Object equality(Object condition) {
    Object value = condition;
    if (condition instanceof Document d) {
      if (d.size() != 1 || !d.containsKey("$eq")) {
        return null;
      }
      value = d.get("$eq");
    }
    return plain(value) ? value : null;
  }

  /** A condition of only {@code $gt}, {@code $gte}, {@code $lt}, {@code $lte} on plain values, else null. */
  private static Document range(Object condition) {
    if (!(condition instanceof Document d) || d.isEmpty()
        || d.containsKey("$gt") && d.containsKey("$gte") || d.containsKey("$lt") && d.containsKey("$lte")) {
      return null;
    }
    for (Map.Entry<String, Object> e : d.entrySet()) {
      if (!RANGE.contains(e.getKey()) || !plain(e.getValue())) {
        return null;
      }
    }
    return d;
  }

  /** A value an index compares as the matcher does: not null, not a document, array or pattern. */
  private static boolean plain(Object v) {
    return v != null && !(v instanceof Missing) && !(v instanceof Document) && !(v instanceof java.util.Collection<?>)
        && !(v instanceof Pattern) && !(v instanceof BsonRegularExpression);
  }
}
