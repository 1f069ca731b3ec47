// Page-cache invalidation: writes name the pages they change by tag ('platform:12',
// 'home', 'ranking', 'directory', 'modlog', '*'); every server's page cache drops them.
// The registry lives on globalThis because the Astro bundle and the node:http server
// are separate module graphs in one process. Across servers tags travel over Redis
// pub/sub when REDIS_URL is set.
import type { Redis } from 'ioredis';

type Listener = (tags: readonly string[]) => void;

interface Bus {
  /** This server's id, so it ignores its own messages coming back from Redis. */
  origin: string;
  listeners: Set<Listener>;
  publisher: Redis | null;
  channel: string;
}

const busKey = Symbol.for('kaopu.invalidation');
const globalBus = globalThis as unknown as Record<symbol, Bus | undefined>;

function bus(): Bus {
  globalBus[busKey] ??= { origin: crypto.randomUUID(), listeners: new Set(), publisher: null, channel: 'kaopu:invalidate' };
  return globalBus[busKey]!;
}

export function onInvalidate(listener: Listener): () => void {
  bus().listeners.add(listener);
  return () => bus().listeners.delete(listener);
}

function deliverLocally(tags: readonly string[]): void {
  for (const l of bus().listeners) l(tags);
}

/** Drop cached pages with any of these tags, here and on every other server. */
export function invalidatePages(tags: readonly string[]): void {
  if (tags.length === 0) return;
  deliverLocally(tags);
  const b = bus();
  // Fire and forget: the short TTL bounds staleness if a message is lost.
  b.publisher?.publish(b.channel, JSON.stringify({ tags, origin: b.origin })).catch(() => {});
}

/** Connect to Redis pub/sub: publish our invalidations and apply everyone else's. */
export async function connectInvalidationBus(redisUrl: string): Promise<() => Promise<void>> {
  const { Redis } = await import('ioredis');
  const b = bus();
  const publisher = new Redis(redisUrl, { maxRetriesPerRequest: 2 });
  const subscriber = new Redis(redisUrl, { maxRetriesPerRequest: 2 });
  publisher.on('error', () => {});
  subscriber.on('error', () => {});
  await subscriber.subscribe(b.channel);
  subscriber.on('message', (_channel: string, message: string) => {
    try {
      const { tags, origin } = JSON.parse(message) as { tags: string[]; origin?: string };
      if (origin === b.origin) return; // already applied locally when published
      if (Array.isArray(tags)) deliverLocally(tags.filter((x) => typeof x === 'string'));
    } catch {
      /* ignore malformed messages */
    }
  });
  b.publisher = publisher;
  return async () => {
    b.publisher = null;
    subscriber.disconnect();
    publisher.disconnect();
  };
}
