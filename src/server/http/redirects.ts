/** Only same-site relative paths may be a post-login destination (no open redirects). */
export function safeNextPath(raw: string | null | undefined): string | null {
  if (!raw || raw.length > 512) return null;
  if (!raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return null;
  if (/[\u0000-\u001f\\]/.test(raw)) return null;
  // The page adds the locale prefix itself.
  return raw === '/en' ? '/' : raw.startsWith('/en/') ? raw.slice(3) : raw;
}

/** Where to send a reader who must log in first (says so when their session expired). */
export function loginPath(locals: { locale: 'zh-CN' | 'en'; sessionExpired: boolean }, next: string): string {
  const q = new URLSearchParams({ next });
  if (locals.sessionExpired) q.set('expired', '1');
  return `${locals.locale === 'en' ? '/en' : ''}/login?${q.toString()}`;
}
