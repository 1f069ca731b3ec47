// The site's own origin, from configuration only (issue 16, item 2 / finding 3): feeds, canonical
// links, mails and badges build absolute URLs from it, never from the request's Host header —
// a request is attacker-controlled, and a cached page or feed built from it reaches every reader.

/** Listen addresses that name no host a browser could use (all interfaces). */
const unspecifiedHosts = new Set(['0.0.0.0', '::', '[::]']);
const loopbackHosts = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

function bracketed(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/**
 * PUBLIC_ORIGIN when set; else the configured HOST:PORT (`localhost` for an all-interfaces
 * listen address). `port` is the port actually bound (PORT=0 picks one at start-up).
 */
export function siteOrigin(cfg: { publicOrigin: string | null; host: string; port: number }, port: number = cfg.port): string {
  if (cfg.publicOrigin) return cfg.publicOrigin;
  const host = unspecifiedHosts.has(cfg.host) ? 'localhost' : bracketed(cfg.host);
  return new URL(`http://${host}:${port}`).origin;
}

/**
 * Host header values this server answers for: the origin's host (with and without its default
 * port), the address it listens on, and — when that address is loopback or all interfaces — the
 * loopback names with the port (a reverse proxy on the same machine, `curl localhost:…`).
 */
export function allowedHosts(cfg: { publicOrigin: string | null; host: string; port: number }, port: number = cfg.port): Set<string> {
  const hosts = new Set<string>();
  const origin = new URL(siteOrigin(cfg, port));
  hosts.add(origin.host.toLowerCase());
  if (!origin.port) hosts.add(`${origin.hostname.toLowerCase()}:${origin.protocol === 'https:' ? 443 : 80}`);
  const names = [bracketed(cfg.host).toLowerCase()];
  if (loopbackHosts.has(cfg.host) || unspecifiedHosts.has(cfg.host)) names.push('127.0.0.1', 'localhost', '[::1]');
  for (const name of names) {
    hosts.add(`${name}:${port}`);
    // Browsers leave the default port out of Host (plain http here: TLS ends at a proxy).
    if (port === 80) hosts.add(name);
  }
  return hosts;
}

/** A Host header is acceptable when absent (HTTP/1.0) or one of `allowed` (case-insensitive, trailing dot ignored). */
export function isAllowedHost(header: string | undefined, allowed: ReadonlySet<string>): boolean {
  if (header === undefined || allowed.has(header)) return true; // the common case, without normalising
  const h = header.trim().toLowerCase().replace(/\.(?=:\d+$|$)/, '');
  return allowed.has(h);
}

/** An absolute URL on this site for a site path (feeds, canonical links, mails, badges): `absoluteUrl(rt.origin, '/platforms/x')`. */
export function absoluteUrl(origin: string, path: string): string {
  // Leading slashes and backslashes collapse to one: `//evil.example/x` stays a path here.
  return new URL(`/${path.replace(/^[/\\]+/, '')}`, origin).href;
}
