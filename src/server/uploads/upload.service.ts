// Private uploads (purchase proofs, qualification evidence, incident evidence).
// The bytes decide the type (never the extension or Content-Type); images are decoded and
// re-encoded by sharp, which drops EXIF/XMP/ICC metadata (GPS, device) on the way.
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { fileTypeFromBuffer } from 'file-type';
import sharp from 'sharp';
import type { Database } from '../db/schema.ts';
import { DomainError } from '../errors.ts';
import { LocalDirStorage, type UploadStorage } from './storage.ts';
import { imagePool } from './image-pool.ts';
import * as repo from './upload.repository.ts';
import { viewsAsStaff, type Viewer } from '../accounts/staff.ts';
import { isOneOf } from '../one-of.ts';

export const uploadMaxBytes = 5 * 1024 * 1024;
/**
 * Decompression-bomb guard: 12 megapixels (4000 × 3000, a phone camera's full frame) is more
 * than any screenshot or receipt needs; a 128 kB PNG can declare 40 MP (issue 16, finding 9).
 */
export const maxInputPixels = 12_000_000;

// One libvips thread per job: the pool (image-pool.ts) already runs one job per core.
sharp.concurrency(1);
export const allowedUploadTypes = ['image/png', 'image/jpeg', 'application/pdf'] as const;
export type UploadMime = (typeof allowedUploadTypes)[number];
function isUploadMime(s: string | undefined): s is UploadMime {
  return isOneOf(allowedUploadTypes, s);
}
export type UploadPurpose = 'proof' | 'qualification' | 'incident';

export interface StoredUpload {
  id: number;
  mime: UploadMime;
  byteSize: number;
}

const storages = new Map<string, UploadStorage>();
/** The storage for a runtime's upload directory (one instance per directory). */
export function uploadStorage(rt: { config: { uploadDir: string } }): UploadStorage {
  let s = storages.get(rt.config.uploadDir);
  if (!s) storages.set(rt.config.uploadDir, (s = new LocalDirStorage(rt.config.uploadDir)));
  return s;
}

/** Checks and cleans the bytes; throws DomainError on field 'file' with a message naming the problem. */
export async function sanitiseUpload(bytes: Buffer, field = 'file'): Promise<{ body: Buffer; mime: UploadMime }> {
  if (bytes.length === 0) throw new DomainError('invalid_input', { field, messageKey: 'upload.empty' });
  if (bytes.length > uploadMaxBytes) {
    throw new DomainError('invalid_input', { field, messageKey: 'upload.tooLarge', params: { max: uploadMaxBytes / 1024 / 1024 }, status: 'CONTENT_TOO_LARGE' });
  }
  const mime = (await fileTypeFromBuffer(bytes))?.mime;
  if (!isUploadMime(mime)) {
    throw new DomainError('invalid_input', { field, messageKey: 'upload.type', status: 'UNSUPPORTED_MEDIA_TYPE' });
  }
  if (mime === 'application/pdf') {
    // PDFs are kept as uploaded (only moderators and the owner can open them, sandboxed).
    return { body: bytes, mime };
  }
  return imagePool().run(async () => {
    // The header names the size: refuse a bomb before decoding a single pixel.
    let pixels: number;
    try {
      const meta = await sharp(bytes).metadata();
      pixels = (meta.width ?? 0) * (meta.height ?? 0);
    } catch {
      throw new DomainError('invalid_input', { field, messageKey: 'upload.corrupt' });
    }
    if (pixels > maxInputPixels) {
      throw new DomainError('invalid_input', { field, messageKey: 'hardening.imageTooManyPixels', params: { max: maxInputPixels / 1_000_000 } });
    }
    try {
      const image = sharp(bytes, { limitInputPixels: maxInputPixels, failOn: 'error' }).rotate();
      const body = mime === 'image/png' ? await image.png({ compressionLevel: 8 }).toBuffer() : await image.jpeg({ quality: 85, mozjpeg: true }).toBuffer();
      return { body, mime };
    } catch {
      throw new DomainError('invalid_input', { field, messageKey: 'upload.corrupt' });
    }
  });
}

export async function storeUpload(
  db: Kysely<Database> | Transaction<Database>,
  rt: { config: { uploadDir: string } },
  input: { ownerId: number; purpose: UploadPurpose; file: File | Blob; field?: string },
): Promise<StoredUpload> {
  const field = input.field ?? 'file';
  if (input.file.size > uploadMaxBytes) {
    throw new DomainError('invalid_input', { field, messageKey: 'upload.tooLarge', params: { max: uploadMaxBytes / 1024 / 1024 }, status: 'CONTENT_TOO_LARGE' });
  }
  const { body, mime } = await sanitiseUpload(Buffer.from(await input.file.arrayBuffer()), field);
  const key = `${randomBytes(1).toString('hex')}/${randomBytes(16).toString('hex')}`;
  await uploadStorage(rt).put(key, body);
  const id = await repo.insertUpload(db, {
    ownerId: input.ownerId, storageKey: key, mime, byteSize: body.length, purpose: input.purpose,
    sha256: createHash('sha256').update(body).digest('hex'),
  });
  return { id, mime, byteSize: body.length };
}

/** A file part from a form: null when the field was left empty. */
export function presentFile(value: unknown): File | null {
  return value instanceof File && value.size > 0 ? value : null;
}

/** The bytes of an upload for this viewer: its owner, or staff (accounts/staff.ts). Null otherwise. */
export async function readUploadFor(
  db: Kysely<Database>,
  rt: { config: { uploadDir: string } },
  uploadId: number,
  viewer: Viewer | null,
): Promise<{ body: Buffer; mime: UploadMime } | null> {
  if (!viewer) return null;
  const row = await repo.findUpload(db, uploadId);
  if (!row) return null;
  const allowed = row.ownerId === viewer.id || viewsAsStaff(viewer);
  if (!allowed) return null;
  const body = await uploadStorage(rt).get(row.storageKey);
  return body ? { body, mime: row.mime } : null;
}
