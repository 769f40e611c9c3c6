/**
 * The signed per-dossier rating token (issue 18 §1, QĐ 766 indicator 5.4): printed as a link/QR on
 * the receipt so an applicant without an account can rate the handling of the dossier, and handed
 * to the counter's rating screen. No login; one rating per dossier (the rating table's key).
 *
 * token = "<l|c>.<dossier id>.<signature>": l = link (receipt/result), c = counter screen; the
 * signature is an HMAC-SHA256 of "rating:<purpose>:<id>" with a random key the installation makes
 * once (setting `rating_token_key`), cut to 128 bits, base64url. It names no person.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Executor } from '../../platform/db/database.js';
import { ensureSetting, getSetting } from '../../platform/auth/auth.repo.js';

export type RatingChannel = 'link' | 'counter';
const PREFIX: Record<RatingChannel, string> = { link: 'l', counter: 'c' };
const KEY_SETTING = 'rating_token_key';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

async function key(db: Executor): Promise<string> {
  return (await getSetting(db, KEY_SETTING)) ?? (await ensureSetting(db, KEY_SETTING, randomBytes(32).toString('hex')));
}

const sign = (k: string, channel: RatingChannel, dossierId: string) =>
  createHmac('sha256', k).update(`rating:${channel}:${dossierId}`).digest().subarray(0, 16).toString('base64url');

export async function ratingToken(db: Executor, dossierId: string, channel: RatingChannel = 'link'): Promise<string> {
  return `${PREFIX[channel]}.${dossierId}.${sign(await key(db), channel, dossierId)}`;
}

/** The dossier and channel a token was made for, or null when it is not a valid token. */
export async function verifyRatingToken(db: Executor, token: string): Promise<{ dossierId: string; channel: RatingChannel } | null> {
  const [p, id, sig] = token.split('.');
  const channel = p === 'l' ? 'link' : p === 'c' ? 'counter' : null;
  if (!channel || !id || !UUID.test(id) || !sig || !/^[A-Za-z0-9_-]{22}$/.test(sig)) return null;
  const want = Buffer.from(sign(await key(db), channel, id));
  const got = Buffer.from(sig);
  return want.length === got.length && timingSafeEqual(want, got) ? { dossierId: id, channel } : null;
}

/** The public rating page of a token (the web route /danh-gia/:token). */
export const ratingUrl = (base: string, token: string): string => `${base.replace(/\/$/, '')}/danh-gia/${token}`;
