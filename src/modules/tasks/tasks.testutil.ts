/** For other modules' tests (eslint.config.js lets tests import `*.testutil.ts`): the tasks module's day arithmetic. */
export { addDays } from './tasks.rules.js';
export { todayVn } from './tasks.service.js';
