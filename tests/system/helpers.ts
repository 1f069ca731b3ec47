// Start the built site as a child process (the same `node scripts/start.ts` users run).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { tokenFromMailDir } from '../helpers/mail-files.ts';

const root = path.resolve(import.meta.dirname, '../..');
/** The PostgreSQL server system tests create their scratch databases on. */
export const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** One statement on the admin connection (CREATE/DROP DATABASE and the like). */
export async function admin(query: string): Promise<void> {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    await c.query(query);
  } finally {
    await c.end();
  }
}

export const distDir = process.env.SYSTEM_DIST_DIR ?? path.join(root, '.cache/test/dist');

export interface Site {
  url: string;
  child: ChildProcess;
  output: () => string;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
}

export function tempDataDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'kaopu-system-'));
}

export async function startSite(env: Record<string, string>, timeoutMs = 180_000): Promise<Site> {
  const child = spawn(process.execPath, ['scripts/start.ts'], {
    cwd: root,
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', DIST_DIR: distDir, RATE_LIMIT_MULTIPLIER: '1000', ASTRO_TELEMETRY_DISABLED: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout!.on('data', (d) => (log += d));
  child.stderr!.on('data', (d) => (log += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`site did not start:\n${log}`)), timeoutMs);
    const check = () => {
      const m = /listening on (http:\/\/[^\s]+)/.exec(log);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`site exited with ${code} before listening:\n${log}`));
    });
  });
  return { url, child, output: () => log, exited };
}

export async function stopSite(site: Site, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  if (site.child.exitCode !== null) return site.child.exitCode;
  site.child.kill(signal);
  return site.exited;
}

/** POST a form like a browser on the same origin would. */
export async function postForm(url: string, body: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
  const origin = new URL(url).origin;
  return fetch(url, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: origin, ...headers },
    body: new URLSearchParams(body).toString(),
  });
}

/**
 * A new member's session cookie as a person gets one: sign up, open the link from the mail the
 * site wrote under DATA_DIR/mail (no SMTP_URL in tests), then log in.
 */
export async function signUpAndLogIn(site: Site, dataDir: string, account: { handle: string; email: string; password: string }, headers: Record<string, string> = {}): Promise<string> {
  const signup = await postForm(`${site.url}/signup?_action=auth.signup`, account, headers);
  if (signup.status !== 303) throw new Error(`sign-up answered ${signup.status}`);
  const token = await tokenFromMailDir(path.join(dataDir, 'mail'), account.email, '/verify-email');
  const verify = await postForm(`${site.url}/verify-email?_action=auth.verifyEmail`, { token });
  if (verify.status !== 303) throw new Error(`verification answered ${verify.status}`);
  const login = await postForm(`${site.url}/login?_action=auth.login`, { identifier: account.handle, password: account.password });
  const cookie = login.headers.get('set-cookie')?.split(';')[0];
  if (login.status !== 303 || !cookie) throw new Error(`log-in answered ${login.status}`);
  return cookie;
}
