/** For other modules' tests (eslint.config.js lets tests import `*.testutil.ts`): the demo Open311 API key the demo seed creates. */
export { DEMO_OPEN311_KEY } from './feedback.seed.js';
