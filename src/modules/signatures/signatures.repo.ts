import { sql } from 'kysely';
import type { Executor, TableRow } from '../../platform/db/database.js';

export interface CheckRow {
  sha256: string;
  checkedAt: Date;
  status: 'none' | 'valid' | 'problem';
  signatureCount: number;
  verdict: string;
  details: unknown;
}

export async function saveCheck(db: Executor, c: CheckRow): Promise<void> {
  await sql`INSERT INTO signature_checks (sha256, checked_at, status, signature_count, verdict, details)
    VALUES (${c.sha256}, ${c.checkedAt}, ${c.status}, ${c.signatureCount}, ${c.verdict}, ${JSON.stringify(c.details)}::jsonb)
    ON CONFLICT (sha256) DO UPDATE SET checked_at = EXCLUDED.checked_at, status = EXCLUDED.status, signature_count = EXCLUDED.signature_count, verdict = EXCLUDED.verdict, details = EXCLUDED.details`.execute(
    db,
  );
}

export async function getChecks(db: Executor, hashes: string[]): Promise<Map<string, CheckRow>> {
  if (hashes.length === 0) return new Map();
  const r = await sql<TableRow<'signature_checks'>>`
    SELECT sha256, checked_at, status, signature_count, verdict, details FROM signature_checks WHERE sha256 IN (${sql.join(hashes)})`.execute(db);
  return new Map(
    r.rows.map((x) => [
      x.sha256,
      {
        sha256: x.sha256,
        checkedAt: new Date(x.checked_at),
        status: x.status as CheckRow['status'],
        signatureCount: x.signature_count,
        verdict: x.verdict,
        details: x.details,
      },
    ]),
  );
}

export async function saveSignedCopy(db: Executor, c: { source: string; signed: string; at: Date }): Promise<void> {
  await sql`INSERT INTO signed_copies (signed_sha256, source_sha256, signed_at) VALUES (${c.signed}, ${c.source}, ${c.at}) ON CONFLICT (signed_sha256) DO NOTHING`.execute(
    db,
  );
}

/** The latest signed copy made from `source`, or null. */
export async function latestSignedCopy(db: Executor, source: string): Promise<string | null> {
  const r = await sql<
    Pick<TableRow<'signed_copies'>, 'signed_sha256'>
  >`SELECT signed_sha256 FROM signed_copies WHERE source_sha256 = ${source} ORDER BY signed_at DESC, signed_sha256 LIMIT 1`.execute(db);
  return r.rows[0]?.signed_sha256 ?? null;
}
