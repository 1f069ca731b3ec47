// Issue 16, finding 9: a 128 kB PNG declaring 40 megapixels was accepted (and ten at once
// starved the server). Decoded-pixel limit 12 MP with a clear message; nothing stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { makeAccount } from '../helpers/accounts.ts';
import { maxInputPixels, sanitiseUpload, storeUpload } from '../../src/server/uploads/upload.service.ts';
import { DomainError } from '../../src/server/errors.ts';
import { t as translate } from '../../src/i18n/index.ts';

let db: TestDb;
let dir: string;
beforeAll(async () => {
  db = await createTestDb();
  dir = mkdtempSync(path.join(tmpdir(), 'kaopu-upload-limits-'));
});
afterAll(async () => {
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

// One flat colour compresses to almost nothing: the bytes are tiny, the pixels are not.
const bomb = await sharp({ create: { width: 8000, height: 5000, channels: 3, background: '#fff' } }).png({ compressionLevel: 9 }).toBuffer();

async function refusal(p: Promise<unknown>): Promise<DomainError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('accepted');
}

describe('decoded-pixel limit', () => {
  it('a tiny-bytes 40-megapixel PNG is refused with a message naming the limit', async () => {
    expect(bomb.length).toBeLessThan(300 * 1024);
    const e = await refusal(sanitiseUpload(bomb));
    expect(e.messageKey).toBe('hardening.imageTooManyPixels');
    expect(e.field).toBe('file');
    expect(translate('zh-CN', e.messageKey, e.params)).toContain('12 百万像素');
    expect(translate('en', e.messageKey, e.params)).toContain('12 megapixels');
  });

  it('the limit is 12 MP: one row over 4000 × 3000 is refused', async () => {
    expect(maxInputPixels).toBe(12_000_000);
    const over = await sharp({ create: { width: 4000, height: 3001, channels: 3, background: '#000' } }).png({ compressionLevel: 9 }).toBuffer();
    expect((await refusal(sanitiseUpload(over))).messageKey).toBe('hardening.imageTooManyPixels');
  });

  it('storeUpload writes no file and no row for a refused image', async () => {
    const owner = await makeAccount(db.db, { handle: 'pixel_owner' });
    const rt = { config: { uploadDir: dir } };
    await refusal(storeUpload(db.db, rt, { ownerId: owner.id, purpose: 'proof', file: new Blob([bomb]) }));
    expect(readdirSync(dir)).toEqual([]);
    const rows = await db.db.selectFrom('upload').select('id').where('owner_id', '=', owner.id).execute();
    expect(rows).toEqual([]);
  });

  it('ordinary photos still pass', async () => {
    const ok = await sharp({ create: { width: 1200, height: 900, channels: 3, background: '#36c' } }).jpeg().toBuffer();
    expect((await sanitiseUpload(ok)).mime).toBe('image/jpeg');
  });
});
