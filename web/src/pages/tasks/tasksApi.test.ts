/**
 * The lists the task screens keep beside the generated wire types (issue 23) hold the same values as
 * the server's constants: the generated types only check that each value is allowed, not that none is missing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AGENCY_GROUPS, REPORTED_STATUSES, TASK_STATUSES, TASK_VIEWS } from './tasksApi';
import { STATUSES } from '../../../../src/modules/tasks/tasks.rules.js';
import { AGENCY_GROUPS as SERVER_GROUPS } from '../../../../src/modules/tasks/tasks.import.js';
import { REPORTED_STATUSES as SERVER_REPORTED, TASK_VIEWS as SERVER_VIEWS } from '../../../../src/modules/tasks/tasks.schemas.js';

const sorted = (a: readonly string[]) => [...a].sort();

test('the task screens list the same statuses, views and agency groups as the server', () => {
  assert.deepEqual(sorted(TASK_STATUSES), sorted(STATUSES));
  assert.deepEqual(sorted(TASK_VIEWS), sorted(SERVER_VIEWS));
  assert.deepEqual(sorted(AGENCY_GROUPS), sorted(SERVER_GROUPS));
  assert.deepEqual(sorted(REPORTED_STATUSES), sorted(SERVER_REPORTED));
});
