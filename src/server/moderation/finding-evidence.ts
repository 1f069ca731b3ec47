// A model finding's evidence in words for the moderators' queue (the raw JSON stays
// available under a <details>): each line is a message key with its parameters.
import type { MessageKey } from '../../i18n/index.ts';

export interface EvidenceLine { key: MessageKey; params: Record<string, string | number>; atMs?: { from: number; to: number } }

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

export function findingEvidenceLines(kind: string, evidence: unknown): EvidenceLine[] {
  const e = (evidence && typeof evidence === 'object' ? evidence : {}) as Record<string, unknown>;
  const out: EvidenceLine[] = [];
  if (kind === 'ring') {
    const fp = num(e.sharedFingerprint);
    if (fp !== null && fp > 0) out.push({ key: 'mod.finding.ev.sharedFingerprint', params: { n: fp } });
    const dup = num(e.nearDuplicateTexts);
    if (dup !== null && dup > 0) out.push({ key: 'mod.finding.ev.nearDuplicate', params: { n: dup } });
    if (e.burst === true) out.push({ key: 'mod.finding.ev.inBurst', params: {} });
  } else if (kind === 'burst') {
    const from = num(e.fromMs);
    const to = num(e.toMs);
    const n = num(e.reviews);
    if (from !== null && to !== null && n !== null) out.push({ key: 'mod.finding.ev.burstWindow', params: { n }, atMs: { from, to } });
  }
  return out;
}
