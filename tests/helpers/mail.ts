// A real SMTP server on loopback for tests (smtp-server), the site's own mailer sending to it
// over TCP (nodemailer), and each received message parsed (mailparser) so tests read what a
// person would read.
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { createMailer, type Mailer } from '../../src/server/mail/mailer.ts';

export interface ReceivedMail {
  /** Envelope recipients, as the SMTP server saw them. */
  to: string[];
  from: string;
  subject: string;
  text: string;
  /** Raw header lines as received (e.g. List-Unsubscribe), keys lower-case. */
  headerLines: Array<{ key: string; line: string }>;
}

export interface MailCatcher {
  smtpUrl: string;
  mailer: Mailer;
  received: ReceivedMail[];
  /** Waits for queued mail to reach the server, then returns the messages sent to `address`. */
  inbox(address: string): Promise<ReceivedMail[]>;
  /** The token of the last link to `path` (e.g. '/reset-password') in mail to `address`. */
  lastToken(address: string, path: string): Promise<string>;
  close(): Promise<void>;
}

export async function startMailCatcher(): Promise<MailCatcher> {
  const received: ReceivedMail[] = [];
  const parsing = new Set<Promise<void>>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const p = simpleParser(stream).then((m) => {
        received.push({
          to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
          from: typeof session.envelope.mailFrom === 'object' && session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          subject: m.subject ?? '',
          text: m.text ?? '',
          headerLines: [...(m.headerLines ?? [])],
        });
        callback();
      }, (err: Error) => callback(err));
      parsing.add(p);
      void p.finally(() => parsing.delete(p));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  const smtpUrl = `smtp://127.0.0.1:${port}`;
  const mailer = createMailer({ smtpUrl, from: 'Kaopu <no-reply@kaopu.test>', mailDir: '/nonexistent', log: () => {} });
  const settle = async () => {
    await mailer.idle();
    while (parsing.size) await Promise.all([...parsing]);
  };
  const inbox = async (address: string) => {
    await settle();
    return received.filter((m) => m.to.includes(address.toLowerCase()));
  };
  return {
    smtpUrl,
    mailer,
    received,
    inbox,
    async lastToken(address, path) {
      const mails = await inbox(address);
      const re = new RegExp(`${path.replace(/[/-]/g, '\\$&')}\\?token=([a-z0-9.]+)`, 'g');
      for (const m of [...mails].reverse()) {
        const all = [...m.text.matchAll(re)];
        if (all.length) return decodeURIComponent(all[all.length - 1]![1]!);
      }
      throw new Error(`no ${path} link in mail to ${address}`);
    },
    async close() {
      await mailer.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
