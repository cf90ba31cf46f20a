package dev.quotient.server.mongo;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.Document;
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

    /** The positions of the stretch {@code fit} names. */
    Iterable<Object> walk(Fit fit);

    /** True when the walk of {@code fit} yields documents in {@code orderBy}'s order already. */
    boolean ordered(Fit fit, Document orderBy);
  }

  /**
   * True when a walk over an index of {@code keys} (in the order it stores them) past {@code fit}'s equal
   * prefix yields {@code orderBy}'s order: the sort names the following keys, ascending, in turn. Not for
   * a multikey index, whose walk meets a document at each of its values.
   */
  static boolean ordered(List<String> keys, Fit fit, Document orderBy, boolean multikey) {
    if (multikey || orderBy == null || orderBy.isEmpty()) {
      return false;
    }
    int at = fit.equal().size();
    for (Map.Entry<String, Object> o : orderBy.entrySet()) {
      if (at >= keys.size() || !keys.get(at).equals(o.getKey()) || !(o.getValue() instanceof Number n)
          || n.intValue() != 1) {
        return false;
      }
      at++;
    }
    return true;
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
    private volatile boolean seen;

    /**
     * An index built before arrays were tracked counts as multikey: its documents were never looked at
     * for arrays.
     */
    Multikey(MVMap<String, Boolean> marks, String indexMap) {
      this.marks = marks;
      this.mark = indexMap + " multikey";
      this.seen = marks.containsKey(mark) || !marks.containsKey(indexMap + " tracked");
    }

    boolean seen() {
      return seen;
    }

    /** The index map was cleared to be built from the documents: arrays are tracked from none. */
    void rebuilding() {
      marks.remove(mark);
      marks.put(mark.replace(" multikey", " tracked"), Boolean.TRUE);
      seen = false;
    }

    /** Notes a document about to be indexed. */
    void note(Document document, List<String> keys) {
      if (!seen && keys.stream().anyMatch(k -> hasArray(document, k))) {
        marks.put(mark, Boolean.TRUE);
        seen = true;
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
  static Iterable<Object> positions(MVMap<KeyValue, Object> map, Fit fit, boolean multikey) {
    List<Object> from = new ArrayList<>(fit.equal());
    Object upper = null;
    boolean upperInclusive = false;
    if (fit.range() != null) {
      Object lower = fit.range().containsKey("$gte") ? fit.range().get("$gte") : fit.range().get("$gt");
      if (lower != null) {
        from.add(normalized(lower));
      }
      upperInclusive = fit.range().containsKey("$lte");
      Object bound = upperInclusive ? fit.range().get("$lte") : fit.range().get("$lt");
      upper = bound == null || multikey ? null : normalized(bound);
    }
    int prefix = fit.equal().size();
    Object last = upper;
    boolean lastInclusive = upperInclusive;
    return () -> new java.util.Iterator<>() {
      private final Cursor<KeyValue, Object> cursor = map.cursor(from.isEmpty() ? null : new KeyValue(from));
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
          if (last != null) {
            int c = ORDER.compare(key.get(prefix), last);
            if (c > 0 || c == 0 && !lastInclusive) {
              done = true;
              break;
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
   * The query's condition per field, its top-level {@code $and} of documents merged in; null when the
   * query has another top-level operator or names a field twice in a way that does not merge.
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
      } else if (e.getKey().startsWith("$") || !put(out, e.getKey(), e.getValue())) {
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
