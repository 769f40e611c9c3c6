import type { Database } from '../../platform/db/database.js';
import { ensureSetting, getSetting } from '../../platform/auth/auth.repo.js';
import * as repo from './payments.repo.js';

/**
 * Demo only (app setting `demo_seed_payments`): an online-payment reduction policy for the
 * judicial record procedure, clearly marked as a demo (Nghị quyết 131 task 18 asks provinces to
 * lower fees for online payment; the real rate is set by the competent authority).
 */
export async function seedDemoPayments(database: Database): Promise<void> {
  if (await getSetting(database.db, 'demo_seed_payments')) return;
  await database.transaction(async (tx) => {
    if (await getSetting(tx, 'demo_seed_payments')) return;
    await repo.insertPolicy(tx, {
      procedureCode: '2.000488',
      reductionPercent: 50,
      basis: 'DEMO — chính sách minh họa giảm 50% phí khi nộp và thanh toán trực tuyến (không phải văn bản thật)',
      validFrom: '2025-07-01',
      validTo: null,
    });
    await ensureSetting(tx, 'demo_seed_payments', new Date().toISOString());
  });
}
