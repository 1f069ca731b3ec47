// A small in-process cache of PUBLIC read models (the same for every reader: home lists,
// a platform's public data), so signed-in pages, which skip the page cache, still avoid
// re-querying data that only writes change. Same tags and invalidation bus as the page
// cache; bounded TTL; single-flight so a burst of readers triggers one load.
// Never put per-user data here.
import { onInvalidate } from './invalidation.ts';

interface Entry {
  value: Promise<unknown>;
  tags: readonly string[];
  storedAtMs: number;
}

const maxEntries = 5_000;
const defaultTtlMs = 30_000;

interface Store {
  entries: Map<string, Entry>;
  unsubscribe: () => void;
}
const storeKey = Symbol.for('kaopu.readCache');
const g = globalThis as unknown as Record<symbol, Store | undefined>;

function store(): Store {
  let s = g[storeKey];
  if (!s) {
    const entries = new Map<string, Entry>();
    const unsubscribe = onInvalidate((tags) => {
      if (tags.includes('*')) return entries.clear();
      for (const [key, e] of entries) if (e.tags.some((t) => tags.includes(t))) entries.delete(key);
    });
    s = g[storeKey] = { entries, unsubscribe };
  }
  return s;
}

export async function cachedRead<T>(key: string, tags: readonly string[], load: () => Promise<T>, ttlMs = defaultTtlMs): Promise<T> {
  const { entries } = store();
  const now = Date.now();
  const hit = entries.get(key);
  if (hit && now - hit.storedAtMs < ttlMs) return hit.value as Promise<T>;
  const value = load();
  entries.set(key, { value, tags, storedAtMs: now });
  // A failed load must not be served to the next reader.
  value.catch(() => {
    if (entries.get(key)?.value === value) entries.delete(key);
  });
  if (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
  return value;
}
