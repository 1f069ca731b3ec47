// Without SMTP_URL each mail is written as an .eml file and the log names the file; the
// link inside is a secret and must never reach the log.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { createMailer } from '../../src/server/mail/mailer.ts';
import { loadConfig, ConfigError } from '../../src/server/config.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'kaopu-mail-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('mailer without SMTP_URL', () => {
  it('writes an .eml file readable only by the site, and logs its name but not the link', async () => {
    const logs: string[] = [];
    const mailer = createMailer({ smtpUrl: null, from: 'Kaopu <no-reply@kaopu.test>', mailDir: path.join(dir, 'mail'), log: (m) => logs.push(m) });
    const secretLink = 'https://kaopu.test/reset-password?token=abcdefghijkmnpqrstuvwxyz.23456789abcdefghijkmnpq';
    mailer.send({ to: 'reader@example.com', subject: '重设你的靠谱密码', text: `打开：\n\n${secretLink}\n` });
    await mailer.close();
    const files = readdirSync(path.join(dir, 'mail'));
    expect(files).toHaveLength(1);
    const file = path.join(dir, 'mail', files[0]!);
    expect(statSync(file).mode & 0o077).toBe(0);
    const parsed = await simpleParser(readFileSync(file));
    expect(parsed.subject).toBe('重设你的靠谱密码');
    expect(parsed.text).toContain(secretLink);
    expect(logs).toEqual([`mail written to ${file} (no SMTP_URL set)`]);
    expect(logs.join('\n')).not.toContain('token=');
    expect(logs.join('\n')).not.toContain('reader@');
  });

  it('a failed delivery is logged without the address and does not throw to the caller', async () => {
    const logs: string[] = [];
    // Port 1 on loopback: nothing listens, the connection is refused.
    const mailer = createMailer({ smtpUrl: 'smtp://127.0.0.1:1', from: 'no-reply@kaopu.test', mailDir: dir, log: (m) => logs.push(m) });
    expect(() => mailer.send({ to: 'someone@example.com', subject: 's', text: 't' })).not.toThrow();
    await mailer.close();
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatch(/^mail to an address at example\.com failed/);
    expect(logs[0]).not.toContain('someone@');
  });
});

describe('mail configuration', () => {
  it('reads SMTP_URL and MAIL_FROM, and refuses bad values naming the variable', () => {
    const c = loadConfig({ SMTP_URL: 'smtp://user:pw@mail.example:587', MAIL_FROM: 'Kaopu <no-reply@kaopu.example>', DATA_DIR: '/tmp/x' }, '/');
    expect(c.smtpUrl).toBe('smtp://user:pw@mail.example:587');
    expect(c.mailDir).toBe('/tmp/x/mail');
    expect(loadConfig({}, '/srv').smtpUrl).toBeNull();
    expect(() => loadConfig({ SMTP_URL: 'http://mail.example' }, '/')).toThrow(ConfigError);
    expect(() => loadConfig({ MAIL_FROM: 'a@b.example\r\nBcc: x@y.example' }, '/')).toThrow(/MAIL_FROM/);
  });
});
