// Lists kept in jsonb columns (or their text, as PGlite and `pg` can return either), read back
// item by item: a stored row written by another version, or damaged, must never break a page.

/**
 * The items of a stored JSON list that pass `isItem`; null when the value is absent, not JSON,
 * or not a list. Callers decide whether "no list" reads as none ([]) or as unknown (null).
 */
export function storedList<T>(raw: unknown, isItem: (item: unknown) => item is T): T[] | null {
  if (raw === null || raw === undefined) return null;
  let list: unknown = raw;
  if (typeof raw === 'string') {
    try {
      list = JSON.parse(raw);
    } catch {
      return null;
    }
  }
  return Array.isArray(list) ? list.filter(isItem) : null;
}
