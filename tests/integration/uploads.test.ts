import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { createTestDb, testDbKind, type TestDb } from '../helpers/db.ts';
import { makeAccount, viewerFor, withStatus } from '../helpers/accounts.ts';
import { readUploadFor, storeUpload, uploadMaxBytes } from '../../src/server/uploads/upload.service.ts';
import { DomainError } from '../../src/server/errors.ts';

// A real PNG header and IHDR (so the bytes say PNG) with the image data cut off.
const fullPng = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#0a0' } }).png().toBuffer();
const truncatedPng = fullPng.subarray(0, 40);

let t: TestDb;
let dir: string;
let rt: { config: { uploadDir: string } };
beforeAll(async () => {
  t = await createTestDb();
  dir = mkdtempSync(path.join(tmpdir(), 'kaopu-uploads-'));
  rt = { config: { uploadDir: dir } };
});
afterAll(async () => {
  await t.destroy();
  rmSync(dir, { recursive: true, force: true });
});

async function jpegWithExif(): Promise<Buffer> {
  return sharp({ create: { width: 40, height: 30, channels: 3, background: '#c00' } })
    .jpeg()
    .withExif({ IFD0: { Make: 'SpyPhone', Model: 'GPS-1' } })
    .toBuffer();
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    if (e instanceof DomainError) return e.messageKey;
    throw e;
  }
}

describe(`uploads on ${testDbKind}`, () => {
  it('stores a JPEG with its metadata stripped; owner and moderators can read it, others cannot', async () => {
    const owner = await makeAccount(t.db);
    const other = await makeAccount(t.db);
    const mod = await makeAccount(t.db, { role: 'moderator' });
    const original = await jpegWithExif();
    expect((await sharp(original).metadata()).exif).toBeDefined();
    const stored = await storeUpload(t.db, rt, { ownerId: owner.id, purpose: 'proof', file: new File([new Uint8Array(original)], 'receipt.jpg') });
    expect(stored.mime).toBe('image/jpeg');
    const row = await t.db.selectFrom('upload').selectAll().where('id', '=', stored.id).executeTakeFirstOrThrow();
    expect(row.byte_size).toBe(stored.byteSize);
    const mine = await readUploadFor(t.db, rt, stored.id, viewerFor(owner));
    expect(mine).not.toBeNull();
    expect((await sharp(mine!.body).metadata()).exif).toBeUndefined();
    expect(mine!.body.includes(Buffer.from('SpyPhone'))).toBe(false);
    expect(await readUploadFor(t.db, rt, stored.id, viewerFor(mod))).not.toBeNull();
    expect(await readUploadFor(t.db, rt, stored.id, viewerFor(other))).toBeNull();
    expect(await readUploadFor(t.db, rt, stored.id, null)).toBeNull();
  });

  it('a suspended or banned moderator, or one without TOTP, cannot read another member\'s upload', async () => {
    const owner = await makeAccount(t.db);
    const mod = await makeAccount(t.db, { role: 'moderator' });
    const admin = await makeAccount(t.db, { role: 'admin' });
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#00c' } }).png().toBuffer();
    const stored = await storeUpload(t.db, rt, { ownerId: owner.id, purpose: 'proof', file: new File([new Uint8Array(png)], 'proof.png') });
    expect(await readUploadFor(t.db, rt, stored.id, viewerFor(mod))).not.toBeNull();
    expect(await readUploadFor(t.db, rt, stored.id, viewerFor(mod, false))).toBeNull();
    expect(await readUploadFor(t.db, rt, stored.id, viewerFor(await withStatus(t.db, mod, 'suspended')))).toBeNull();
    expect(await readUploadFor(t.db, rt, stored.id, viewerFor(await withStatus(t.db, admin, 'banned')))).toBeNull();
    // a suspended member still reads their own proof
    expect(await readUploadFor(t.db, rt, stored.id, viewerFor(await withStatus(t.db, owner, 'suspended')))).not.toBeNull();
  });

  it.each([
    ['an executable renamed .png', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 1)]), 'upload.type'],
    ['an ELF binary', Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46]), Buffer.alloc(200, 2)]), 'upload.type'],
    ['HTML posing as an image', Buffer.from('<html><script>alert(1)</script></html>'), 'upload.type'],
    ['an empty file', Buffer.alloc(0), 'upload.empty'],
    ['an oversize file', Buffer.alloc(uploadMaxBytes + 1, 0), 'upload.tooLarge'],
    ['a truncated PNG', truncatedPng, 'upload.corrupt'],
  ])('refuses %s and writes nothing', async (_name, bytes, key) => {
    const owner = await makeAccount(t.db);
    const before = await t.db.selectFrom('upload').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(await codeOf(storeUpload(t.db, rt, { ownerId: owner.id, purpose: 'proof', file: new File([new Uint8Array(bytes)], 'proof.png', { type: 'image/png' }) }))).toBe(key);
    const after = await t.db.selectFrom('upload').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });
});
