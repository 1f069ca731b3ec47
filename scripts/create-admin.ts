// npm run create-admin -- --handle NAME --email ADDR  (password read from ADMIN_PASSWORD or stdin)
// Creates an admin account, or promotes an existing one. The admin must enrol TOTP at first log-in.
import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline/promises';
import { bootRuntime, shutdownRuntime } from '../src/server/runtime.ts';
import { createAccountWithRole, findAccountByHandle } from '../src/server/accounts/account.service.ts';
import { setRole } from '../src/server/accounts/account.repository.ts';
import { DomainError } from '../src/server/errors.ts';
import { t } from '../src/i18n/index.ts';

const { values } = parseArgs({ options: { handle: { type: 'string' }, email: { type: 'string' } } });
if (!values.handle) {
  console.error('usage: npm run create-admin -- --handle NAME --email ADDR   (ADMIN_PASSWORD env or stdin)');
  process.exit(2);
}
const rt = await bootRuntime();
try {
  const existing = await findAccountByHandle(rt.db, values.handle);
  if (existing) {
    await setRole(rt.db, existing.id, 'admin');
    console.log(`${existing.handle} is now an admin.`);
  } else {
    if (!values.email) throw new Error('--email is required for a new account');
    let password = process.env.ADMIN_PASSWORD;
    if (!password) {
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      password = await rl.question('Password: ');
      rl.close();
    }
    const account = await createAccountWithRole(rt.db, { handle: values.handle, email: values.email, password, fingerprint: 'cli', role: 'admin' });
    console.log(`Created admin ${account.handle}. Log in and enable two-factor authentication under /settings.`);
  }
} catch (e) {
  if (e instanceof DomainError) {
    const fields = e.fields ?? { [e.field ?? 'error']: e.messageKey };
    const params = e.fieldParams ?? (e.params ? { [e.field ?? 'error']: e.params } : {});
    for (const [field, key] of Object.entries(fields)) console.error(`${field}: ${t('en', key, params[field])} / ${t('zh-CN', key, params[field])}`);
    process.exitCode = 1;
  } else throw e;
} finally {
  await shutdownRuntime();
}
