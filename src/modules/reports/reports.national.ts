/**
 * Port to the Government's reporting information system (Hệ thống thông tin báo cáo Chính phủ,
 * reporting.md "Form and legal value"). The shipped adapter is a SANDBOX: it sends nothing, records
 * the payload in `integration_delivery` (channel `gov_reporting`, readable at
 * GET /api/v1/integration/deliveries) and returns a sandbox receipt. A real adapter implements the
 * same `send` against the national system's API once the province is connected.
 */
import { createHash } from 'node:crypto';
import type { Executor } from '../../platform/db/database.js';
import { recordDelivery } from '../integration/integration.public.js';

export interface GovReport {
  /** Deduplication key (the outbox id): the receiver ignores a repeat. */
  key: string;
  regimeCode: string;
  period: string;
  label: string;
  payload: Record<string, unknown>;
}

export interface GovReportingPort {
  readonly kind: string;
  send(r: GovReport): Promise<{ receipt: string }>;
}

export function sandboxGovReporting(db: Executor): GovReportingPort {
  return {
    kind: 'sandbox',
    async send(r) {
      const receipt = `SANDBOX-${r.regimeCode}-${r.period}-${createHash('sha256').update(r.key).digest('hex').slice(0, 8)}`;
      await recordDelivery(db, {
        channel: 'gov_reporting',
        adapter: 'sandbox',
        key: r.key,
        subject: `${r.regimeCode}/${r.period}`,
        payload: { ...r, receipt },
      });
      return { receipt };
    },
  };
}
