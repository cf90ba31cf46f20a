package dev.quotient.server.mongo;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.backend.QueryResult;
import java.lang.reflect.Field;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * The H2 backend's database with documents stored as BSON ({@link BsonDocumentType}) and indexes
 * keyed by {@link KeyValueType}. Collections keep the backend's map names, so a store written before
 * keeps its documents. Indexes move to maps of a new name: an index map is rebuilt from the documents
 * when the backend finds it empty, and is marked built once filled (a crash mid-build leaves no mark,
 * so the next start clears and rebuilds it); the old map is removed then.
 */
final class BsonH2Database extends H2Database {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BsonH2Database.class);

  /** The backend's map name prefixes (private there). */
  private static final String DATABASES_PREFIX = "databases.";
  private static final String META_PREFIX = "meta.";
  /** Index maps built completely, by map name. */
  private static final String BUILT = "quotient.built-indexes";
  /**
   * The superclass opens every existing collection and index from its constructor, before a field of
   * this class is set, so the store is read from the superclass's own field.
   */
  private static final Field STORE;

  static {
    try {
      STORE = H2Database.class.getDeclaredField("mvStore");
      STORE.setAccessible(true);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /**
   * Queries answered by reading the whole collection, by collection name. No initializer: the superclass
   * opens the stored collections from its constructor (see {@link #scanned}).
   */
  private volatile java.util.Map<String, java.util.concurrent.atomic.LongAdder> scans;

  private static final java.lang.invoke.VarHandle SCANS;

  static {
    try {
      SCANS = java.lang.invoke.MethodHandles.lookup().findVarHandle(BsonH2Database.class, "scans", java.util.Map.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  BsonH2Database(String databaseName, MVStore store, CursorRegistry cursors) {
    super(databaseName, store, cursors);
  }

  @Override
  protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
    MVStore store = store();
    String fullName = getFullCollectionNamespace(collectionName);
    MVMap<Object, Document> data = store.openMap(DATABASES_PREFIX + fullName,
        new MVMap.Builder<Object, Document>().valueType(new BsonDocumentType()));
    MVMap<String, Object> meta = store.openMap(META_PREFIX + fullName);
    return new Collection(this, collectionName, options, data, meta, cursorRegistry);
  }

  @Override
  protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
      boolean sparse) {
    MVStore store = store();
    String name = indexMap(collectionName, indexName);
    MVMap<KeyValue, Object> map = store.openMap(name, new MVMap.Builder<KeyValue, Object>().keyType(new KeyValueType()));
    IndexWalk.Multikey multikey = new IndexWalk.Multikey(built(store), name);
    if (!built(store).containsKey(name)) {
      map.clear();
      multikey.rebuilding();
    }
    return new KeyedUniqueIndex(map, indexName, keys, sparse, multikey);
  }

  /**
   * A non-unique index, which the backend itself only records (its queries scan): kept here in a map of
   * its own ({@link KeyedSecondaryIndex}), built from the documents when not marked built. Its map name
   * differs from the one earlier releases marked built while keeping nothing there.
   */
  @Override
  protected Index<Object> openOrCreateSecondaryIndex(String collectionName, String indexName, List<IndexKey> keys,
      boolean sparse) {
    MVStore store = store();
    String name = secondaryIndexMap(collectionName, indexName);
    MVMap<KeyValue, Object> map = store.openMap(name, new MVMap.Builder<KeyValue, Object>().keyType(new KeyValueType()));
    boolean built = built(store).containsKey(name);
    IndexWalk.Multikey multikey = new IndexWalk.Multikey(built(store), name);
    if (!built) {
      map.clear();
      multikey.rebuilding();
    }
    return new KeyedSecondaryIndex(map, indexName, keys, sparse, built, multikey);
  }

  @Override
  protected void dropIndex(MongoCollection<Object> collection, String indexName) {
    super.dropIndex(collection, indexName);
    MVStore store = store();
    for (String name : List.of(indexMap(collection.getCollectionName(), indexName),
        secondaryIndexMap(collection.getCollectionName(), indexName))) {
      built(store).remove(name);
      IndexWalk.Multikey.forget(built(store), name);
      if (store.hasMap(name)) {
        store.removeMap(name);
      }
    }
  }

  private static final de.bwaldvogel.mongo.backend.ValueComparator SAME = de.bwaldvogel.mongo.backend.ValueComparator.asc();

  /** True when the two documents hold equal values in every one of the fields. */
  private static boolean sameOn(List<String> fields, Document a, Document b) {
    for (String f : fields) {
      if (SAME.compare(a.get(f), b.get(f)) != 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * Counts a query that read the whole collection. Never under the database's lock: the scan holds its
   * collection's lock, and a new collection takes the database's lock and then the collection list's, so
   * a scan of that list waiting here for the database stopped the store for good.
   */
  private void scanned(String collection) {
    java.util.Map<String, java.util.concurrent.atomic.LongAdder> counts = scans;
    if (counts == null) {
      SCANS.compareAndSet(this, null, new java.util.concurrent.ConcurrentHashMap<>());
      counts = scans;
    }
    counts.computeIfAbsent(collection, c -> new java.util.concurrent.atomic.LongAdder()).increment();
  }

  /** Queries answered by reading the whole collection, by collection name, since the store opened. */
  java.util.Map<String, Long> scans() {
    java.util.Map<String, Long> out = new java.util.TreeMap<>();
    java.util.Map<String, java.util.concurrent.atomic.LongAdder> counts = scans;
    if (counts != null) {
      counts.forEach((c, n) -> out.put(c, n.sum()));
    }
    return out;
  }

  private String secondaryIndexMap(String collectionName, String indexName) {
    return getFullCollectionNamespace(collectionName) + "._secondary_index_" + indexName;
  }

  private String indexMap(String collectionName, String indexName) {
    return getFullCollectionNamespace(collectionName) + "._keyed_index_" + indexName;
  }

  /** The backend's own name of an index map (written before this class). */
  private String legacyIndexMap(String collectionName, String indexName) {
    return getFullCollectionNamespace(collectionName) + "._index_" + indexName;
  }

  private static MVMap<String, Boolean> built(MVStore store) {
    return store.openMap(BUILT);
  }

  private MVStore store() {
    try {
      return (MVStore) STORE.get(this);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * True for {@code {field: {$in: [...]}}} of plain values: what a unique index over that one field
   * answers exactly. (A compound or other query is matched again as the backend does.)
   */
  static boolean answeredExactly(Document query) {
    if (query.size() != 1 || !(query.values().iterator().next() instanceof Document condition)
        || condition.size() != 1 || !(condition.get("$in") instanceof java.util.Collection<?> values)) {
      return false;
    }
    for (Object v : values) {
      if (v == null || v instanceof Document || v instanceof java.util.Collection<?>
          || v instanceof java.util.regex.Pattern || v instanceof de.bwaldvogel.mongo.bson.BsonRegularExpression) {
        return false;
      }
    }
    return true;
  }

  /**
   * A collection whose documents are kept in the order they were added, under increasing positions,
   * instead of under their {@code _id} (the backend's choice): the activity log's and the ledger's ids are
   * hashes, so each insert of a hundred landed on a hundred pages of the document map and every commit
   * wrote them all again. Now a batch lands on the map's last page; only the {@code _id} index, whose
   * entries are small, takes the scattered keys. A collection takes this form when it is opened empty
   * (it is marked in its meta map); one stored the old way keeps it.
   */
  private final class Collection extends H2Collection {

    private static final String POSITIONS = "quotient.positions";
    private static final String IN_ORDER = "in order added";

    private final MVMap<Object, Document> data;
    private final boolean inOrder;
    private final AtomicLong next;

    Collection(MongoDatabase database, String name, CollectionOptions options, MVMap<Object, Document> data,
        MVMap<String, Object> meta, CursorRegistry cursors) {
      super(database, name, options, data, meta, cursors);
      this.data = data;
      if (data.isEmpty() && !IN_ORDER.equals(meta.get(POSITIONS))) {
        meta.put(POSITIONS, IN_ORDER);
      }
      this.inOrder = IN_ORDER.equals(meta.get(POSITIONS));
      this.next = new AtomicLong(inOrder && !data.isEmpty() ? ((Number) data.lastKey()).longValue() + 1 : 1);
    }

    @Override
    protected Object addDocumentInternal(Document document) {
      if (!inOrder) {
        return super.addDocumentInternal(document);
      }
      Long position = next.getAndIncrement();
      data.put(position, document);
      return position;
    }

    /**
     * Answers a query from a unique index that has every field of it (the backend's own lookup), else by
     * walking the index that narrows it most (the backend would take the first that can, however little it narrows:
     * the organisation alone where the organisation and a day were asked), else by a scan.
     */
    @Override
    protected QueryResult queryDocuments(Document query, Document orderBy, int numberToSkip, int limit, int batchSize,
        Document fieldSelector) {
      IndexWalk.Walkable best = null;
      IndexWalk.Fit bestFit = null;
      for (Index<Object> index : getIndexes()) {
        if (index.isUnique() && index.canHandle(query)) {
          return matchDocuments(query, index.getPositions(query), orderBy, numberToSkip, limit, batchSize,
              fieldSelector);
        }
        IndexWalk.Fit fit = index instanceof IndexWalk.Walkable w ? w.fit(query) : null;
        if (fit != null && (bestFit == null || fit.score() > bestFit.score())) {
          best = (IndexWalk.Walkable) index;
          bestFit = fit;
        }
      }
      if (best != null) {
        return walked(query, best, bestFit, orderBy, numberToSkip, limit, batchSize, fieldSelector);
      }
      if (!isEmpty()) {
        scanned(getCollectionName());
      }
      return matchDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
    }

    /**
     * The answer from a walk of {@code index}. A walk in the order the sort asks (forwards or backwards)
     * needs no sort, so a limit stops it early. A walk that follows only the sort's first fields (a rep's
     * activity newest first, ties by seq, over an index ending in {@code _id}) stops once the page is
     * full and the next match differs from the last on those fields, and sorts what it read; otherwise
     * every match is read and sorted.
     */
    private QueryResult walked(Document query, IndexWalk.Walkable index, IndexWalk.Fit fit, Document orderBy,
        int numberToSkip, int limit, int batchSize, Document fieldSelector) {
      IndexWalk.Order order = index.order(fit, orderBy);
      if (order == null) {
        return matchDocuments(query, index.walk(fit, false), orderBy, numberToSkip, limit, batchSize, fieldSelector);
      }
      if (order.fields() == orderBy.size()) {
        return matchDocuments(query, index.walk(fit, order.reverse()), null, numberToSkip, limit, batchSize,
            fieldSelector);
      }
      List<String> leading = new java.util.ArrayList<>(orderBy.keySet()).subList(0, order.fields());
      if (limit <= 0 || leading.stream().anyMatch(f -> f.contains("."))) {
        return matchDocuments(query, index.walk(fit, order.reverse()), orderBy, numberToSkip, limit, batchSize,
            fieldSelector);
      }
      List<Document> read = new java.util.ArrayList<>();
      Document lastKept = null;
      for (Object position : index.walk(fit, order.reverse())) {
        Document d = getDocument(position);
        if (!documentMatchesQuery(d, query)) {
          continue;
        }
        if (read.size() >= numberToSkip + limit && !sameOn(leading, d, lastKept)) {
          break;
        }
        read.add(d);
        lastKept = d;
      }
      return matchDocumentsFromStream(read.stream(), new Document(), orderBy, numberToSkip, limit, batchSize,
          fieldSelector);
    }

    /**
     * Documents an index found for the query. The backend matches each against the query again, and its
     * {@code $in} match walks the whole list for every document: a read of 2,000 log positions cost four
     * million comparisons. A single-field {@code $in} or equality an index answered is already exact
     * (the index compares values as the matcher does), so those documents are taken as they are.
     */
    @Override
    protected QueryResult matchDocuments(Document query, Iterable<Object> positions, Document orderBy,
        int numberToSkip, int limit, int batchSize, Document fieldSelector) {
      if (!answeredExactly(query)) {
        return super.matchDocuments(query, positions, orderBy, numberToSkip, limit, batchSize, fieldSelector);
      }
      Stream<Document> documents = StreamSupport.stream(positions.spliterator(), false).map(this::getDocument);
      return matchDocumentsFromStream(documents, new Document(), orderBy, numberToSkip, limit, batchSize,
          fieldSelector);
    }

    @Override
    public void addIndex(Index<Object> index) {
      long began = System.nanoTime();
      boolean build = index.isEmpty() && !isEmpty();
      super.addIndex(index);
      if (build) {
        LOG.info("index {} of {} built from {} documents in {} ms", index.getName(), getCollectionName(), count(),
            (System.nanoTime() - began) / 1_000_000);
      }
      MVStore store = store();
      built(store).put(index instanceof KeyedSecondaryIndex ? secondaryIndexMap(getCollectionName(), index.getName())
          : indexMap(getCollectionName(), index.getName()), Boolean.TRUE);
      String legacy = legacyIndexMap(getCollectionName(), index.getName());
      if (store.hasMap(legacy)) {
        store.removeMap(legacy);
      }
    }
  }
}
