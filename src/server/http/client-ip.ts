// The client's address behind trusted reverse proxies (issue 16, item 7). Pure: no I/O.
//
// X-Forwarded-For is a list each proxy appends the address it saw to, so only the hops added by
// our own proxies can be believed: walk it from the right, skipping trusted proxies, and take the
// first address that is not one of ours ("rightmost untrusted hop", MDN X-Forwarded-For,
// "Selecting an IP address"). The leftmost entry is whatever the client chose to send. When the
// peer itself is not a trusted proxy the header is ignored altogether.
import { BlockList, isIP } from 'node:net';

export interface TrustedProxies {
  /** Whether `address` is one of the configured proxies. */
  has(address: string): boolean;
  /** The configured entries, as given (for logs and tests). */
  readonly entries: readonly string[];
}

/** `::ffff:1.2.3.4` (an IPv4 client on a dual-stack socket) → `1.2.3.4`; brackets and zone ids dropped. */
export function normaliseAddress(raw: string): string | null {
  let a = raw.trim();
  if (a.startsWith('[') && a.includes(']')) a = a.slice(1, a.indexOf(']'));
  const zone = a.indexOf('%');
  if (zone !== -1) a = a.slice(0, zone);
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(a);
  if (mapped) a = mapped[1]!;
  return isIP(a) === 0 ? null : a.toLowerCase();
}

/**
 * Parses TRUST_PROXY: comma-separated addresses or CIDR blocks (`10.0.0.5, 10.1.0.0/16, ::1`).
 * Returns null for an entry that is neither, so configuration can name it.
 */
export function parseTrustedProxies(spec: string): TrustedProxies | { invalid: string } {
  const list = new BlockList();
  const entries: string[] = [];
  for (const part of spec.split(',').map((s) => s.trim()).filter(Boolean)) {
    const slash = part.indexOf('/');
    const address = normaliseAddress(slash === -1 ? part : part.slice(0, slash));
    if (address === null) return { invalid: part };
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (slash === -1) list.addAddress(address, family);
    else {
      const bits = part.slice(slash + 1);
      const max = family === 'ipv6' ? 128 : 32;
      if (!/^\d{1,3}$/.test(bits) || Number(bits) > max) return { invalid: part };
      list.addSubnet(address, Number(bits), family);
    }
    entries.push(part);
  }
  return {
    entries,
    has(raw: string) {
      const address = normaliseAddress(raw);
      if (address === null) return false;
      return list.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');
    },
  };
}

export const noTrustedProxies: TrustedProxies = { entries: [], has: () => false };

/**
 * The client address for rate limits and fingerprints. `peer` is the socket's remote address;
 * `forwardedFor` every X-Forwarded-For header value in order (several headers count as one
 * comma-joined list, RFC 9110 §5.3).
 */
export function resolveClientIp(peer: string, forwardedFor: readonly string[] | string | null | undefined, trusted: TrustedProxies): string {
  const peerAddress = normaliseAddress(peer) ?? peer;
  if (!trusted.has(peerAddress) || !forwardedFor) return peerAddress;
  const hops = (typeof forwardedFor === 'string' ? [forwardedFor] : forwardedFor)
    .flatMap((h) => h.split(','))
    .map((h) => h.trim())
    .filter(Boolean);
  let nearest = peerAddress;
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = normaliseAddress(hops[i]!);
    // A garbled hop was written by someone we do not trust: the last proxy we did trust
    // stands for the client (the limit then errs on the side of sharing a bucket).
    if (hop === null) return nearest;
    if (!trusted.has(hop)) return hop;
    nearest = hop;
  }
  // Every hop is one of ours (a health check from inside): the furthest one is the client.
  return nearest;
}
