/**
 * The constants the reports screens keep beside the generated wire types (issue 23) stay equal to the
 * server's: who reports and who receives decide which parts of the home screen show.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RECEIVER_ROLES, REPORTER_ROLES } from './reportsApi';
import { RECEIVER_ROLES as SERVER_RECEIVERS, REPORTER_ROLES as SERVER_REPORTERS } from '../../../../src/modules/reports/reports.service.js';

test('the reports screens name the same reporter and receiver roles as the server', () => {
  assert.deepEqual([...REPORTER_ROLES].sort(), [...SERVER_REPORTERS].sort());
  assert.deepEqual([...RECEIVER_ROLES].sort(), [...SERVER_RECEIVERS].sort());
});
