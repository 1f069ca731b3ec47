// Named demo personas, shared by the demo seed and the tests. Fictional people only.
// Demo password for every persona (documented in README): kaopu-demo-2026
export const demoPassword = 'kaopu-demo-2026';
/** Base32 TOTP key of the demo staff (documented in README so a visitor can try /mod). */
export const demoStaffTotpKeyBase32 = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

export interface Persona {
  handle: string;
  email: string;
  role: 'member' | 'moderator' | 'admin';
  /** Account age at seed time, in days. */
  ageDays: number;
  /** Accounts sharing a fingerprint were registered from one network and browser. */
  fingerprint: string;
  isReseller?: boolean;
  totp?: boolean;
}

export const personas = {
  admin: { handle: 'admin', email: 'admin@kaopu.example', role: 'admin', ageDays: 900, fingerprint: 'fp-staff-1', totp: true },
  moderator: { handle: 'mod_lin', email: 'lin@kaopu.example', role: 'moderator', ageDays: 700, fingerprint: 'fp-staff-2', totp: true },
  moderator2: { handle: 'mod_chen', email: 'chen@kaopu.example', role: 'moderator', ageDays: 500, fingerprint: 'fp-staff-3', totp: true },
  honestBuyer: { handle: '老王买卡', email: 'wang@buyer.example', role: 'member', ageDays: 820, fingerprint: 'fp-m-1' },
  longTimeBuyer: { handle: 'lili_gamer', email: 'lili@buyer.example', role: 'member', ageDays: 1300, fingerprint: 'fp-m-2' },
  carefulBuyer: { handle: '谨慎的小周', email: 'zhou@buyer.example', role: 'member', ageDays: 400, fingerprint: 'fp-m-3' },
  newBuyer: { handle: 'newbie_chen', email: 'newbie@buyer.example', role: 'member', ageDays: 12, fingerprint: 'fp-m-4' },
  reseller: { handle: '渠道商阿强', email: 'qiang@reseller.example', role: 'member', ageDays: 1000, fingerprint: 'fp-m-5', isReseller: true },
  reseller2: { handle: 'studio_mei', email: 'mei@reseller.example', role: 'member', ageDays: 650, fingerprint: 'fp-m-6', isReseller: true },
  complainer: { handle: '被坑的阿杰', email: 'jie@buyer.example', role: 'member', ageDays: 300, fingerprint: 'fp-m-7' },
  platformRep: { handle: 'xingyao_official', email: 'rep@xingyao.example', role: 'member', ageDays: 500, fingerprint: 'fp-rep-1' },
} as const satisfies Record<string, Persona>;

/** A shill ring: brand-new accounts from one network boosting one platform. */
export const shillRing: Persona[] = Array.from({ length: 6 }, (_, i) => ({
  handle: `好评达人${i + 1}`,
  email: `shill${i + 1}@ring.example`,
  role: 'member' as const,
  ageDays: 3 + (i % 3),
  fingerprint: 'fp-ring-1',
}));

/** A second ring, still open in the moderators' findings queue on first start. */
export const openRing: Persona[] = Array.from({ length: 4 }, (_, i) => ({
  handle: `省钱小能手${i + 1}`,
  email: `ring2_${i + 1}@ring.example`,
  role: 'member' as const,
  ageDays: 2 + (i % 2),
  fingerprint: 'fp-ring-2',
}));

/** Ordinary members who wrote the bulk of the demo reviews. */
export const crowd: Persona[] = Array.from({ length: 40 }, (_, i) => ({
  handle: `buyer_${String(i + 1).padStart(2, '0')}`,
  email: `buyer${i + 1}@crowd.example`,
  role: 'member' as const,
  ageDays: 30 + ((i * 97) % 1200),
  fingerprint: `fp-crowd-${i + 1}`,
}));
