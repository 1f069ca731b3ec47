import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/server/config.ts';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { PageCache, hotPageHits } from '../../src/server/http/page-cache.ts';
import { loginPath, safeRedirectPath } from '../../src/server/http/redirects.ts';
import { formErrors } from '../../src/server/http/form-errors.ts';
import { DomainError, FieldErrors, decodeMessage, encodeMessage } from '../../src/server/errors.ts';
import { zhCN } from '../../src/i18n/zh-CN.ts';
import { en } from '../../src/i18n/en.ts';
import { localeFromPath, localePath, stripLocale, t } from '../../src/i18n/index.ts';

describe('config', () => {
  it('reads RANK_POLL and DIST_DIR here, nowhere else: RANK_POLL=false and 0 turn the poller off', () => {
    expect(loadConfig({}, '/srv/kaopu').rankPoll).toBe(true);
    for (const off of ['0', 'false', 'no']) expect(loadConfig({ RANK_POLL: off }, '/srv/kaopu').rankPoll, off).toBe(false);
    expect(loadConfig({ RANK_POLL: 'true' }, '/srv/kaopu').rankPoll).toBe(true);
    expect(() => loadConfig({ RANK_POLL: 'sometimes' }, '/srv/kaopu')).toThrow(ConfigError);
    expect(loadConfig({}, '/srv/kaopu').distDir).toBeNull();
    expect(loadConfig({ DIST_DIR: '.cache/test/dist' }, '/srv/kaopu').distDir).toBe('/srv/kaopu/.cache/test/dist');
  });
  it('reads WATCH_WORKER here: on unless 0, false or no', () => {
    expect(loadConfig({}, '/srv/kaopu').watchWorker).toBe(true);
    for (const off of ['0', 'false', 'no']) expect(loadConfig({ WATCH_WORKER: off }, '/srv/kaopu').watchWorker, off).toBe(false);
    expect(() => loadConfig({ WATCH_WORKER: 'maybe' }, '/srv/kaopu')).toThrow(ConfigError);
  });
  it('reads defaults and freezes the result', () => {
    const c = loadConfig({}, '/srv/app');
    expect(c.port).toBe(4321);
    expect(c.host).toBe('127.0.0.1');
    expect(c.dataDir).toBe('/srv/app/.data');
    expect(c.databaseUrl).toBeNull();
    expect(Object.isFrozen(c)).toBe(true);
  });
  it.each([
    ['PORT', 'abc'], ['PORT', '70000'], ['PORT', '-1'], ['DATABASE_URL', 'mysql://x'], ['DATABASE_URL', 'not a url'],
    ['REDIS_URL', 'http://x'], ['APP_SECRET', 'short'], ['SEED_DEMO', 'maybe'], ['LOG_LEVEL', 'loud'], ['HOST', 'a b'],
    ['RATE_LIMIT_MULTIPLIER', '0'], ['PAGE_CACHE_TTL_MS', '1.5'],
  ])('stops on a bad %s=%s and names the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    try {
      loadConfig({ [name]: value });
    } catch (e) {
      expect((e as ConfigError).variable).toBe(name);
      expect((e as Error).message).toContain(name);
    }
  });
  it('never echoes a database password in its error', () => {
    try {
      loadConfig({ DATABASE_URL: 'mysql://user:hunter2@db/x' });
    } catch (e) {
      expect((e as Error).message).not.toContain('hunter2');
    }
  });
});

describe('page cache', () => {
  const page = (size: number, tags: string[]) => ({ status: 200, headers: {}, body: Buffer.alloc(size), tags });
  it('expires entries after the TTL', () => {
    let now = 0;
    const c = new PageCache({ ttlMs: 1000, maxBytes: 10_000, now: () => now });
    c.set('/a', page(10, ['home']));
    expect(c.get('/a')).toBeDefined();
    now = 1000;
    expect(c.get('/a')).toBeUndefined();
  });
  it('drops pages by tag, and everything on *', () => {
    const c = new PageCache({ ttlMs: 10_000, maxBytes: 10_000 });
    c.set('/p/1', page(10, ['platform:1', 'directory']));
    c.set('/p/2', page(10, ['platform:2', 'directory']));
    c.invalidate(['platform:1']);
    expect(c.get('/p/1')).toBeUndefined();
    expect(c.get('/p/2')).toBeDefined();
    c.invalidate(['*']);
    expect(c.size).toBe(0);
  });
  it('stays within its byte bound, evicting the least recently used', () => {
    const c = new PageCache({ ttlMs: 10_000, maxBytes: 1000 });
    c.set('/a', page(240, []));
    c.set('/b', page(240, []));
    c.set('/c', page(240, []));
    c.get('/a');
    c.set('/d', page(240, []));
    c.set('/e', page(240, []));
    expect(c.get('/b')).toBeUndefined();
    expect(c.get('/a')).toBeDefined();
  });
  it('gives equal bodies equal ETags', () => {
    const c = new PageCache({ ttlMs: 10_000, maxBytes: 10_000 });
    expect(c.set('/x', page(5, []))!.etag).toBe(c.set('/y', page(5, []))!.etag);
  });
  it('keeps gzip and brotli copies of a text page, and redoes a hot page’s brotli smaller off the event loop', async () => {
    // Page-like text: markup around varied sentences (quality 11 only pays off on text with some variety).
    const words = ['到账', '很快', '卡密', '有效', '客服', '回复', '及时', '退款', '失效', '话费', '充值', '会员', '点卡', '靠谱', '跑路', '售后', '补发', '通道'];
    let seed = 7;
    const pick = () => words[(seed = (seed * 1103515245 + 12345) % 2147483648) % words.length];
    const text = Buffer.from(Array.from({ length: 300 }, (_, i) => `<article class="card review-card" id="review-${i}"><p class="small muted">buyer_${i % 37}</p><p>${Array.from({ length: 12 }, pick).join('')}。</p></article>`).join(''));
    const c = new PageCache({ ttlMs: 60_000, maxBytes: 10_000_000 });
    const stored = c.set('/hot', { status: 200, headers: {}, body: text, tags: [] })!;
    expect(gunzipSync(stored.gzip!).equals(text)).toBe(true);
    const first = stored.br!;
    expect(brotliDecompressSync(first).equals(text)).toBe(true);
    for (let i = 0; i < hotPageHits; i++) c.get('/hot');
    for (let i = 0; i < 200 && stored.br === first; i++) await new Promise((r) => setTimeout(r, 10));
    expect(stored.br!.length).toBeLessThan(first.length);
    expect(brotliDecompressSync(stored.br!).equals(text)).toBe(true);
    expect(stored.brHeaders!['content-length']).toBe(String(stored.br!.length));
    // A member render store (compress: false) keeps no compressed copies.
    const plain = new PageCache({ ttlMs: 60_000, maxBytes: 10_000_000, compress: false }).set('/m', { status: 200, headers: {}, body: text, tags: [] })!;
    expect(plain.gzip).toBeNull();
    expect(plain.br).toBeNull();
  });
});

describe('redirect targets', () => {
  it.each([
    ['/settings', '/settings'], ['/en/platforms?x=1', '/platforms?x=1'], ['/en', '/'],
    ['//evil.example', null], ['https://evil.example', null], ['/\\evil', null], ['javascript:alert(1)', null], ['', null], [null, null],
  ])('safeRedirectPath(%j) → %j', (input, expected) => {
    expect(safeRedirectPath(input)).toBe(expected);
  });
  it('says the session expired on the log-in page', () => {
    expect(loginPath({ locale: 'en', sessionExpired: true }, '/settings')).toBe('/en/login?next=%2Fsettings&expired=1');
    expect(loginPath({ locale: 'zh-CN', sessionExpired: false }, '/settings')).toBe('/login?next=%2Fsettings');
  });
});

describe('i18n', () => {
  it('has the same keys in both dictionaries, none empty', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zhCN).sort());
    for (const [k, v] of Object.entries(zhCN)) expect(v.trim(), k).not.toBe('');
    for (const [k, v] of Object.entries(en)) expect(v.trim(), k).not.toBe('');
  });
  it('maps paths to locales and back', () => {
    expect(localeFromPath('/en/platforms')).toBe('en');
    expect(localeFromPath('/english')).toBe('zh-CN');
    expect(stripLocale('/en/platforms/x')).toBe('/platforms/x');
    expect(localePath('en', '/')).toBe('/en');
    expect(localePath('zh-CN', '/platforms')).toBe('/platforms');
    expect(t('zh-CN', 'field.tooLong', { max: 80 })).toBe('最多 80 个字符。');
  });
  it('takes only dictionary keys (checked by npm run check: an unused @ts-expect-error fails it)', () => {
    // @ts-expect-error a key that is not in zh-CN.ts does not type-check
    expect(t('en', 'no.such.key')).toBe('no.such.key');
    const kind = 'exit_scam' as 'exit_scam' | 'refund_refused';
    expect(t('en', `reviews.incident.kind.${kind}`)).not.toContain('reviews.');
    const unknownKind = 'exit_scam' as 'exit_scam' | 'no_such_kind';
    // @ts-expect-error a built key with a member that has no key does not type-check
    expect(t('en', `reviews.incident.kind.${unknownKind}`)).not.toContain('reviews.');
  });
});

describe('form errors', () => {
  it('translates zod keys with params and domain errors with fields', () => {
    expect(formErrors('en', { fields: { name: [encodeMessage('field.tooLong', { max: 80 })] } }).fields.name).toBe('At most 80 characters.');
    const e = formErrors('zh-CN', { message: JSON.stringify({ k: 'auth.handleTaken', f: 'handle', p: null, fs: { email: 'auth.emailInvalid' } }) });
    expect(e.fields).toEqual({ handle: '这个昵称已被使用。', email: '请输入有效的邮箱地址。' });
    expect(formErrors('en', { message: 'not json', code: 'FORBIDDEN' }).form).toBe('You are not allowed to do that.');
    // FieldErrors carries params per field; the first field's are the error's own.
    const withParams = formErrors('zh-CN', { message: JSON.stringify({ k: 'field.tooLong', f: 'body', p: { max: 10000 }, fs: { body: 'field.tooLong', title: 'field.tooShort' }, fp: { body: { max: 10000 }, title: { min: 2 } } }) });
    expect(withParams.fields.body).toBe('最多 10000 个字符。');
    expect(withParams.fields.title).toBe('至少 2 个字符。');
    // a zod message that is not one of our keys reads as a plain "invalid", never as raw text
    expect(formErrors('en', { fields: { name: ['Invalid input: expected string'] } }).fields.name).toBe(t('en', 'field.invalid'));
  });
  it('throws every collected field error with its values', () => {
    const fe = new FieldErrors();
    fe.add('body', 'field.tooLong', { max: 80 });
    fe.add('body', 'field.required');
    fe.add('title', 'field.required');
    const e = (() => { try { fe.throwIfAny(); } catch (x) { return x as DomainError; } throw new Error('did not throw'); })();
    expect(e.code).toBe('invalid_input');
    expect([e.field, e.messageKey, e.params]).toEqual(['body', 'field.tooLong', { max: 80 }]);
    expect(e.fields).toEqual({ body: 'field.tooLong', title: 'field.required' });
    expect(e.fieldParams).toEqual({ body: { max: 80 } });
    expect(decodeMessage(encodeMessage('field.tooShort', { min: 3 }))).toEqual({ key: 'field.tooShort', params: { min: 3 } });
    expect(decodeMessage('field.required')).toEqual({ key: 'field.required' });
    expect(decodeMessage('{"k":"no.such.key"}')).toBeNull();
  });
});

describe('429 page', () => {
  it('is an HTML page in the reader language with Retry-After, never cached', async () => {
    const { tooManyRequests } = await import('../../src/server/http/request.ts');
    const zh = tooManyRequests('zh-CN', 2_500);
    expect(zh.status).toBe(429);
    expect(zh.headers.get('retry-after')).toBe('3');
    expect(zh.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(zh.headers.get('cache-control')).toBe('no-store');
    const html = await zh.text();
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('请 3 秒后再试');
    const en = await tooManyRequests('en', 60_000).text();
    expect(en).toContain('Try again in 60 s.');
    expect(en).toContain('href="/en/"');
  });
});

describe('cache tags', () => {
  it('builds the strings the page cache and invalidation match on', async () => {
    const { cacheTags } = await import('../../src/server/http/cache-tags.ts');
    expect([cacheTags.platform(12), cacheTags.review(3), cacheTags.user(7), cacheTags.account(7), cacheTags.home, cacheTags.all]).toEqual(['platform:12', 'review:3', 'user:7', 'account:7', 'home', '*']);
  });
});
