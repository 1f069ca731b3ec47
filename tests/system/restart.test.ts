// SIGTERM during a burst of writes, then restart: every write the server acknowledged is
// there, and the embedded PGlite directory opens cleanly.
import { afterAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { postForm, startSite, stopSite, tempDataDir } from './helpers.ts';
import { tokenFromMailDir } from '../helpers/mail-files.ts';
import { createDb } from '../../src/server/db/client.ts';

const dataDir = tempDataDir();
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('restart on PGlite', () => {
  it('keeps every acknowledged write across SIGTERM and restart', async () => {
    const site = await startSite({ DATA_DIR: dataDir, SEED_DEMO: '0' });
    const acknowledged: string[] = [];
    const attempts: Promise<void>[] = [];
    let stopRequested = false;
    for (let i = 0; i < 40; i++) {
      const handle = `restart_${i}`;
      attempts.push(
        postForm(`${site.url}/signup?_action=auth.signup`, { handle, email: `${handle}@r.example`, password: 'restart password 1' })
          .then((r) => {
            if (r.status === 303) acknowledged.push(handle);
          })
          .catch(() => {}),
      );
      if (i === 20) {
        // Mid-burst: ask the server to stop while requests are in flight.
        await new Promise((r) => setTimeout(r, 50));
        stopRequested = true;
        site.child.kill('SIGTERM');
      }
    }
    await Promise.all(attempts);
    expect(stopRequested).toBe(true);
    expect(await site.exited).toBe(0);
    expect(site.output()).toContain('SIGTERM: shutting down');
    expect(acknowledged.length).toBeGreaterThan(0);

    const again = await startSite({ DATA_DIR: dataDir, SEED_DEMO: '0' });
    const health = await fetch(`${again.url}/healthz`);
    expect(health.status).toBe(200);
    // The account waits for its mailed link (written under DATA_DIR/mail, kept across the restart).
    const token = await tokenFromMailDir(path.join(dataDir, 'mail'), `${acknowledged[0]!}@r.example`, '/verify-email');
    expect((await postForm(`${again.url}/verify-email?_action=auth.verifyEmail`, { token })).status).toBe(303);
    const login = await postForm(`${again.url}/login?_action=auth.login`, { identifier: acknowledged[0]!, password: 'restart password 1' });
    expect(login.status).toBe(303);
    expect(await stopSite(again)).toBe(0);

    const db = await createDb({ pgliteDir: path.join(dataDir, 'pglite') });
    const rows = await db.db.selectFrom('account').select('handle').execute();
    await db.close();
    const stored = new Set(rows.map((r) => r.handle));
    for (const h of acknowledged) expect(stored.has(h), `acknowledged ${h} is stored`).toBe(true);
  });
});
