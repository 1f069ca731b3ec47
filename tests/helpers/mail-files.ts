// Reads the .eml files the site writes under DATA_DIR/mail when no SMTP_URL is set (the
// README's first command): system and e2e tests open the links in them as a person would.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';

/** The token of the newest link to `linkPath` in mail to `address`; waits up to `timeoutMs` for it. */
export async function tokenFromMailDir(mailDir: string, address: string, linkPath: string, timeoutMs = 10_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  const re = new RegExp(`${linkPath.replace(/[/-]/g, '\\$&')}\\?token=([a-z0-9.]+)`);
  for (;;) {
    let files: string[] = [];
    try {
      files = readdirSync(mailDir).filter((f) => f.endsWith('.eml')).sort().reverse();
    } catch {
      /* not created yet */
    }
    for (const f of files) {
      const m = await simpleParser(readFileSync(path.join(mailDir, f)));
      const to = Array.isArray(m.to) ? m.to.flatMap((a) => a.value) : (m.to?.value ?? []);
      if (!to.some((a) => a.address?.toLowerCase() === address.toLowerCase())) continue;
      const hit = re.exec(m.text ?? '');
      if (hit) return decodeURIComponent(hit[1]!);
    }
    if (Date.now() > deadline) throw new Error(`no ${linkPath} link for ${address} in ${mailDir}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
