/// <reference types="astro/client" />
import type { Locale } from './i18n/index.ts';
import type { Account, SessionInfo } from './server/accounts/account.service.ts';
import type { Runtime } from './server/runtime.ts';

declare global {
  namespace App {
    interface Locals {
      locale: Locale;
      /** The path without the /en prefix (what page files are written for). */
      pathname: string;
      rt: Runtime;
      user: Account | null;
      session: SessionInfo | null;
      /** Set when the password was right but the TOTP step is still owed. */
      pendingTotpAccountId: number | null;
      /** A session cookie came with the request but no longer names a live session. */
      sessionExpired: boolean;
      /** Salted hash of the client's IP prefix: rate-limit and audit key, never the raw IP. */
      ipKey: string;
      /** Request time, read once (pages and services take it as an argument). */
      nowMs: number;
      /** True when the cookie should be Secure (site served over HTTPS). */
      secure: boolean;
      /**
       * 'requested' by the server for a shared member render (server/http/member-pages.ts);
       * 'active' once a page agreed (renderAsMemberTemplate): holes then write every variant.
       */
      memberTemplate?: 'requested' | 'active';
      /** Internal guards so a rewrite does not redo work. */
      __rewritten?: boolean;
      __limited?: boolean;
    }
  }
}
export {};
