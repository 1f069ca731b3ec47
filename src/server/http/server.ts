// Our node:http server: static files from memory, then cached anonymous pages, then the
// Astro handler (@astrojs/node in middleware mode). Measured reason (docs/STACK.md, issue 3):
// an Astro render reaches ~0.08 of a bare node:http server; a cache hit here ~0.9.
import http from 'node:http';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { hashedPath, registerAssetPaths } from './assets.ts';
import { PageCache, type CachedPage } from './page-cache.ts';
import { onInvalidate } from './invalidation.ts';
import { securityHeaders } from '../security/headers.ts';
import type { MemberPages } from './member-pages.ts';
import { misdirectedPage, sendFailure } from './unavailable.ts';
import { localeFromPath } from '../../i18n/index.ts';

export type AstroHandler = (req: http.IncomingMessage, res: http.ServerResponse, next?: (err?: unknown) => void, locals?: object) => Promise<void> | void;

const mimeTypes: Record<string, string> = {
  '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg', '.ico': 'image/x-icon', '.txt': 'text/plain; charset=utf-8',
  '.json': 'application/json', '.woff2': 'font/woff2', '.webmanifest': 'application/manifest+json',
};

interface StaticFile {
  body: Buffer;
  type: string;
  cacheControl: string;
  etag: string;
  /** Compressed copies of text files (made once at start; null when not worth it). */
  gzip: Buffer | null;
  br: Buffer | null;
}

/** Text types worth compressing (images other than SVG and fonts are compressed already). */
const compressible = /^(text\/|image\/svg\+xml|application\/(json|manifest\+json|xml))/;
/** Below about one packet compression saves nothing worth the Content-Encoding round. */
const minCompressBytes = 1024;
/** Hashed names never change meaning: cache for a year (the longest max-age caches honour), never revalidate. */
const immutable = 'public, max-age=31536000, immutable';

function staticFile(body: Buffer, type: string, cacheControl: string): StaticFile {
  const worth = compressible.test(type) && body.length >= minCompressBytes;
  // Made once per process at start: the best settings are affordable (a 24 kB stylesheet: ~40 ms at brotli 11).
  const gzip = worth ? zlib.gzipSync(body, { level: 9 }) : null;
  const br = worth ? zlib.brotliCompressSync(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length } }) : null;
  return { body, type, cacheControl, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`, gzip, br };
}

/**
 * Every file of the client build. Astro's own assets (/_astro/) are content-hashed already; each
 * file from public/ is served under its plain name (revalidated hourly, for old links) and under
 * a content-hashed name (assets.ts) that pages link, cached as immutable.
 */
function loadStaticFiles(clientDir: string): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  const hashed = new Map<string, string>();
  const walk = (dir: string) => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else {
        const rel = '/' + path.relative(clientDir, full).split(path.sep).join('/');
        const body = readFileSync(full);
        const type = mimeTypes[path.extname(name).toLowerCase()] ?? 'application/octet-stream';
        if (rel.startsWith('/_astro/')) {
          files.set(rel, staticFile(body, type, immutable));
        } else {
          const file = staticFile(body, type, 'public, max-age=3600');
          files.set(rel, file);
          const named = hashedPath(rel, body);
          hashed.set(rel, named);
          files.set(named, { ...file, cacheControl: immutable });
        }
      }
    }
  };
  walk(clientDir);
  registerAssetPaths(hashed);
  return files;
}

export interface HttpServerOptions {
  handler: AstroHandler;
  clientDir: string;
  cache: { ttlMs: number; maxBytes: number };
  https?: boolean;
  /** Signed-in members' pages from a shared render (member-pages.ts); absent: every member page renders in full. */
  member?: MemberPages;
  /**
   * Whether a Host header names this site (origin.ts). Others get 421 before anything else —
   * before the page cache, so a forged Host can neither read nor fill it (issue 16, finding 3).
   * Absent: every Host is answered.
   */
  allowedHost?: (host: string | undefined) => boolean;
  /**
   * A POST answered here, before Astro, when it returns true: for senders that cannot pass
   * Astro's origin check — a mail client's RFC 8058 one-click unsubscribe has no Origin header
   * (watch/unsubscribe-route.ts; the token in the URL is what authorises it).
   */
  earlyPost?: (req: http.IncomingMessage, res: http.ServerResponse, pathname: string) => boolean;
}

/** Brotli when the client takes it, else gzip, else none (a q=0 refuses a coding). */
function parseAcceptEncoding(ae: string): 'br' | 'gzip' | null {
  if (/\bbr\b/.test(ae) && !/\bbr\s*;\s*q=0(\.0*)?\b/.test(ae)) return 'br';
  if (/\bgzip\b/.test(ae) && !/\bgzip\s*;\s*q=0(\.0*)?\b/.test(ae)) return 'gzip';
  return null;
}
// Browsers send a handful of distinct values: remember the answer rather than re-run the regexes per hit.
const encodingByHeader = new Map<string, 'br' | 'gzip' | null>();
function preferredEncoding(req: http.IncomingMessage): 'br' | 'gzip' | null {
  const ae = req.headers['accept-encoding'];
  if (typeof ae !== 'string') return null;
  let enc = encodingByHeader.get(ae);
  if (enc === undefined) {
    enc = parseAcceptEncoding(ae);
    if (encodingByHeader.size < 256 && ae.length <= 256) encodingByHeader.set(ae, enc);
  }
  return enc;
}

/** Anonymous = no session cookie at all (any value: we do not validate here). */
function hasSessionCookie(req: http.IncomingMessage): boolean {
  const cookie = req.headers.cookie;
  return !!cookie && cookie.includes('kaopu_session=');
}

export function createHttpServer(opts: HttpServerOptions): { server: http.Server; cache: PageCache } {
  const files = loadStaticFiles(opts.clientDir);
  const cache = new PageCache(opts.cache);
  /** Anonymous renders under way of pages that were cached (URL → settles when it is stored or failed). */
  const rendering = new Map<string, Promise<void>>();
  onInvalidate((tags) => {
    cache.invalidate(tags);
    // A render begun before this write may show what the write changed: readers arriving from
    // now on render afresh instead of waiting for it.
    rendering.clear();
  });
  const staticHeaders = securityHeaders({ https: !!opts.https });

  // 64 KiB of request line + headers: a 10 kB Chinese search query is ~30 KB percent-encoded,
  // beyond Node's 16 KiB default; the search itself caps what it reads (segment.ts).
  const runAstro = (req: http.IncomingMessage, res: http.ServerResponse, locals?: object) =>
    Promise.resolve(opts.handler(req, res, undefined, locals)).catch((err) => failed(req, res, err));
  const failed = (req: http.IncomingMessage, res: http.ServerResponse, err: unknown) => {
    console.error('request failed', (err as Error)?.message);
    if (!res.headersSent) sendFailure(req, res, err, staticHeaders);
  };

  const server = http.createServer({ maxHeaderSize: 64 * 1024 }, (req, res) => {
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    // /healthz stays answerable by a load balancer probing an internal address.
    if (opts.allowedHost && !opts.allowedHost(req.headers.host) && !(url === '/healthz' || url.startsWith('/healthz?'))) {
      const page = misdirectedPage(localeFromPath(url.split('?')[0]!));
      res.writeHead(page.status, { ...staticHeaders, ...page.headers, Connection: 'close' });
      res.end(method === 'HEAD' ? undefined : page.body);
      return;
    }
    if (method === 'POST' && opts.earlyPost) {
      const q = url.indexOf('?');
      if (opts.earlyPost(req, res, q === -1 ? url : url.slice(0, q))) return;
    }
    if (method === 'GET' || method === 'HEAD') {
      const qIndex = url.indexOf('?');
      const pathname = qIndex === -1 ? url : url.slice(0, qIndex);
      const file = files.get(pathname);
      if (file) {
        const vary = file.gzip ? { Vary: 'Accept-Encoding' } : undefined;
        const encoding = file.gzip ? preferredEncoding(req) : null;
        // A strong validator names one representation (RFC 9110 §8.8.3): each coding has its own.
        const etag = encoding ? `${file.etag.slice(0, -1)}-${encoding}"` : file.etag;
        if (req.headers['if-none-match'] === etag) {
          res.writeHead(304, { ETag: etag, 'Cache-Control': file.cacheControl, ...vary });
          res.end();
          return;
        }
        const body = encoding === 'br' ? file.br! : encoding === 'gzip' ? file.gzip! : file.body;
        res.writeHead(200, {
          'Content-Type': file.type, 'Content-Length': body.length, 'Cache-Control': file.cacheControl, ETag: etag, 'X-Content-Type-Options': 'nosniff',
          ...(encoding ? { 'Content-Encoding': encoding } : {}), ...vary,
        });
        res.end(method === 'HEAD' ? undefined : body);
        return;
      }
      if (!hasSessionCookie(req) && url.length <= 2048) {
        const hit = cache.get(url);
        if (hit) return sendCached(req, res, hit);
        const pending = rendering.get(url);
        if (pending) {
          // Wait for the render under way, then serve what it stored (or render here if it stored nothing).
          void pending.then(() => {
            const stored = cache.get(url);
            if (stored) return sendCached(req, res, stored);
            capture(req, res, cache, url);
            return runAstro(req, res);
          }).catch((err) => failed(req, res, err));
          return;
        }
        // One render at a time of a page that was cached before (expired, or dropped by a write):
        // under load, every reader arriving at that moment would otherwise render it again — at a
        // 30 s TTL, 32 connections meant 32 renders of an 87 kB page and ~0.6 s of 99th-percentile
        // latency every 30 s (wrk, scripts/bench.ts). Member renders do the same (member-pages.ts).
        if (cache.wasStored(url)) {
          let done!: () => void;
          const render = new Promise<void>((resolve) => (done = resolve));
          const settle = () => {
            if (rendering.get(url) === render) rendering.delete(url);
            done();
          };
          rendering.set(url, render);
          // 'close' comes after the stored response was written, or when the client went away.
          res.once('close', settle);
        }
        capture(req, res, cache, url);
      } else if (opts.member && url.length <= 2048) {
        const token = opts.member.candidate(req, pathname);
        if (token) {
          void opts.member.serve(req, res, url, token, (locals) => runAstro(req, res, locals), () => void runAstro(req, res))
            .catch((err) => failed(req, res, err));
          return;
        }
      }
    }
    void runAstro(req, res);
  });
  server.keepAliveTimeout = 65_000;
  return { server, cache };
}

/** A stored page, in the coding the client prefers; 304 when it already has this one. */
function sendCached(req: http.IncomingMessage, res: http.ServerResponse, hit: CachedPage): void {
  if (req.headers['if-none-match'] === hit.etag) {
    res.writeHead(304, { ETag: hit.etag });
    res.end();
    return;
  }
  const head = req.method === 'HEAD';
  const encoding = hit.gzip === null ? null : preferredEncoding(req);
  if (encoding === 'br' && hit.br) {
    res.writeHead(hit.status, hit.brHeaders!);
    res.end(head ? undefined : hit.br);
  } else if (encoding !== null) {
    res.writeHead(hit.status, hit.gzipHeaders!);
    res.end(head ? undefined : hit.gzip);
  } else {
    res.writeHead(hit.status, hit.plainHeaders);
    res.end(head ? undefined : hit.body);
  }
}

/**
 * Watch the Astro response for this anonymous GET: if the page marked itself cacheable
 * (x-kaopu-cache: tags), sets no cookie and answers 200, store it. The marker header is
 * removed before anything reaches the client.
 */
function capture(req: http.IncomingMessage, res: http.ServerResponse, cache: PageCache, key: string): void {
  let tags: string[] | null = null;
  let status = 200;
  let headersOut: Record<string, string | string[]> = {};
  const chunks: Buffer[] = [];
  const origWriteHead = res.writeHead.bind(res) as (...a: unknown[]) => http.ServerResponse;
  const origWrite = res.write.bind(res) as (...a: unknown[]) => boolean;
  const origEnd = res.end.bind(res) as (...a: unknown[]) => http.ServerResponse;

  res.writeHead = ((code: number, ...rest: unknown[]) => {
    status = code;
    const headers = (rest.find((r) => r && typeof r === 'object') ?? {}) as Record<string, string | string[]>;
    const marker = headers['x-kaopu-cache'];
    if (marker !== undefined) {
      delete headers['x-kaopu-cache'];
      const cookie = headers['set-cookie'];
      if (code === 200 && (!cookie || (Array.isArray(cookie) && cookie.length === 0))) {
        tags = String(marker).split(/\s+/).filter(Boolean);
        headers['cache-control'] = 'public, max-age=0, must-revalidate';
        headers['vary'] = 'Cookie, Accept-Encoding';
        headersOut = { ...headers };
      }
    }
    return origWriteHead(code, ...rest);
  }) as typeof res.writeHead;
  res.write = ((chunk: unknown, ...rest: unknown[]) => {
    if (tags && chunk) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array | string));
    return origWrite(chunk, ...rest);
  }) as typeof res.write;
  res.end = ((chunk?: unknown, ...rest: unknown[]) => {
    if (tags && chunk && typeof chunk !== 'function') chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array | string));
    if (tags && req.method === 'GET') {
      const body = Buffer.concat(chunks);
      delete headersOut['content-length'];
      headersOut['content-length'] = String(body.length);
      cache.set(key, { status, headers: headersOut, body, tags });
    }
    return origEnd(chunk, ...rest);
  }) as typeof res.end;
}
