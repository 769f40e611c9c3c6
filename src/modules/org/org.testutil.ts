/** For other modules' tests (eslint.config.js lets tests import `*.testutil.ts`): the demo accounts the demo seed creates. */
export { DEMO_USERS } from './org.seed.js';
