package dev.quotient.server.mongo;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.Document;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.h2.mvstore.MVMap;

/**
 * A non-unique index of the embedded store, which mongo-java-server only records (its queries scan the
 * collection). Each document is kept under its index values followed by its {@code _id}, so keys are
 * unique and ordered by the index; a query with equalities on the index's first fields, and optionally a
 * range on the next, walks just that stretch. The positions it finds are a superset of the answer: the
 * backend matches every document against the whole query afterwards, so operators this index does not
 * read (type bracketing, other fields) stay exact.
 */
final class KeyedSecondaryIndex extends Index<Object> implements IndexWalk.Walkable {

  private final MVMap<KeyValue, Object> map;
  private final boolean built;
  private final IndexWalk.Multikey multikey;
  /** The index's field names (the backend builds the list again on every call). */
  private final List<String> names;
  /** The index's fields, then the {@code _id} each entry ends with: a walk can narrow and order by it too. */
  private final List<String> stored;

  /**
   * @param built true when the map was filled before: a sparse index may be empty and still complete,
   *     and the collection must not read every document to fill it again
   */
  KeyedSecondaryIndex(MVMap<KeyValue, Object> map, String name, List<IndexKey> keys, boolean sparse, boolean built,
      IndexWalk.Multikey multikey) {
    super(name, keys, sparse);
    this.map = map;
    this.built = built;
    this.multikey = multikey;
    this.names = List.copyOf(super.keys());
    List<String> fields = new ArrayList<>(names);
    fields.add("_id");
    this.stored = List.copyOf(fields);
  }

  @Override
  protected List<String> keys() {
    return names;
  }

  @Override
  public Set<KeyValue> getKeyValues(Document document) {
    KeyValue plain = IndexWalk.plainKey(document, names);
    return plain == null ? super.getKeyValues(document) : Set.of(IndexWalk.normalized(plain));
  }

  @Override
  public IndexWalk.Fit fit(Document query) {
    return IndexWalk.fit(stored, query);
  }

  @Override
  public IndexWalk.Order order(IndexWalk.Fit fit, Document orderBy) {
    return IndexWalk.order(stored, fit, orderBy, multikey.seen());
  }

  @Override
  public boolean canHandle(Document query) {
    return fit(query) != null;
  }

  @Override
  public Iterable<Object> walk(IndexWalk.Fit fit, boolean reverse) {
    return IndexWalk.positions(map, fit, multikey.seen(), reverse);
  }

  @Override
  public Iterable<Object> getPositions(Document query) {
    return walk(fit(query), false);
  }

  @Override
  public void add(Document document, Object position, MongoCollection<Object> collection) {
    if (isSparse() && IndexWalk.noValues(document, keys())) {
      return;
    }
    multikey.note(document, keys());
    Object id = IndexWalk.normalized(document.get("_id"));
    for (KeyValue values : entries(document)) {
      map.put(entryKey(values, id), Missing.ofNullable(position));
    }
  }

  @Override
  public Object remove(Document document) {
    if (isSparse() && IndexWalk.noValues(document, keys())) {
      return null;
    }
    Object id = IndexWalk.normalized(document.get("_id"));
    Object position = null;
    for (KeyValue values : entries(document)) {
      Object removed = map.remove(entryKey(values, id));
      if (removed != null) {
        position = IndexWalk.position(removed);
      }
    }
    return position;
  }

  @Override
  public void updateInPlace(Document oldDocument, Document newDocument, Object position,
      MongoCollection<Object> collection) {
    if (nullAwareEqualsKeys(oldDocument, newDocument)) {
      return;
    }
    remove(oldDocument);
    add(newDocument, position, collection);
  }

  @Override
  public Object getPosition(Document document) {
    // Never the only index: the _id index names a document's position.
    return null;
  }

  @Override
  public void checkAdd(Document document, MongoCollection<Object> collection) {
    // not unique
  }

  @Override
  public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<Object> collection) {
    // not unique
  }

  @Override
  public long getCount() {
    return map.sizeAsLong();
  }

  @Override
  public boolean isEmpty() {
    return !built && map.isEmpty();
  }

  @Override
  public long getDataSize() {
    return getCount();
  }

  @Override
  public void drop() {
    // the database removes the map
  }

  /**
   * The index values of a document. An empty array gives the backend no key at all, which would leave
   * the document out of the index and then fail its removal: MongoDB indexes it as undefined, here null.
   */
  private Set<KeyValue> entries(Document document) {
    Set<KeyValue> keys = getKeyValues(document);
    if (!keys.isEmpty()) {
      return keys;
    }
    Document plain = new Document(document);
    for (String key : keys()) {
      if (plain.get(key) instanceof java.util.Collection<?> c && c.isEmpty()) {
        plain.put(key, null);
      }
    }
    keys = getKeyValues(plain);
    if (keys.isEmpty()) {
      List<Object> nulls = new ArrayList<>();
      keys().forEach(k -> nulls.add(null));
      keys = Set.of(new KeyValue(nulls));
    }
    return keys;
  }

  /** The stored key: the index values (a missing one as null) and the document's id. */
  private static KeyValue entryKey(KeyValue values, Object id) {
    List<Object> parts = new ArrayList<>(values.size() + 1);
    for (Object v : values) {
      parts.add(v instanceof Missing ? null : v);
    }
    parts.add(id);
    return new KeyValue(parts);
  }
}
