/**
 * The one Idempotency-Key generator and its lifetime (issue 24 §7).
 *
 * The server answers a repeated POST carrying the same Idempotency-Key with the first answer instead
 * of doing the work twice. So a key names one *user intent* (this dossier's reception, this payment,
 * this action in this dialog): it is kept across retries of that intent (a double click, a retry after
 * a network error or a refused attempt) and replaced only when the page starts a new intent (a new
 * form after "Tiếp nhận hồ sơ khác", a new payment after the last one failed). A component's key is
 * born with it, so closing and reopening a dialog is a new intent too.
 */

/** A v4 UUID: crypto.randomUUID where the page is a secure context, else one from getRandomValues (plain-HTTP intranets). */
export function newIdempotencyKey(): string {
  const c = globalThis.crypto;
  if (typeof c?.randomUUID === 'function') return c.randomUUID();
  const b = new Uint8Array(16);
  c.getRandomValues(b);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** One user intent's key: the same on every attempt until renew() starts the next intent. */
export interface Intent {
  readonly key: string;
  renew(): void;
}

export function createIntent(generate: () => string = newIdempotencyKey): Intent {
  let key = generate();
  return {
    get key() {
      return key;
    },
    renew() {
      key = generate();
    },
  };
}
