/** The reform screens list the values the server accepts (issue 23: the generated types check each value, this checks none is missing). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AREAS, AREA_NAMES, CHANNELS, INDEX_CODES, SECTORS } from './reformConstants';
import { REFORM_AREAS, REFORM_AREA_NAMES_VI, SIPAS_CHANNELS, SIPAS_SECTOR_KEYS } from '../../../../src/modules/reform/reform.rules.js';
import { INDEX_CODES as SERVER_INDEX_CODES } from '../../../../src/modules/reform/reform.indices.rules.js';

test('the plan form lists the same fields of the frame as the server, with the same Vietnamese names', () => {
  assert.deepEqual([...AREAS], [...REFORM_AREAS]);
  for (const a of REFORM_AREAS) assert.equal(AREA_NAMES[a].vi, REFORM_AREA_NAMES_VI[a], a);
});

test('the survey and indices screens list the same sectors, channels and indices as the server', () => {
  assert.deepEqual([...SECTORS], [...SIPAS_SECTOR_KEYS]);
  assert.deepEqual([...CHANNELS], [...SIPAS_CHANNELS]);
  assert.deepEqual([...INDEX_CODES].sort(), [...SERVER_INDEX_CODES].sort());
});
