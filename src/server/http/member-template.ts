// A shared render for signed-in members: a page renders once for a stand-in reader, with every
// fragment that depends on who is reading (the account menu, their vote on each item, links
// only an item's author sees) written out in all its variants between markers. The server
// keeps that render and, per request, picks each fragment's variant for the real reader
// (their handle, their votes, what they wrote). Pure: strings in, bytes out.
//
// Markers are HTML comments carrying a per-process random nonce, so no stored text can forge
// one (user HTML is sanitised, which drops comments, and could not guess the nonce anyway).

/** Stand-in handle in the account menu variant; replaced per reader (never a valid handle: upper case). */
export const templateHandle = '__KP_HANDLE__';
/** Stand-in unread-notification count in the 'unread' hole's 'some' variant; replaced per reader. */
export const templateUnread = '__KP_UNREAD__';

const nonceKey = Symbol.for('kaopu.memberTemplateNonce');
const g = globalThis as unknown as Record<symbol, string | undefined>;

/** Shared by the Astro bundle and the server (two module graphs in one process). */
function nonce(): string {
  g[nonceKey] ??= Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) => b.toString(16).padStart(2, '0')).join('');
  return g[nonceKey]!;
}

export function holeOpen(key: string): string {
  if (!/^[a-z_]+(:[a-z_0-9-]+)*$/.test(key)) throw new Error(`bad hole key ${key}`);
  return `<!--kp-${nonce()}:${key}-->`;
}
export function holeVariant(name: string): string {
  if (!/^[a-z]+$/.test(name)) throw new Error(`bad hole variant ${name}`);
  return `<!--kp-${nonce()}|${name}-->`;
}
export function holeClose(): string {
  return `<!--kp-${nonce()}/-->`;
}

/** A fragment that depends on the reader, and what is known about it without the reader. */
export type Hole =
  | { kind: 'account'; variants: Map<string, Buffer> }
  /** The reader's vote on an item, or the plain counts when the reader wrote it. */
  | { kind: 'vote'; target: string; targetId: number; ownerId: number; variants: Map<string, Buffer> }
  /** Shown only to the author (owner) of an item. */
  | { kind: 'own'; ownerId: number; variants: Map<string, Buffer> }
  /**
   * Whether the reader follows a platform or case (watch/FollowButton.astro). Looked up with the
   * votes, under the target kind `watch_<subject>` (1 = following): one query per render and reader.
   */
  | { kind: 'watch'; target: string; targetId: number; variants: Map<string, Buffer> }
  /** The inbox link in the header: 'none', or 'some' with the reader's unread count. */
  | { kind: 'unread'; variants: Map<string, Buffer> };

export interface MemberTemplate {
  /** static[0] hole[0] static[1] hole[1] … static[n] */
  statics: Buffer[];
  holes: Hole[];
  /** Vote targets on the page, by kind: what the reader's votes must be looked up for. */
  voteTargets: Map<string, number[]>;
  /** Whether the reader's unread-notification count is needed (an 'unread' hole). */
  needsUnread: boolean;
}

export interface TemplateReader {
  id: number;
  handle: string;
  /** 'kind:id' → the reader's vote. */
  votes: ReadonlyMap<string, -1 | 1>;
  /** Unread notifications (watch inbox); 0 when absent. */
  unread?: number;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Parse a member render. Null when the markers are not well formed (a render that cannot be
 * personalised must not be served to anyone).
 */
export function compileTemplate(html: string): MemberTemplate | null {
  const n = nonce();
  const open = `<!--kp-${n}:`;
  const statics: Buffer[] = [];
  const holes: Hole[] = [];
  const voteTargets = new Map<string, number[]>();
  let needsUnread = false;
  let pos = 0;
  for (;;) {
    const start = html.indexOf(open, pos);
    if (start === -1) break;
    statics.push(Buffer.from(html.slice(pos, start)));
    const keyEnd = html.indexOf('-->', start);
    if (keyEnd === -1) return null;
    const key = html.slice(start + open.length, keyEnd);
    const close = html.indexOf(`<!--kp-${n}/-->`, keyEnd);
    if (close === -1) return null;
    const body = html.slice(keyEnd + 3, close);
    if (body.includes(open)) return null; // holes do not nest
    const variants = new Map<string, Buffer>();
    const parts = body.split(`<!--kp-${n}|`);
    if (parts[0]!.trim() !== '') return null;
    for (const part of parts.slice(1)) {
      const nameEnd = part.indexOf('-->');
      if (nameEnd === -1) return null;
      variants.set(part.slice(0, nameEnd), Buffer.from(part.slice(nameEnd + 3)));
    }
    const fields = key.split(':');
    if (fields[0] === 'account' && fields.length === 1 && variants.has('member')) {
      holes.push({ kind: 'account', variants });
    } else if (fields[0] === 'vote' && fields.length === 4 && /^\d+$/.test(fields[2]!) && /^\d+$/.test(fields[3]!)
      && ['none', 'up', 'down', 'own'].every((v) => variants.has(v))) {
      const targetId = Number(fields[2]);
      holes.push({ kind: 'vote', target: fields[1]!, targetId, ownerId: Number(fields[3]), variants });
      const ids = voteTargets.get(fields[1]!) ?? [];
      if (!ids.includes(targetId)) ids.push(targetId);
      voteTargets.set(fields[1]!, ids);
    } else if (fields[0] === 'watch' && fields.length === 3 && /^(platform|incident)$/.test(fields[1]!) && /^\d+$/.test(fields[2]!)
      && variants.has('on') && variants.has('off')) {
      const target = `watch_${fields[1]}`;
      const targetId = Number(fields[2]);
      holes.push({ kind: 'watch', target, targetId, variants });
      const ids = voteTargets.get(target) ?? [];
      if (!ids.includes(targetId)) ids.push(targetId);
      voteTargets.set(target, ids);
    } else if (fields[0] === 'unread' && fields.length === 1 && variants.has('none') && variants.has('some')) {
      holes.push({ kind: 'unread', variants });
      needsUnread = true;
    } else if (fields[0] === 'own' && fields.length === 2 && /^\d+$/.test(fields[1]!) && variants.has('yes')) {
      holes.push({ kind: 'own', ownerId: Number(fields[1]), variants });
    } else {
      return null;
    }
    pos = close + `<!--kp-${n}/-->`.length;
  }
  statics.push(Buffer.from(html.slice(pos)));
  // Anything marker-like left over (a stray variant or close) means the render is broken.
  if (statics.some((s) => s.includes(`<!--kp-${n}`))) return null;
  return { statics, holes, voteTargets, needsUnread };
}

/** The page for one reader: every hole replaced by the reader's variant. */
export function fillTemplate(t: MemberTemplate, reader: TemplateReader): Buffer {
  const out: Buffer[] = [t.statics[0]!];
  for (let i = 0; i < t.holes.length; i++) {
    const hole = t.holes[i]!;
    let chosen: Buffer | undefined;
    if (hole.kind === 'account') {
      chosen = Buffer.from(accountMenuFor(hole.variants.get('member')!.toString(), reader.handle));
    } else if (hole.kind === 'vote') {
      const mine = reader.votes.get(`${hole.target}:${hole.targetId}`);
      chosen = hole.variants.get(hole.ownerId === reader.id ? 'own' : mine === 1 ? 'up' : mine === -1 ? 'down' : 'none');
    } else if (hole.kind === 'unread') {
      const n = reader.unread ?? 0;
      chosen = n > 0 ? Buffer.from(hole.variants.get('some')!.toString().split(templateUnread).join(String(Math.floor(n)))) : hole.variants.get('none');
    } else if (hole.kind === 'watch') {
      chosen = hole.variants.get(reader.votes.get(`${hole.target}:${hole.targetId}`) === 1 ? 'on' : 'off');
    } else {
      chosen = hole.ownerId === reader.id ? hole.variants.get('yes') : hole.variants.get('no');
    }
    if (chosen) out.push(chosen);
    out.push(t.statics[i + 1]!);
  }
  return Buffer.concat(out);
}

/** The stand-in handle appears in a profile URL (percent-encoded there) and as text. */
function accountMenuFor(variant: string, handle: string): string {
  return variant
    .split(`/u/${templateHandle}`).join(`/u/${escapeHtml(encodeURIComponent(handle))}`)
    .split(templateHandle).join(escapeHtml(handle));
}
