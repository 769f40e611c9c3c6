/** All SQL of the certification module (its own tables only). */
import { sql } from 'kysely';
import type { Executor, TableRow } from '../../platform/db/database.js';

/** A certified_copy row as read (typed from the generated schema). */
type Row = TableRow<'certified_copy'>;

/**
 * The next register number of an agency's book for a year: an UPSERT on the book's row, inside the
 * certification's transaction. Concurrent certifications of one agency wait on the row, each gets
 * the next number; a rolled-back certification gives its number back (no gap).
 */
export async function nextRegisterNo(tx: Executor, agencyId: string, year: number): Promise<number> {
  const { rows } = await sql<
    Pick<TableRow<'certification_book'>, 'last_no'>
  >`INSERT INTO certification_book (agency_id, year, last_no) VALUES (${agencyId}, ${year}, 1)
    ON CONFLICT (agency_id, year) DO UPDATE SET last_no = certification_book.last_no + 1 RETURNING last_no`.execute(tx);
  return rows[0].last_no;
}

export interface CopyRow {
  id: string;
  agencyId: string;
  year: number;
  registerNo: number;
  book: string;
  documentTitle: string;
  pages: number;
  copies: number;
  feeVnd: number;
  feeBasis: string;
  requesterName: string;
  requesterIdNumber: string;
  originalSha256: string;
  copySha256: string;
  copyStorageKey: string;
  copySize: number;
  signatureVerdict: string;
  certifiedBy: string;
  certifiedAt: Date;
  warehouseOwnerId: string | null;
  warehouseItemId: string | null;
}

const toCopy = (r: Row): CopyRow => ({
  id: r.id,
  agencyId: r.agency_id,
  year: r.year,
  registerNo: r.register_no,
  book: r.book,
  documentTitle: r.document_title,
  pages: r.pages,
  copies: r.copies,
  feeVnd: r.fee_vnd,
  feeBasis: r.fee_basis,
  requesterName: r.requester_name,
  requesterIdNumber: r.requester_id_number,
  originalSha256: r.original_sha256,
  copySha256: r.copy_sha256,
  copyStorageKey: r.copy_storage_key,
  copySize: r.copy_size,
  signatureVerdict: r.signature_verdict,
  certifiedBy: r.certified_by,
  certifiedAt: r.certified_at,
  warehouseOwnerId: r.warehouse_owner_id ?? null,
  warehouseItemId: r.warehouse_item_id ?? null,
});

export async function insertCopy(
  tx: Executor,
  c: Omit<CopyRow, 'certifiedAt' | 'warehouseOwnerId' | 'warehouseItemId'> & { certifiedAt: Date },
): Promise<CopyRow> {
  const { rows } =
    await sql<Row>`INSERT INTO certified_copy (id, agency_id, year, register_no, book, document_title, pages, copies, fee_vnd, fee_basis, requester_name, requester_id_number,
      original_sha256, copy_sha256, copy_storage_key, copy_size, signature_verdict, certified_by, certified_at)
    VALUES (${c.id}, ${c.agencyId}, ${c.year}, ${c.registerNo}, ${c.book}, ${c.documentTitle}, ${c.pages}, ${c.copies}, ${c.feeVnd}, ${c.feeBasis}, ${c.requesterName}, ${c.requesterIdNumber},
      ${c.originalSha256}, ${c.copySha256}, ${c.copyStorageKey}, ${c.copySize}, ${c.signatureVerdict}, ${c.certifiedBy}, ${c.certifiedAt.toISOString()}::timestamptz)
    RETURNING id, agency_id, year, register_no, book, document_title, pages, copies, fee_vnd, fee_basis, requester_name, requester_id_number, original_sha256, copy_sha256, copy_storage_key, copy_size, signature_verdict, certified_by, certified_at, warehouse_owner_id, warehouse_item_id`.execute(
      tx,
    );
  return toCopy(rows[0]);
}

export async function setWarehouse(tx: Executor, id: string, ownerId: string, itemId: string): Promise<void> {
  await sql`UPDATE certified_copy SET warehouse_owner_id = ${ownerId}, warehouse_item_id = ${itemId} WHERE id = ${id}`.execute(tx);
}

export async function getCopy(db: Executor, id: string): Promise<CopyRow | null> {
  const { rows } =
    await sql<Row>`SELECT id, agency_id, year, register_no, book, document_title, pages, copies, fee_vnd, fee_basis, requester_name, requester_id_number, original_sha256, copy_sha256, copy_storage_key, copy_size, signature_verdict, certified_by, certified_at, warehouse_owner_id, warehouse_item_id FROM certified_copy WHERE id = ${id}`.execute(
      db,
    );
  return rows[0] ? toCopy(rows[0]) : null;
}

export async function findByHash(db: Executor, sha256: string): Promise<CopyRow | null> {
  const { rows } =
    await sql<Row>`SELECT id, agency_id, year, register_no, book, document_title, pages, copies, fee_vnd, fee_basis, requester_name, requester_id_number, original_sha256, copy_sha256, copy_storage_key, copy_size, signature_verdict, certified_by, certified_at, warehouse_owner_id, warehouse_item_id FROM certified_copy WHERE copy_sha256 = ${sha256}`.execute(
      db,
    );
  return rows[0] ? toCopy(rows[0]) : null;
}

/** The book of an agency (null: all agencies), newest first. */
export async function listCopies(
  db: Executor,
  q: { agencyIds: string[] | null; year: number; limit: number; offset: number },
): Promise<{ items: CopyRow[]; total: number }> {
  const scope = q.agencyIds === null ? sql`true` : sql`agency_id = ANY(${q.agencyIds}::uuid[])`;
  const { rows } = await sql<
    Row & { total: number }
  >`SELECT id, agency_id, year, register_no, book, document_title, pages, copies, fee_vnd, fee_basis, requester_name, requester_id_number, original_sha256, copy_sha256, copy_storage_key, copy_size, signature_verdict, certified_by, certified_at, warehouse_owner_id, warehouse_item_id, count(*) OVER () AS total FROM certified_copy WHERE year = ${q.year} AND ${scope}
    ORDER BY register_no DESC, certified_at DESC LIMIT ${q.limit} OFFSET ${q.offset}`.execute(db);
  return { items: rows.map(toCopy), total: rows.length ? rows[0].total : 0 };
}

/** Agencies that certified at least one electronic copy in [from, to). */
export async function agenciesCertifying(db: Executor, from: Date, to: Date): Promise<Set<string>> {
  const { rows } = await sql<Pick<Row, 'agency_id'>>`SELECT DISTINCT agency_id FROM certified_copy
    WHERE certified_at >= ${from.toISOString()}::timestamptz AND certified_at < ${to.toISOString()}::timestamptz`.execute(db);
  return new Set(rows.map((r) => r.agency_id));
}
