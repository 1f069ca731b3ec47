// Coarse registration fingerprint: links sock-puppet accounts (托儿 rings) made from
// one network + browser without ever storing who the person is or their address.
//
// Signals are deliberately coarse: an IP *prefix* (not the address), the browser
// family and major version, the OS family and the first Accept-Language tag. Two
// sign-ups from one office or one phone collide (that is the point: the reputation
// model only treats a shared fingerprint as a weak signal, moderators see clusters);
// an ordinary browser update or a new DHCP lease inside the same network does not
// split them.
import { createHmac } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';

/** Minimum salt length (characters): a short or empty salt makes the 2^24 IPv4 /24
 *  prefixes trivially enumerable, so the hash would reveal the network. */
export const minimumSaltLength = 16;

/** Length of the returned fingerprint in hex characters (128 bits: collisions between
 *  distinct signal sets are negligible, and it is short enough for an index). */
export const fingerprintHexLength = 32;

/** Returned by `ipPrefix` for anything that is not an IP address. All such inputs share
 *  one bucket / one fingerprint component, which errs on the side of limiting them. */
export const invalidIpPrefix = 'invalid';

export interface IpPrefixOptions {
  /** Prefix length kept for IPv6, in bits. 48 = one customer site (fingerprints);
   *  64 = one subnet, the smallest unit an ISP hands out (rate-limit keys). */
  ipv6PrefixBits?: 48 | 64;
}

/**
 * The network an address belongs to: IPv4 /24, IPv6 /48 (or /64). IPv4-mapped IPv6
 * addresses (`::ffff:1.2.3.4`, as Node reports IPv4 clients on a dual-stack socket)
 * are treated as the IPv4 address they carry.
 */
export function ipPrefix(ip: string, options: IpPrefixOptions = {}): string {
  const ipv6PrefixBits = options.ipv6PrefixBits ?? 48;
  let address = ip.trim();
  if (address.startsWith('[') && address.endsWith(']')) address = address.slice(1, -1);
  if (isIPv4(address)) return ipv4Prefix(address.split('.').map(Number));
  // Zone ids (`fe80::1%eth0`) name a local interface, not part of the address.
  const zone = address.indexOf('%');
  if (zone !== -1) address = address.slice(0, zone);
  if (!isIPv6(address)) return invalidIpPrefix;
  const hextets = parseIpv6(address);
  if (hextets === null) return invalidIpPrefix;
  // ::ffff:0:0/96 is IPv4-mapped (RFC 4291 §2.5.5.2).
  if (hextets.slice(0, 5).every((h) => h === 0) && hextets[5] === 0xffff) {
    const hi = hextets[6] ?? 0;
    const lo = hextets[7] ?? 0;
    return ipv4Prefix([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
  }
  const kept = hextets.slice(0, ipv6PrefixBits / 16).map((h) => h.toString(16));
  return `${kept.join(':')}::/${ipv6PrefixBits}`;
}

function ipv4Prefix(octets: number[]): string {
  return `${octets[0]}.${octets[1]}.${octets[2]}.0/24`;
}

/** Expands a valid IPv6 address (already checked by `isIPv6`) into 8 hextets. */
function parseIpv6(address: string): number[] | null {
  let text = address.toLowerCase();
  // A dotted IPv4 tail (`::ffff:1.2.3.4`) stands for the last two hextets.
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  if (tail.includes('.')) {
    const o = tail.split('.').map(Number);
    const hi = ((o[0] ?? 0) << 8) | (o[1] ?? 0);
    const lo = ((o[2] ?? 0) << 8) | (o[3] ?? 0);
    text = `${text.slice(0, lastColon + 1)}${hi.toString(16)}:${lo.toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const parse = (part: string | undefined): number[] =>
    part === undefined || part === '' ? [] : part.split(':').map((h) => Number.parseInt(h, 16));
  const head = parse(halves[0]);
  const rest = parse(halves[1]);
  if (halves.length === 1) return head.length === 8 ? head : null;
  const zeros = 8 - head.length - rest.length;
  if (zeros < 1) return null;
  return [...head, ...new Array<number>(zeros).fill(0), ...rest];
}

export interface CoarseUserAgent {
  /** 'wechat' | 'edge' | 'opera' | 'firefox' | 'chrome' | 'safari' | 'other' */
  browser: string;
  /** Major version only: minor versions change every few weeks and would split a person. */
  major: string;
  /** 'windows' | 'android' | 'ios' | 'macos' | 'chromeos' | 'linux' | 'other' */
  os: string;
}

// Order matters: Edge, Opera and WeChat also say "Chrome" and "Safari";
// Chrome says "Safari"; iOS browsers use their own tokens (CriOS, FxiOS, EdgiOS).
const browserPatterns: ReadonlyArray<readonly [string, RegExp]> = [
  ['wechat', /MicroMessenger\/(\d+)/],
  ['edge', /Edg(?:e|A|iOS)?\/(\d+)/],
  ['opera', /OPR\/(\d+)/],
  ['firefox', /(?:Firefox|FxiOS)\/(\d+)/],
  ['chrome', /(?:Chrome|CriOS)\/(\d+)/],
  ['safari', /Version\/(\d+)\S* .*Safari\//],
];

const osPatterns: ReadonlyArray<readonly [string, RegExp]> = [
  ['windows', /Windows/],
  ['android', /Android/],
  ['ios', /iPhone|iPad|iPod/],
  ['macos', /Macintosh|Mac OS X/],
  ['chromeos', /CrOS/],
  ['linux', /Linux/],
];

export function coarseUserAgent(userAgent: string | null | undefined): CoarseUserAgent {
  // Cap the input (bytes of attacker-controlled header) before running regexes on it.
  const ua = (userAgent ?? '').slice(0, 512);
  let browser = 'other';
  let major = '0';
  for (const [name, pattern] of browserPatterns) {
    const match = pattern.exec(ua);
    if (match) {
      browser = name;
      major = match[1] ?? '0';
      break;
    }
  }
  let os = 'other';
  for (const [name, pattern] of osPatterns) {
    if (pattern.test(ua)) {
      os = name;
      break;
    }
  }
  return { browser, major, os };
}

/** First language range of an Accept-Language header, lowercased (`zh-CN,zh;q=0.9` → `zh-cn`). */
export function primaryLanguage(acceptLanguage: string | null | undefined): string {
  const first = (acceptLanguage ?? '').split(',')[0]?.split(';')[0]?.trim().toLowerCase() ?? '';
  // Keep language and region only; anything longer or odd is noise (or an attempt to
  // make every sign-up look unique).
  const match = /^([a-z]{2,3})(?:-([a-z0-9]{2,4}))?/.exec(first);
  if (!match) return 'none';
  return match[2] ? `${match[1]}-${match[2]}` : (match[1] ?? 'none');
}

export interface FingerprintSignals {
  ip: string;
  userAgent: string | null | undefined;
  acceptLanguage: string | null | undefined;
}

/**
 * HMAC-SHA-256 (keyed by the server-side `salt`) of the coarse signals, as 32 hex
 * characters. Keyed rather than a bare hash so that nobody holding only the database
 * can test which network a fingerprint came from. Never contains the address.
 */
export function registrationFingerprint(signals: FingerprintSignals, salt: string): string {
  assertSalt(salt);
  const ua = coarseUserAgent(signals.userAgent);
  const material = [
    'kaopu-fp-v1',
    `net=${ipPrefix(signals.ip, { ipv6PrefixBits: 48 })}`,
    `browser=${ua.browser}/${ua.major}`,
    `os=${ua.os}`,
    `lang=${primaryLanguage(signals.acceptLanguage)}`,
  ].join('\n');
  return createHmac('sha256', salt).update(material).digest('hex').slice(0, fingerprintHexLength);
}

export function assertSalt(salt: string): void {
  if (typeof salt !== 'string' || salt.length < minimumSaltLength) {
    throw new TypeError(
      `The server-side salt must be a string of at least ${minimumSaltLength} characters ` +
        '(set it in the configuration; without it hashed IP prefixes are reversible).',
    );
  }
}
