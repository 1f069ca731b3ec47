// Content-hashed names of the files in public/ (issue 17, item 7): the server reads them at start
// (server.ts) and serves each also as /<name>.<hash>.<ext> with `immutable`; pages link that name,
// so a new stylesheet is a new URL and browsers never revalidate the old one. Shared through
// globalThis: the Astro bundle and the server are two module graphs in one process.
import { createHash } from 'node:crypto';

const registryKey = Symbol.for('kaopu.assetPaths');
const g = globalThis as unknown as Record<symbol, ReadonlyMap<string, string> | undefined>;

/** `/styles.css` + body → `/styles.<10 hex of its SHA-256>.css`. */
export function hashedPath(path: string, body: Uint8Array): string {
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 10);
  const dot = path.lastIndexOf('.');
  return dot > path.lastIndexOf('/') ? `${path.slice(0, dot)}.${hash}${path.slice(dot)}` : `${path}.${hash}`;
}

export function registerAssetPaths(paths: ReadonlyMap<string, string>): void {
  g[registryKey] = paths;
}

/** The hashed URL of a public file; the plain path where nothing registered it (astro dev, unit renders). */
export function assetPath(path: string): string {
  return g[registryKey]?.get(path) ?? path;
}
