import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import helmet from 'helmet';
import { securityHeaderOps, securityHeaderOptions } from './security-headers.js';

/** A real response object of node:http, never sent. */
function response(): ServerResponse {
  return new ServerResponse(new IncomingMessage(new Socket()));
}

describe('securityHeaderOps: replaying what helmet did once', () => {
  for (const https of [false, true]) {
    test(`gives a response exactly the headers helmet's middleware gives it (${https ? 'HTTPS' : 'plain HTTP'})`, () => {
      const byHelmet = response();
      byHelmet.setHeader('X-Powered-By', 'something'); // helmet removes it
      let called = false;
      helmet(securityHeaderOptions(https))(byHelmet.req, byHelmet, () => {
        called = true;
      });
      assert.ok(called);

      const replayed = response();
      replayed.setHeader('X-Powered-By', 'something');
      for (const [name, value] of securityHeaderOps(https)) {
        if (value === null) replayed.removeHeader(name);
        else replayed.setHeader(name, value);
      }
      assert.deepEqual(replayed.getHeaders(), byHelmet.getHeaders());
      assert.equal(replayed.getHeader('x-powered-by'), undefined);
      assert.match(String(replayed.getHeader('content-security-policy')), /default-src 'self'/);
      assert.equal(replayed.hasHeader('strict-transport-security'), https);
    });
  }
});
