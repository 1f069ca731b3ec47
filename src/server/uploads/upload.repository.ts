// The only SQL for uploaded files' rows (the bytes live in storage.ts). Rows stay in here.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { UploadTable } from '../accounts/account.table.ts';

type Db = Kysely<Database> | Transaction<Database>;

export async function insertUpload(
  db: Db,
  u: { ownerId: number; storageKey: string; mime: UploadTable['mime']; byteSize: number; purpose: UploadTable['purpose']; sha256: string },
): Promise<number> {
  const row = await db
    .insertInto('upload')
    .values({ owner_id: u.ownerId, storage_key: u.storageKey, mime: u.mime, byte_size: u.byteSize, purpose: u.purpose, sha256: u.sha256 })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function findUpload(db: Db, id: number): Promise<{ ownerId: number; storageKey: string; mime: UploadTable['mime'] } | null> {
  const row = await db.selectFrom('upload').select(['owner_id', 'storage_key', 'mime']).where('id', '=', id).executeTakeFirst();
  return row ? { ownerId: row.owner_id, storageKey: row.storage_key, mime: row.mime } : null;
}
