// Account mail (verification, password reset, change of address) through nodemailer:
// to SMTP_URL when set; otherwise each message is written as an .eml file under
// DATA_DIR/mail, so the first `npm start` needs no mail server and the link can be opened
// from the file. Sending happens after the answer: a request for an unknown address and one
// for a known address then take the same time (no account enumeration by timing).
import { mkdirSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import nodemailer from 'nodemailer';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  /** Extra headers (watch mail: List-Unsubscribe and List-Unsubscribe-Post, RFC 8058). */
  headers?: Record<string, string>;
}

export interface Mailer {
  /** Queues a message and returns at once; failures are logged, never thrown to the caller. */
  send(mail: OutgoingMail): void;
  /**
   * Sends now and resolves when the server accepted it, or rejects: for a job queue that
   * retries (watch/watch.worker.ts) and must know whether the message went.
   */
  deliver(mail: OutgoingMail): Promise<void>;
  /** Resolves when every queued message has been sent or has failed (tests, shutdown). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export interface MailerOptions {
  smtpUrl: string | null;
  from: string;
  /** Where .eml files go when there is no SMTP server. */
  mailDir: string;
  log?: (message: string) => void;
}

/** The recipient's domain for logs: enough to trace a delivery problem, not the address. */
function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1);
}

export function createMailer(opts: MailerOptions): Mailer {
  const log = opts.log ?? ((m: string) => console.log(m));
  const transport = opts.smtpUrl
    ? nodemailer.createTransport(opts.smtpUrl)
    : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  const pending = new Set<Promise<void>>();

  async function deliver(mail: OutgoingMail): Promise<void> {
    const info = await transport.sendMail({ from: opts.from, to: mail.to, subject: mail.subject, text: mail.text, ...(mail.headers ? { headers: mail.headers } : {}) });
    if (opts.smtpUrl) {
      log(`mail sent to an address at ${domainOf(mail.to)} (${info.messageId})`);
      return;
    }
    mkdirSync(opts.mailDir, { recursive: true });
    // Time first so `ls` lists them in order; random so two in one millisecond do not collide.
    const file = path.join(opts.mailDir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}.eml`);
    // mode 0600: the file holds a live link; only the site's user may read it.
    writeFileSync(file, (info as unknown as { message: Buffer }).message, { mode: 0o600 });
    // The file's name only: the link inside is a secret and never goes to the log.
    log(`mail written to ${file} (no SMTP_URL set)`);
  }

  return {
    send(mail) {
      const p = deliver(mail)
        .catch((err: unknown) => log(`mail to an address at ${domainOf(mail.to)} failed: ${(err as Error)?.message ?? 'unknown error'}`))
        .finally(() => pending.delete(p));
      pending.add(p);
    },
    async deliver(mail) {
      const p = deliver(mail);
      const tracked = p.catch(() => {}).finally(() => pending.delete(tracked));
      pending.add(tracked);
      await p;
    },
    async idle() {
      while (pending.size) await Promise.all([...pending]);
    },
    async close() {
      await this.idle();
      transport.close();
    },
  };
}
