// An in-memory page cache for anonymous readers, in front of the Astro pipeline.
// Keyed by method-independent URL (path + query; the locale is in the path). Bounded by
// bytes (LRU) and a short TTL; entries carry tags so writes can drop exactly the pages
// they change (see invalidation.ts).
import { createHash } from 'node:crypto';
import { brotliCompress, brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';

export interface CachedPage {
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
  /** The body gzipped once when stored (pages are text; ~5× smaller on the wire). */
  gzip: Buffer | null;
  /** And in brotli, which every current browser asks for first (~13 % smaller than gzip on our pages). */
  br: Buffer | null;
  etag: string;
  tags: string[];
  storedAtMs: number;
  /** Response headers for the plain and the gzipped body, built once (a hit copies nothing). */
  plainHeaders: Record<string, string | string[]>;
  gzipHeaders: Record<string, string | string[]> | null;
  brHeaders: Record<string, string | string[]> | null;
  /** Last LRU move; moving on every hit costs more than it buys at tens of thousands of hits/s. */
  touchedAtMs: number;
  hits: number;
}

/** How often a hot entry is moved to the LRU's young end. */
const touchIntervalMs = 1_000;
/**
 * A page this popular within one cache lifetime gets its brotli copy redone at the highest
 * quality, off the event loop (~50 ms of a pool thread for a 50 kB page; ~10 % fewer bytes
 * than quality 5 for every later reader). Cold pages are not worth that CPU.
 */
export const hotPageHits = 1_000;
/**
 * How many recently dropped keys (expired, or dropped by a write) are remembered as pages that
 * were cacheable: enough for every page read in one TTL on a busy server, a few hundred kB at most.
 */
const maxDroppedKeys = 4096;
const brotliParams = (quality: number, size: number) => ({
  params: { [zlibConstants.BROTLI_PARAM_QUALITY]: quality, [zlibConstants.BROTLI_PARAM_MODE]: zlibConstants.BROTLI_MODE_TEXT, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: size },
});

export class PageCache {
  readonly #entries = new Map<string, CachedPage>();
  readonly #byTag = new Map<string, Set<string>>();
  /** Keys of pages stored once and since expired or invalidated, oldest first (see wasStored). */
  readonly #dropped = new Set<string>();
  #bytes = 0;
  readonly ttlMs: number;
  readonly maxBytes: number;
  readonly #now: () => number;
  readonly #compress: boolean;
  hits = 0;
  misses = 0;

  /** compress: false for entries that are never sent as stored (member renders are filled in per reader). */
  constructor(opts: { ttlMs: number; maxBytes: number; now?: () => number; compress?: boolean }) {
    this.ttlMs = opts.ttlMs;
    this.maxBytes = opts.maxBytes;
    this.#now = opts.now ?? Date.now;
    this.#compress = opts.compress ?? true;
  }

  get size(): number {
    return this.#entries.size;
  }

  get(key: string): CachedPage | undefined {
    const e = this.#entries.get(key);
    if (!e) {
      this.misses++;
      return undefined;
    }
    const now = this.#now();
    if (now - e.storedAtMs >= this.ttlMs) {
      this.delete(key);
      this.#noteDropped(key);
      this.misses++;
      return undefined;
    }
    if (++e.hits === hotPageHits && e.br) this.#recompress(key, e);
    // LRU: move to the young end (at most once a second per entry).
    if (now - e.touchedAtMs >= touchIntervalMs) {
      e.touchedAtMs = now;
      this.#entries.delete(key);
      this.#entries.set(key, e);
    }
    this.hits++;
    return e;
  }

  set(key: string, page: Pick<CachedPage, 'status' | 'headers' | 'body' | 'tags'>): CachedPage | undefined {
    if (this.ttlMs <= 0 || page.body.length > this.maxBytes / 4) return undefined;
    this.delete(key);
    this.#dropped.delete(key);
    const etag = `W/"${createHash('sha1').update(page.body).digest('base64url').slice(0, 22)}"`;
    // Small bodies are not worth a second copy (1 kB: below it gzip saves little).
    const compress = this.#compress && page.body.length >= 1024;
    const gzip = compress ? gzipSync(page.body, { level: 6 }) : null;
    // Quality 5: ~2 ms for a 50 kB page, within 2 % of quality 9's size at a fifth of the time.
    const br = compress ? brotliCompressSync(page.body, brotliParams(5, page.body.length)) : null;
    const base = { ...page.headers, etag, 'x-cache': 'HIT' };
    const now = this.#now();
    const entry: CachedPage = {
      // -Infinity: the first hit always moves the entry (it was stored at the young end, but
      // others may have been stored since).
      ...page, gzip, br, etag, storedAtMs: now, touchedAtMs: Number.NEGATIVE_INFINITY, hits: 0,
      plainHeaders: { ...base, 'content-length': String(page.body.length) },
      gzipHeaders: gzip ? { ...base, 'content-length': String(gzip.length), 'content-encoding': 'gzip' } : null,
      brHeaders: br ? { ...base, 'content-length': String(br.length), 'content-encoding': 'br' } : null,
    };
    this.#entries.set(key, entry);
    this.#bytes += entry.body.length + (gzip?.length ?? 0) + (br?.length ?? 0);
    for (const tag of entry.tags) {
      let keys = this.#byTag.get(tag);
      if (!keys) this.#byTag.set(tag, (keys = new Set()));
      keys.add(key);
    }
    while (this.#bytes > this.maxBytes) {
      const oldest = this.#entries.keys().next().value;
      if (oldest === undefined) break;
      this.delete(oldest);
    }
    return entry;
  }

  #recompress(key: string, e: CachedPage): void {
    brotliCompress(e.body, brotliParams(11, e.body.length), (err, better) => {
      // Only if the entry is still the one stored (not dropped or replaced meanwhile).
      if (err || this.#entries.get(key) !== e || !e.br || better.length >= e.br.length) return;
      this.#bytes += better.length - e.br.length;
      e.br = better;
      e.brHeaders = { ...e.brHeaders!, 'content-length': String(better.length) };
    });
  }

  delete(key: string): void {
    const e = this.#entries.get(key);
    if (!e) return;
    this.#entries.delete(key);
    this.#bytes -= e.body.length + (e.gzip?.length ?? 0) + (e.br?.length ?? 0);
    for (const tag of e.tags) this.#byTag.get(tag)?.delete(key);
  }

  /** Drop every page carrying any of the tags; '*' drops everything. */
  invalidate(tags: readonly string[]): void {
    if (tags.includes('*')) {
      for (const key of this.#entries.keys()) this.#noteDropped(key);
      this.#entries.clear();
      this.#byTag.clear();
      this.#bytes = 0;
      return;
    }
    for (const tag of tags) {
      const keys = this.#byTag.get(tag);
      if (!keys) continue;
      for (const key of [...keys]) {
        this.delete(key);
        this.#noteDropped(key);
      }
      this.#byTag.delete(tag);
    }
  }

  /**
   * Whether this key held a page that expired or was dropped by a write: its next render will very
   * likely be stored again, so readers arriving meanwhile can wait for it (server.ts) rather than
   * render it too. Pages never stored (searches, forms) are not waited for.
   */
  wasStored(key: string): boolean {
    return this.#dropped.has(key);
  }

  #noteDropped(key: string): void {
    this.#dropped.delete(key);
    this.#dropped.add(key);
    if (this.#dropped.size > maxDroppedKeys) this.#dropped.delete(this.#dropped.values().next().value!);
  }
}
