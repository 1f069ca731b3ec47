// Responses for the badge, share image, sitemap and robots.txt: a strong ETag from the body, a
// 304 when the client already holds it (RFC 9110 §13.1.2: If-None-Match lists entity tags, or *).
import { createHash } from 'node:crypto';

export function etagOf(body: string | Uint8Array): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}

export function ifNoneMatchHits(header: string | null, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  // Weak comparison (RFC 9110 §8.8.3.2): a proxy may have weakened our tag with W/.
  return header.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}

/** 200 with the body, or 304 with the same validators when the client's copy is current. */
export function cacheableResponse(request: Request, body: string | Uint8Array, status: number, headers: Record<string, string>): Response {
  const etag = etagOf(body);
  const all: Record<string, string> = { ...headers, ETag: etag };
  if (status === 200 && ifNoneMatchHits(request.headers.get('if-none-match'), etag)) {
    const rest = { ...all };
    delete rest['Content-Type'];
    return new Response(null, { status: 304, headers: rest });
  }
  return new Response(request.method === 'HEAD' ? null : (body as BodyInit), { status, headers: all });
}
