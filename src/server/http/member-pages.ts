// Pages for signed-in members from a shared render (member-template.ts): a page that opts in
// renders once for a stand-in member; each reader then gets that render with their own
// fragments picked in (account menu, their votes, what only an author sees). The session is
// checked on every request (session-peek.ts: same rules, a copy of the row at most seconds
// old, never writing); the reader's votes come from the database, kept per reader and render
// until that reader votes again. Staff, readers owing a second factor, sessions due for a
// refresh and pages that do not opt in take the full Astro pipeline, unchanged.
import type http from 'node:http';
import { PageCache, type CachedPage } from './page-cache.ts';
import { onInvalidate } from './invalidation.ts';
import { compileTemplate, fillTemplate, type MemberTemplate } from './member-template.ts';
import { sendFailure } from './unavailable.ts';

export interface MemberReader { id: number; handle: string }

export interface MemberPagesDeps {
  /** Cheap path test: which URLs may have a member render at all. */
  matches(pathname: string): boolean;
  cookieName: string;
  /** An active plain member behind this session token, or null (the full pipeline answers). */
  peek(token: string, nowMs: number): Promise<MemberReader | null>;
  /** The reader's votes on these items ('kind' → ids): 'kind:id' → value. */
  votes(readerId: number, targets: ReadonlyMap<string, number[]>): Promise<Map<string, -1 | 1>>;
  /** The reader's unread notifications (the header's inbox link); absent: none shown. */
  unread?(readerId: number): Promise<number>;
}

/** Response header a page sets (with its invalidation tags) when it rendered as the stand-in. */
export const memberTemplateHeader = 'x-kaopu-member-template';

const votesTtlMs = 30_000;
const maxVoteEntries = 20_000;

function sessionToken(cookieHeader: string | undefined, name: string): string | null {
  if (!cookieHeader) return null;
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq !== -1 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

export class MemberPages {
  readonly templates: PageCache;
  readonly #compiled = new WeakMap<CachedPage, MemberTemplate>();
  readonly #serials = new WeakMap<MemberTemplate, number>();
  #nextSerial = 1;
  /** `${readerId}:${serial}` → that reader's votes on that render. */
  readonly #votes = new Map<string, { value: Promise<Map<string, -1 | 1>>; storedAtMs: number }>();
  readonly #deps: MemberPagesDeps;
  /** readerId → their unread count, kept as briefly as votes (dropped by viewer:<id>). */
  readonly #unread = new Map<number, { value: Promise<number>; storedAtMs: number }>();
  readonly #inflight = new Map<string, Promise<void>>();
  served = 0;

  constructor(deps: MemberPagesDeps, cache: { ttlMs: number; maxBytes: number }) {
    this.#deps = deps;
    this.templates = new PageCache({ ...cache, compress: false });
    onInvalidate((tags) => {
      this.templates.invalidate(tags);
      if (tags.includes('*')) {
        this.#unread.clear();
        return this.#votes.clear();
      }
      for (const tag of tags) {
        if (!tag.startsWith('viewer:')) continue;
        this.#unread.delete(Number(tag.slice('viewer:'.length)));
        const prefix = `${tag.slice('viewer:'.length)}:`;
        for (const key of this.#votes.keys()) if (key.startsWith(prefix)) this.#votes.delete(key);
      }
    });
  }

  /** True when this request is a candidate (GET of a matching path with a session cookie). */
  candidate(req: http.IncomingMessage, pathname: string): string | null {
    if (!this.#deps.matches(pathname)) return null;
    return sessionToken(req.headers.cookie, this.#deps.cookieName);
  }

  /**
   * Serve the request: from a stored render, or by rendering as the stand-in (`renderAstro`
   * with locals asking for it) and storing the result. `fallback` runs the normal pipeline.
   */
  async serve(req: http.IncomingMessage, res: http.ServerResponse, url: string, token: string,
    renderAstro: (locals: object) => Promise<void> | void, fallback: () => void): Promise<void> {
    const nowMs = Date.now();
    const reader = await this.#deps.peek(token, nowMs);
    if (!reader) return fallback();
    // One render per URL at a time: a write drops the stored render, and every reader arriving
    // meanwhile waits for the one being made instead of rendering it again.
    const inflight = this.#inflight.get(url);
    if (inflight) await inflight;
    const hit = this.templates.get(url);
    if (hit) {
      const compiled = this.#compiled.get(hit);
      if (compiled) return this.#send(req, res, hit.status, { ...hit.headers, 'x-cache': 'SHARED' }, compiled, reader, nowMs);
    }
    let finished!: () => void;
    const rendering = new Promise<void>((resolve) => (finished = resolve));
    const settle = () => {
      if (this.#inflight.get(url) === rendering) this.#inflight.delete(url);
      finished();
    };
    if (!inflight) this.#inflight.set(url, rendering);
    this.#capture(req, res, url, reader, nowMs, settle);
    try {
      await renderAstro({ memberTemplate: 'requested' });
    } finally {
      // Idempotent; releases the waiting readers even when the render failed before res.end.
      settle();
    }
  }

  async #send(req: http.IncomingMessage, res: http.ServerResponse, status: number, headers: Record<string, string | string[]>,
    compiled: MemberTemplate, reader: MemberReader, nowMs: number): Promise<void> {
    const votes = compiled.voteTargets.size === 0 ? new Map<string, -1 | 1>() : await this.#votesFor(reader.id, compiled, nowMs);
    const unread = compiled.needsUnread ? await this.#unreadFor(reader.id, nowMs) : 0;
    const body = fillTemplate(compiled, { id: reader.id, handle: reader.handle, votes, unread });
    this.served++;
    res.writeHead(status, { ...headers, 'content-length': String(body.length) });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  #unreadFor(readerId: number, nowMs: number): Promise<number> {
    if (!this.#deps.unread) return Promise.resolve(0);
    const hit = this.#unread.get(readerId);
    if (hit && nowMs - hit.storedAtMs < votesTtlMs) return hit.value;
    const value = this.#deps.unread(readerId);
    this.#unread.set(readerId, { value, storedAtMs: nowMs });
    value.catch(() => this.#unread.delete(readerId));
    if (this.#unread.size > maxVoteEntries) this.#unread.delete(this.#unread.keys().next().value!);
    return value;
  }

  #votesFor(readerId: number, compiled: MemberTemplate, nowMs: number): Promise<Map<string, -1 | 1>> {
    let serial = this.#serials.get(compiled);
    if (serial === undefined) this.#serials.set(compiled, (serial = this.#nextSerial++));
    const key = `${readerId}:${serial}`;
    const hit = this.#votes.get(key);
    if (hit && nowMs - hit.storedAtMs < votesTtlMs) return hit.value;
    const value = this.#deps.votes(readerId, compiled.voteTargets);
    this.#votes.set(key, { value, storedAtMs: nowMs });
    value.catch(() => this.#votes.delete(key));
    if (this.#votes.size > maxVoteEntries) this.#votes.delete(this.#votes.keys().next().value!);
    return value;
  }

  /**
   * Watch the stand-in render. A response without the page's marker header (a page that does
   * not opt in, a redirect, a reader who turned out not to be a plain member) passes through
   * untouched; with it, the render is compiled, stored when cacheable, and filled for this reader.
   */
  #capture(req: http.IncomingMessage, res: http.ServerResponse, url: string, reader: MemberReader, nowMs: number, settle: () => void): void {
    let template: { status: number; headers: Record<string, string | string[]>; tags: string[]; cacheable: boolean } | null = null;
    const chunks: Buffer[] = [];
    const origWriteHead = res.writeHead.bind(res) as (...a: unknown[]) => http.ServerResponse;
    const origWrite = res.write.bind(res) as (...a: unknown[]) => boolean;
    const origEnd = res.end.bind(res) as (...a: unknown[]) => http.ServerResponse;
    const restore = () => {
      res.writeHead = origWriteHead as typeof res.writeHead;
      res.write = origWrite as typeof res.write;
      res.end = origEnd as typeof res.end;
    };
    res.writeHead = ((code: number, ...rest: unknown[]) => {
      const headers = (rest.find((r) => r && typeof r === 'object') ?? {}) as Record<string, string | string[]>;
      const marker = headers[memberTemplateHeader];
      if (marker === undefined) {
        restore();
        settle();
        return origWriteHead(code, ...rest);
      }
      const out = { ...headers };
      delete out[memberTemplateHeader];
      delete out['content-length'];
      const cookie = out['set-cookie'];
      const setsCookie = !!cookie && (!Array.isArray(cookie) || cookie.length > 0);
      const tags = String(marker).split(/\s+/).filter(Boolean);
      template = { status: code, headers: out, tags, cacheable: code === 200 && !setsCookie && tags.length > 0 && req.method === 'GET' };
      return res;
    }) as typeof res.writeHead;
    res.write = ((chunk: unknown) => {
      if (chunk) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array | string));
      return true;
    }) as typeof res.write;
    res.end = ((chunk?: unknown) => {
      if (chunk && typeof chunk !== 'function') chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array | string));
      restore();
      const t = template!;
      const html = Buffer.concat(chunks).toString();
      const compiled = compileTemplate(html);
      if (!compiled) {
        // Never send an unfilled render: it would show the stand-in's menu.
        console.error('member render could not be compiled', url.split('?')[0]);
        settle();
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
        res.end('500');
        return res;
      }
      if (t.cacheable) {
        const stored = this.templates.set(url, { status: t.status, headers: { ...t.headers }, body: Buffer.from(html), tags: t.tags });
        if (stored) this.#compiled.set(stored, compiled);
      }
      settle();
      void this.#send(req, res, t.status, t.headers, compiled, reader, nowMs).catch((err) => {
        console.error('member page failed', (err as Error)?.message);
        if (!res.headersSent) sendFailure(req, res, err);
      });
      return res;
    }) as typeof res.end;
  }
}
