// The setup the account tests share: a scratch database and a loopback SMTP server for the
// mails that sign-up, reset and change of address send, both closed after the file. Call it at
// the top of a test file; its fields are there once the file's tests run.
import { afterAll, beforeAll } from 'vitest';
import { createTestDb, type TestDb } from './db.ts';
import { startMailCatcher, type MailCatcher } from './mail.ts';
import * as accounts from '../../src/server/accounts/account.service.ts';
import * as accountMail from '../../src/server/accounts/account-mail.service.ts';

export interface AccountTestEnv {
  readonly db: TestDb['db'];
  readonly mail: MailCatcher;
  /** Where mailed links point, and the clock (default now). */
  mailContext(nowMs?: number): accountMail.MailContext;
  /** Sign up and open the link from the mail, as a person would: the account can then log in. */
  signUpVerified(input: accounts.SignUpInput): Promise<accounts.Account>;
}

export function useAccountTestEnv(origin: string): AccountTestEnv {
  let t: TestDb | undefined;
  let mail: MailCatcher | undefined;
  beforeAll(async () => {
    t = await createTestDb();
    mail = await startMailCatcher();
  });
  afterAll(async () => {
    await mail?.close();
    await t?.destroy();
  });
  const ready = () => {
    if (!t || !mail) throw new Error('useAccountTestEnv: used before its beforeAll ran');
    return { t, mail };
  };
  const env: AccountTestEnv = {
    get db() {
      return ready().t.db;
    },
    get mail() {
      return ready().mail;
    },
    mailContext: (nowMs = Date.now()) => ({ mailer: ready().mail.mailer, origin, nowMs }),
    async signUpVerified(input) {
      const acc = await accounts.signUp(env.db, input, env.mailContext());
      if (!acc) throw new Error('sign-up made no account');
      await accountMail.verifyEmail(env.db, await env.mail.lastToken(input.email, '/verify-email'), Date.now());
      return { ...acc, emailVerified: true };
    },
  };
  return env;
}
