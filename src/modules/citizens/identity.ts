/**
 * The national e-ID as an OpenID Connect port (authorization code flow with state and nonce).
 *
 * Shipped adapter: `vneid-sandbox`, a SANDBOX provider for development and demos, named as such
 * everywhere it appears. It is not VNeID: it issues ES256-signed id tokens for a fixed list of
 * demo identities, its signing key is generated once and kept in `app_setting`
 * (`citizens.vneid_sandbox_jwk`) so every server process shares it, and its authorization codes
 * live in the `oidc_flow` row of the login they belong to (single use, 5 minutes).
 * A real adapter (VNeID / the national portal's SSO) implements the same interface with the
 * issuer's discovery document and JWKS over HTTPS.
 */
import { randomBytes } from 'node:crypto';
import { SignJWT, exportJWK, generateKeyPair, importJWK, jwtVerify, createLocalJWKSet, type JWK } from 'jose';
import { sql } from 'kysely';
import type { Database } from '../../platform/db/database.js';
import { ensureSetting } from '../../platform/auth/auth.repo.js';

export interface IdentityClaims {
  subject: string;
  personalId: string;
  fullName: string;
  dateOfBirth: string;
  gender: 'nam' | 'nu';
  residence: string;
  phone: string | null;
  email: string | null;
  /** Level of assurance of the e-ID account (VNeID level 2 = identity verified in person). */
  assurance: number;
}

export interface IdentityProvider {
  readonly id: string;
  readonly name: string;
  readonly sandbox: boolean;
  authorizeUrl(p: { state: string; nonce: string; redirectUri: string }): string;
  /** Exchanges a single-use authorization code for a signed id token. */
  exchangeCode(code: string, redirectUri: string): Promise<{ idToken: string }>;
  /** Verifies signature, issuer, audience, expiry and nonce; returns the person's claims. */
  verifyIdToken(idToken: string, nonce: string): Promise<IdentityClaims>;
}

export const SANDBOX_ISSUER = 'https://vneid-sandbox.motcua.invalid';
export const CLIENT_ID = 'motcua-portal';

/** The demo identities of the sandbox (fictitious people; formats valid). */
export const SANDBOX_IDENTITIES: readonly (Omit<IdentityClaims, 'subject' | 'assurance'> & { key: string })[] = [
  {
    key: 'le-van-an',
    personalId: '038090001234',
    fullName: 'Lê Văn An',
    dateOfBirth: '1990-05-12',
    gender: 'nam',
    residence: 'Số 12 Lê Lợi, phường Hạc Thành, tỉnh Thanh Hóa',
    phone: '0912000111',
    email: 'levanan@example.vn',
  },
  {
    key: 'nguyen-thi-hoa',
    personalId: '038195004321',
    fullName: 'Nguyễn Thị Hoa',
    dateOfBirth: '1995-08-20',
    gender: 'nu',
    residence: 'Thôn Đông, xã Hoằng Hóa, tỉnh Thanh Hóa',
    phone: '0912000222',
    email: 'nguyenthihoa@example.vn',
  },
  {
    key: 'tran-minh-khoi',
    personalId: '038203001122',
    fullName: 'Trần Minh Khôi',
    dateOfBirth: '2003-02-14',
    gender: 'nam',
    residence: 'Số 5 Trần Phú, phường Sầm Sơn, tỉnh Thanh Hóa',
    phone: '0912000333',
    email: null,
  },
];

const subjectOf = (personalId: string) => `sandbox-${personalId}`;

async function signingKey(database: Database): Promise<{ privateJwk: JWK; publicJwk: JWK }> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const candidate = JSON.stringify({ private: await exportJWK(privateKey), public: await exportJWK(publicKey) });
  const stored = JSON.parse(await ensureSetting(database.db, 'citizens.vneid_sandbox_jwk', candidate)) as { private: JWK; public: JWK };
  return { privateJwk: { ...stored.private, kid: 'sandbox-1', alg: 'ES256' }, publicJwk: { ...stored.public, kid: 'sandbox-1', alg: 'ES256', use: 'sig' } };
}

export interface SandboxIdentityProvider extends IdentityProvider {
  /** The sandbox's own "login page" step: the demo person chooses who they are; returns the code. */
  authorize(state: string, identityKey: string): Promise<{ code: string } | null>;
  jwks(): Promise<{ keys: JWK[] }>;
}

export function vneidSandboxProvider(database: Database): SandboxIdentityProvider {
  let keys: Promise<{ privateJwk: JWK; publicJwk: JWK }> | null = null;
  const getKeys = () => (keys ??= signingKey(database));
  return {
    id: 'vneid-sandbox',
    name: 'VNeID (môi trường THỬ NGHIỆM – sandbox)',
    sandbox: true,
    authorizeUrl: ({ state, nonce, redirectUri }) =>
      `/vneid-thu-nghiem?client_id=${CLIENT_ID}&response_type=code&scope=openid&state=${encodeURIComponent(state)}&nonce=${encodeURIComponent(nonce)}&redirect_uri=${encodeURIComponent(redirectUri)}`,
    async authorize(state, identityKey) {
      if (!SANDBOX_IDENTITIES.some((i) => i.key === identityKey)) return null;
      const code = randomBytes(24).toString('base64url');
      const r = await sql`UPDATE oidc_flow SET code = ${code}, identity_key = ${identityKey}
        WHERE state = ${state} AND provider = 'vneid-sandbox' AND consumed_at IS NULL AND code IS NULL AND expires_at > now()`.execute(database.db);
      return Number(r.numAffectedRows ?? 0) === 1 ? { code } : null;
    },
    async exchangeCode(code) {
      const { rows } = await sql<{ nonce: string; identity_key: string }>`SELECT nonce, identity_key FROM oidc_flow
        WHERE code = ${code} AND provider = 'vneid-sandbox' AND consumed_at IS NULL AND expires_at > now()`.execute(database.db);
      const who = rows.length ? SANDBOX_IDENTITIES.find((i) => i.key === rows[0].identity_key) : undefined;
      if (!who) throw new Error('invalid_grant');
      const { privateJwk } = await getKeys();
      const key = await importJWK(privateJwk, 'ES256');
      const idToken = await new SignJWT({
        nonce: rows[0].nonce,
        name: who.fullName,
        personal_id: who.personalId,
        birthdate: who.dateOfBirth,
        gender: who.gender,
        address: { formatted: who.residence },
        phone_number: who.phone,
        email: who.email,
        loa: 2,
      })
        .setProtectedHeader({ alg: 'ES256', kid: 'sandbox-1' })
        .setIssuer(SANDBOX_ISSUER)
        .setAudience(CLIENT_ID)
        .setSubject(subjectOf(who.personalId))
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(key);
      return { idToken };
    },
    async verifyIdToken(idToken, nonce) {
      const { publicJwk } = await getKeys();
      const { payload } = await jwtVerify(idToken, createLocalJWKSet({ keys: [publicJwk] }), {
        issuer: SANDBOX_ISSUER,
        audience: CLIENT_ID,
        algorithms: ['ES256'],
      });
      if (payload.nonce !== nonce) throw new Error('nonce mismatch');
      const p = payload as Record<string, unknown>;
      return {
        subject: String(payload.sub),
        personalId: String(p.personal_id),
        fullName: String(p.name),
        dateOfBirth: String(p.birthdate),
        gender: p.gender === 'nu' ? 'nu' : 'nam',
        residence: String((p.address as { formatted?: string } | undefined)?.formatted ?? ''),
        phone: (p.phone_number as string | null) ?? null,
        email: (p.email as string | null) ?? null,
        assurance: Number(p.loa ?? 1),
      };
    },
    async jwks() {
      return { keys: [(await getKeys()).publicJwk] };
    },
  };
}
