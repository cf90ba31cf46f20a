package dev.quotient.server.mongo;

import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import java.util.List;
import java.util.Map;
import org.h2.mvstore.MVMap;

/** The H2 backend's unique index over a map keyed by {@link KeyValueType} (its own class is not public). */
final class KeyedUniqueIndex extends AbstractUniqueIndex<Object> implements IndexWalk.Walkable {

  private final MVMap<KeyValue, Object> map;
  private final IndexWalk.Multikey multikey;
  /** The index's field names (the backend builds the list again on every call). */
  private final List<String> names;

  KeyedUniqueIndex(MVMap<KeyValue, Object> map, String name, List<IndexKey> keys, boolean sparse,
      IndexWalk.Multikey multikey) {
    super(name, keys, sparse);
    this.map = map;
    this.multikey = multikey;
    this.names = List.copyOf(super.keys());
  }

  @Override
  protected List<String> keys() {
    return names;
  }

  @Override
  public java.util.Set<KeyValue> getKeyValues(de.bwaldvogel.mongo.bson.Document document) {
    KeyValue plain = IndexWalk.plainKey(document, names);
    return plain == null ? super.getKeyValues(document) : java.util.Set.of(IndexWalk.normalized(plain));
  }

  /** The backend's check, without its general key path for a document with plain values. */
  @Override
  public synchronized void checkAdd(de.bwaldvogel.mongo.bson.Document document,
      de.bwaldvogel.mongo.MongoCollection<Object> collection) {
    KeyValue plain = IndexWalk.plainKey(document, names);
    if (plain == null) {
      super.checkAdd(document, collection);
      return;
    }
    if (isSparse() && IndexWalk.noValues(document, names)) {
      return;
    }
    if (containsKey(IndexWalk.normalized(plain))) {
      throw new de.bwaldvogel.mongo.exception.DuplicateKeyError(this, collection, getKeys(), plain);
    }
  }

  /**
   * Adds the document's keys. The collection has run {@link #checkAdd} on every index before it adds to
   * any (under its lock), so the stock {@code add} checking again read every key twice per insert.
   */
  @Override
  public synchronized void add(de.bwaldvogel.mongo.bson.Document document, Object position,
      de.bwaldvogel.mongo.MongoCollection<Object> collection) {
    if (isSparse() && IndexWalk.noValues(document, keys())) {
      return;
    }
    multikey.note(document, keys());
    for (KeyValue keyValue : getKeyValues(document)) {
      if (!putKeyPosition(keyValue, position)) {
        throw new de.bwaldvogel.mongo.exception.DuplicateKeyError(this, collection, getKeys(), keyValue);
      }
    }
  }

  @Override
  public synchronized void updateInPlace(de.bwaldvogel.mongo.bson.Document oldDocument,
      de.bwaldvogel.mongo.bson.Document newDocument, Object position,
      de.bwaldvogel.mongo.MongoCollection<Object> collection) {
    multikey.note(newDocument, keys());
    super.updateInPlace(oldDocument, newDocument, position, collection);
  }

  /** Equal leading fields or a range, short of every field equal (the backend's own lookup by key). */
  @Override
  public IndexWalk.Fit fit(de.bwaldvogel.mongo.bson.Document query) {
    IndexWalk.Fit fit = IndexWalk.fit(keys(), query);
    return fit == null || fit.equal().size() == keys().size() ? null : fit;
  }

  @Override
  public IndexWalk.Order order(IndexWalk.Fit fit, de.bwaldvogel.mongo.bson.Document orderBy) {
    return IndexWalk.order(keys(), fit, orderBy, multikey.seen());
  }

  @Override
  public Iterable<Object> walk(IndexWalk.Fit fit, boolean reverse) {
    return IndexWalk.positions(map, fit, multikey.seen(), reverse);
  }

  @Override
  protected Object removeDocument(KeyValue key) {
    return map.remove(key);
  }

  @Override
  protected boolean putKeyPosition(KeyValue key, Object position) {
    return map.putIfAbsent(key, Missing.ofNullable(position)) == null;
  }

  @Override
  protected Iterable<Map.Entry<KeyValue, Object>> getIterable() {
    return map.entrySet();
  }

  @Override
  protected Object getPosition(KeyValue key) {
    return map.get(key);
  }

  @Override
  public long getCount() {
    return map.sizeAsLong();
  }

  @Override
  public boolean isEmpty() {
    return map.isEmpty();
  }

  @Override
  public long getDataSize() {
    return getCount();
  }
}
