// A small in-process cache of PUBLIC read models (the same for every reader: home lists,
// a platform's public data), so signed-in pages, which skip the page cache, still avoid
// re-querying data that only writes change. Same tags and invalidation bus as the page
// cache; bounded TTL; single-flight so a burst of readers triggers one load.
// Never put per-user data here.
import { onInvalidate } from './invalidation.ts';
import type { CacheTag } from './cache-tags.ts';

interface Entry {
  value: Promise<unknown>;
  /** Known once the value resolves when the caller derives tags from it. */
  tags: readonly string[];
  storedAtMs: number;
}

const maxEntries = 5_000;
const defaultTtlMs = 30_000;

interface Store {
  entries: Map<string, Entry>;
  /** Counts invalidations (kept here, not in a module variable: the store is shared across module copies). */
  generation: number;
  unsubscribe: () => void;
}
const storeKey = Symbol.for('kaopu.readCache');
const g = globalThis as unknown as Record<symbol, Store | undefined>;

function store(): Store {
  let s = g[storeKey];
  if (!s) {
    const entries = new Map<string, Entry>();
    const unsubscribe = onInvalidate((tags) => {
      s!.generation++;
      if (tags.includes('*')) return entries.clear();
      for (const [key, e] of entries) if (e.tags.some((t) => tags.includes(t))) entries.delete(key);
    });
    s = g[storeKey] = { entries, unsubscribe, generation: 0 };
  }
  return s;
}

const dbIds = new WeakMap<object, number>();
let nextDbId = 1;
/** Cache keys are per database handle: one process may hold several (tests, scripts). */
function scope(db: object): number {
  let id = dbIds.get(db);
  if (id === undefined) dbIds.set(db, (id = nextDbId++));
  return id;
}

/**
 * `tags` may be derived from the loaded value (e.g. a platform page looked up by slug is
 * tagged with its id once loaded).
 */
export async function cachedRead<T>(
  db: object,
  key: string,
  tags: readonly CacheTag[] | ((value: T) => readonly CacheTag[]),
  load: () => Promise<T>,
  ttlMs = defaultTtlMs,
): Promise<T> {
  const st = store();
  const { entries } = st;
  key = `${scope(db)}:${key}`;
  const now = Date.now();
  const hit = entries.get(key);
  if (hit && now - hit.storedAtMs < ttlMs) return hit.value as Promise<T>;
  const value = load();
  const entry: Entry = { value, tags: typeof tags === 'function' ? [] : tags, storedAtMs: now };
  entries.set(key, entry);
  if (typeof tags === 'function') {
    // Tags known only after the load: an invalidation during the load cannot target this
    // entry, so any invalidation at all in that window drops it (conservative).
    const generationAtStart = st.generation;
    void value.then((v) => {
      if (entries.get(key) !== entry) return;
      if (st.generation !== generationAtStart) entries.delete(key);
      else entry.tags = tags(v);
    }, () => {});
  }
  // A failed load must not be served to the next reader.
  value.catch(() => {
    if (entries.get(key)?.value === value) entries.delete(key);
  });
  if (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
  return value;
}
