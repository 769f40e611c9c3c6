import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fromRoot } from './paths.js';
import { DEFAULT_PGLITE_SHARED_BUFFERS } from './db/database.js';
import { parseRate, parseTrustedProxies, type LimitKind, type RateRule } from './http/abuse.rules.js';

/** All configuration comes from environment variables; this is the one place that reads them. */
export interface Config {
  port: number;
  host: string;
  databaseUrl: string | null;
  dataDir: string;
  filesDir: string;
  production: boolean;
  demo: boolean;
  sessionSecret: string | null;
  sessionTtlHours: number;
  logLevel: string;
  bodyLimitBytes: number;
  version: string;
  workers: boolean;
  publicBaseUrl: string;
  /** PostgreSQL shared_buffers inside embedded PGlite (ignored with DATABASE_URL). */
  pgliteSharedBuffers: string;
  /** PostgreSQL: hot statements as named prepared statements (src/platform/db/prepared.ts); off e.g. behind a pooler that cannot keep them. */
  pgPreparedStatements: boolean;

  // ---- sandbox adapters (issue 16 §1) ----------------------------------------------------------
  /**
   * The sandbox adapters switched on. Demo mode: all of them. Production: only those SANDBOX
   * names (e.g. `SANDBOX=vneid,payment`); an unknown name is a start-up error. The server warns at
   * start and the web app shows a banner while any is on in production (docs/operations.md).
   */
  sandboxes: ReadonlySet<SandboxName>;
  // ---- abuse of public endpoints (issue 16 §2; src/platform/http/rate-limit.ts, docs/operations.md "Security")
  /** Per-client limits of anonymous traffic (null = off): RATE_LIMIT_PUBLIC_WRITE, RATE_LIMIT_SURVEY, RATE_LIMIT_PUBLIC_LOOKUP. */
  rateLimits: Record<LimitKind, RateRule | null>;
  /** Daily cap on bytes uploaded without an account, per client and for the whole server (null = no cap). */
  anonymousUploadDaily: { perClientBytes: number | null; totalBytes: number | null };
  /** Reverse proxies whose X-Forwarded-For is believed (IPs and CIDRs; empty = none). TRUST_PROXY. */
  trustedProxies: string[];
  // ---- Outbox monitoring (issue 17 §1) ----
  /**
   * OUTBOX_ALERT_SECONDS: /api/health reports `degraded` when an outbox row has waited longer than
   * this without being delivered (a consumer failing or missing, workers off or overloaded), and the
   * admin outbox screen marks the topic. Default 900 (15 minutes).
   */
  outboxAlertSeconds: number;
  // ---- Digital signatures (issue 19; src/modules/signatures, docs/signatures.md) ----
  signing: SigningConfig;
  // ---- Notifications (issue 21 §3; src/modules/notifications, docs/notifications.md) ----
  /**
   * The SMTP server e-mail notifications go through (nodemailer), or null: then e-mail goes to the
   * notifications SANDBOX when it is on, and is recorded as not configured otherwise. SMTP_HOST,
   * SMTP_PORT (587), SMTP_SECURE (on = TLS from the start, e.g. port 465; off = STARTTLS when the
   * server offers it), SMTP_USER, SMTP_PASSWORD, SMTP_FROM.
   */
  smtp: { host: string; port: number; secure: boolean; user: string | null; password: string | null; from: string } | null;
  /**
   * Web push to staff browsers (VAPID, RFC 8292): VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY (both or
   * neither; in demo mode a pair is generated into DATA_DIR/vapid.json when unset), VAPID_SUBJECT
   * (a mailto: or https: contact; default the public base URL when it is https, else mailto:no-reply@localhost), PUSH_CA_FILE (extra trusted CA
   * certificates, PEM, for a push service behind a private CA).
   */
  webPush: { publicKey: string | null; privateKey: string | null; subject: string; caFile: string | null };
  /**
   * Deadline warnings (issue 21 §2): how long before a step's or a dossier's due moment its holder
   * is warned, in working time. DEADLINE_WARN_BEFORE, e.g. "1d,2h" (the default): one warning one
   * working day before, another two working hours before.
   */
  deadlineWarnBefore: { amount: number; unit: 'working_days' | 'working_hours' }[];
  // ---- Front office (issue 22; src/modules/frontoffice, docs/frontoffice.md) ----
  /**
   * FO_EVENT_RETENTION_DAYS: how many days the call screens' events (`fo_event`) are kept; the
   * daily job `frontoffice.event-cleanup` deletes older ones. Default 30.
   */
  frontOfficeEventRetentionDays: number;
  // ---- Adapters read by modules (issue 24: every setting here) ----
  /**
   * The national portal's dossier sync (src/modules/dossiers/dossiers.sync.ts): NATIONAL_PORTAL_URL
   * (unset = the sandbox adapter when allowed, else not configured) and NATIONAL_PORTAL_TOKEN (bearer).
   */
  nationalPortal: { url: string | null; token: string | null };
  /** PAYMENT_SANDBOX_SECRET: the sandbox payment gateway's callback secret; null = a random one kept in the database. */
  paymentSandboxSecret: string | null;
  // ---- Demo data (demo mode only; src/modules.ts seeds it) ----
  /** DEMO_DOSSIERS (240): demo dossiers made through the dossier service. */
  demoDossiers: number;
  /** DEMO_HISTORY (400): dossiers of the demo province's year of history, loaded through the history importer. */
  demoHistory: number;
  /** DEMO_CERTIFICATIONS (36): about how many demo certified copies. */
  demoCertifications: number;
  /** DEMO_REFORM_ACTIVITY (on; "0" = off): the reform module's SIPAS responses and plans of the current year. */
  demoReformActivity: boolean;
  /** RESULT_SIGNING_KEY: the key that signs (HMAC-SHA256) the electronic copy of results; null = only the SHA-256 is recorded. */
  resultSigningKey: string | null;
}

/** What a province configures for signing and verification (docs/signatures.md, docs/operations.md). */
export interface SigningConfig {
  /** CSC_API_URL, CSC_API_TOKEN: the remote signing provider (Cloud Signature Consortium API v2); null = none. */
  csc: { url: string; token: string; pollSeconds: number; timeoutSeconds: number } | null;
  /** SEAL_P12_PATH, SEAL_P12_PASSWORD: the organisation (seal) certificate as PKCS#12; null = none. */
  sealP12: { path: string; password: string } | null;
  /** SEAL_P12_DIR: a folder of agency seals, `<agency code>.p12` (password in `<agency code>.password`, else SEAL_P12_PASSWORD); null = none. */
  sealP12Dir: { path: string; password: string | null } | null;
  /** TSA_URL: RFC 3161 timestamp authority (PAdES B-T); null = B-B without timestamp. */
  tsaUrl: string | null;
  /** TRUST_ANCHORS_DIR: folder of trusted root/intermediate certificates (and CRLs); default $DATA_DIR/trust-anchors. */
  trustAnchorsDir: string;
}

/** The sandbox adapters: e-ID (VNeID), payment gateway, national portal sync, notifications, signing (a local test CA). */
export const SANDBOX_NAMES = ['vneid', 'payment', 'national_portal', 'notifications', 'signing'] as const;
export type SandboxName = (typeof SANDBOX_NAMES)[number];

/** SANDBOX=vneid,payment → the set; every sandbox in demo mode. Throws on an unknown name. */
export function parseSandboxes(raw: string | undefined, production: boolean): ReadonlySet<SandboxName> {
  const names = (raw ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '');
  const unknown = names.filter((n) => !(SANDBOX_NAMES as readonly string[]).includes(n));
  if (unknown.length) throw new Error(`SANDBOX chỉ nhận các tên ${SANDBOX_NAMES.join(', ')} (nhận được "${unknown.join(', ')}")`);
  return new Set<SandboxName>(production ? (names as SandboxName[]) : SANDBOX_NAMES);
}

/** The start-up warning of a production server with sandbox adapters on (null when none is). */
export function sandboxWarning(config: Pick<Config, 'production' | 'sandboxes'>): string | null {
  if (!config.production || config.sandboxes.size === 0) return null;
  return `SANDBOX adapters are ON in production: ${[...config.sandboxes].join(', ')}. They are test doubles (no real e-ID, payment, national portal or message is involved); every screen shows a warning banner. Remove SANDBOX once real providers are configured (docs/operations.md).`;
}

const pkg = JSON.parse(readFileSync(fromRoot('package.json'), 'utf8')) as { version: string };

function intEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n)) throw new Error(`${name} phải là số (nhận được "${raw}")`);
  return n;
}

function positiveIntEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const n = intEnv(env, name, fallback);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} phải là số nguyên dương (nhận được "${env[name]}")`);
  return n;
}

function memoryEnv(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^[1-9][0-9]*(kB|MB|GB)$/.test(raw)) throw new Error(`${name} phải là dung lượng dạng 16MB, 512kB hoặc 1GB (nhận được "${raw}")`);
  return raw;
}

function onOffEnv(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'on') return true;
  if (raw === 'off') return false;
  throw new Error(`${name} phải là on hoặc off (nhận được "${raw}")`);
}

// --- Listen address (issue 20) ----------------------------------------------------------------
// Demo mode publishes its passwords (README), so a demo server listens on the loopback interface
// only unless HOST says otherwise; production listens on every interface (behind its proxy).
function listenHost(env: NodeJS.ProcessEnv, production: boolean): string {
  const raw = env.HOST;
  if (raw !== undefined && raw !== '') return raw;
  return production ? '0.0.0.0' : '127.0.0.1';
}
// -----------------------------------------------------------------------------------------------
function rateEnv(env: NodeJS.ProcessEnv, name: string, fallback: string): RateRule | null {
  const raw = env[name];
  return parseRate(name, raw === undefined || raw === '' ? fallback : raw);
}

/** Megabytes, or "off" (no cap). */
function megabytesEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number | null {
  const raw = env[name];
  if (raw === 'off') return null;
  const n = intEnv(env, name, fallback);
  if (!(n > 0)) throw new Error(`${name} phải là số MB lớn hơn 0 hoặc off (nhận được "${raw}")`);
  return Math.round(n * 1024 * 1024);
}

function signingConfig(env: NodeJS.ProcessEnv, dataDir: string): SigningConfig {
  const set = (k: string) => (env[k] && env[k] !== '' ? env[k] : null);
  const cscUrl = set('CSC_API_URL');
  const p12 = set('SEAL_P12_PATH');
  if (p12 && set('SEAL_P12_PASSWORD') === null) throw new Error('SEAL_P12_PATH cần kèm SEAL_P12_PASSWORD');
  return {
    csc: cscUrl
      ? {
          url: cscUrl,
          token: set('CSC_API_TOKEN') ?? '',
          pollSeconds: positiveIntEnv(env, 'CSC_POLL_SECONDS', 3),
          timeoutSeconds: positiveIntEnv(env, 'CSC_TIMEOUT_SECONDS', 120),
        }
      : null,
    sealP12: p12 ? { path: path.resolve(p12), password: env.SEAL_P12_PASSWORD ?? '' } : null,
    sealP12Dir: set('SEAL_P12_DIR') ? { path: path.resolve(set('SEAL_P12_DIR')!), password: set('SEAL_P12_PASSWORD') } : null,
    tsaUrl: set('TSA_URL'),
    trustAnchorsDir: path.resolve(set('TRUST_ANCHORS_DIR') ?? path.join(dataDir, 'trust-anchors')),
  };
}

/** "1d,2h" → [{1, working_days}, {2, working_hours}], largest first. */
export function parseWarnBefore(name: string, raw: string): { amount: number; unit: 'working_days' | 'working_hours' }[] {
  const out = raw
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '')
    .map((x) => {
      const m = /^(\d+(?:\.\d+)?)(d|h)$/.exec(x);
      if (!m || !(Number(m[1]) > 0)) throw new Error(`${name} phải là danh sách như "1d,2h" (d = ngày làm việc, h = giờ làm việc); nhận được "${raw}"`);
      return { amount: Number(m[1]), unit: m[2] === 'd' ? ('working_days' as const) : ('working_hours' as const) };
    });
  if (!out.length) throw new Error(`${name} không được để trống`);
  const minutes = (w: { amount: number; unit: string }) => w.amount * (w.unit === 'working_days' ? 480 : 60);
  return out.sort((a, b) => minutes(b) - minutes(a));
}

function smtpConfig(env: NodeJS.ProcessEnv): Config['smtp'] {
  const host = env.SMTP_HOST;
  if (host === undefined || host === '') return null;
  return {
    host,
    port: positiveIntEnv(env, 'SMTP_PORT', 587),
    secure: onOffEnv(env, 'SMTP_SECURE', false),
    user: env.SMTP_USER || null,
    password: env.SMTP_PASSWORD || null,
    from: env.SMTP_FROM || 'MotCua <no-reply@localhost>',
  };
}

function webPushConfig(env: NodeJS.ProcessEnv, publicBaseUrl: string): Config['webPush'] {
  const publicKey = env.VAPID_PUBLIC_KEY || null;
  const privateKey = env.VAPID_PRIVATE_KEY || null;
  if ((publicKey === null) !== (privateKey === null)) throw new Error('VAPID_PUBLIC_KEY và VAPID_PRIVATE_KEY phải được đặt cùng nhau');
  const subject = env.VAPID_SUBJECT || (publicBaseUrl.startsWith('https:') ? publicBaseUrl : 'mailto:no-reply@localhost');
  if (!/^(https:|mailto:)/.test(subject)) throw new Error(`VAPID_SUBJECT phải là địa chỉ https: hoặc mailto: (nhận được "${subject}")`);
  return { publicKey, privateKey, subject, caFile: env.PUSH_CA_FILE || null };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const production = env.NODE_ENV === 'production';
  const dataDir = path.resolve(env.DATA_DIR ?? './data');
  const port = intEnv(env, 'PORT', 3000);
  return {
    port,
    host: listenHost(env, production),
    databaseUrl: env.DATABASE_URL && env.DATABASE_URL !== '' ? env.DATABASE_URL : null,
    dataDir,
    filesDir: path.resolve(env.FILES_DIR ?? path.join(dataDir, 'files')),
    production,
    demo: !production,
    sessionSecret: env.SESSION_SECRET && env.SESSION_SECRET !== '' ? env.SESSION_SECRET : null,
    sessionTtlHours: intEnv(env, 'SESSION_TTL_HOURS', 12),
    logLevel: env.LOG_LEVEL ?? (env.NODE_ENV === 'test' ? 'silent' : 'info'),
    bodyLimitBytes: intEnv(env, 'BODY_LIMIT_BYTES', 1024 * 1024),
    version: pkg.version,
    workers: env.WORKERS !== 'off',
    publicBaseUrl: env.PUBLIC_BASE_URL ?? `http://localhost:${port}`,
    pgliteSharedBuffers: memoryEnv(env, 'PGLITE_SHARED_BUFFERS', DEFAULT_PGLITE_SHARED_BUFFERS),
    pgPreparedStatements: onOffEnv(env, 'PG_PREPARED_STATEMENTS', true),
    sandboxes: parseSandboxes(env.SANDBOX, production),
    // abuse of public endpoints
    rateLimits: {
      public_write: rateEnv(env, 'RATE_LIMIT_PUBLIC_WRITE', '20/10m'),
      survey: rateEnv(env, 'RATE_LIMIT_SURVEY', '30/1h'),
      public_lookup: rateEnv(env, 'RATE_LIMIT_PUBLIC_LOOKUP', '60/1m'),
    },
    anonymousUploadDaily: {
      perClientBytes: megabytesEnv(env, 'ANON_UPLOAD_MB_PER_CLIENT_DAY', 50),
      totalBytes: megabytesEnv(env, 'ANON_UPLOAD_MB_PER_DAY', 2048),
    },
    trustedProxies: parseTrustedProxies(env.TRUST_PROXY, production),
    outboxAlertSeconds: positiveIntEnv(env, 'OUTBOX_ALERT_SECONDS', 900),
    signing: signingConfig(env, dataDir),
    smtp: smtpConfig(env),
    webPush: webPushConfig(env, env.PUBLIC_BASE_URL ?? `http://localhost:${port}`),
    deadlineWarnBefore: parseWarnBefore('DEADLINE_WARN_BEFORE', env.DEADLINE_WARN_BEFORE || '1d,2h'),
    frontOfficeEventRetentionDays: positiveIntEnv(env, 'FO_EVENT_RETENTION_DAYS', 30),
    nationalPortal: { url: env.NATIONAL_PORTAL_URL || null, token: env.NATIONAL_PORTAL_TOKEN || null },
    paymentSandboxSecret: env.PAYMENT_SANDBOX_SECRET || null,
    // The demo counts keep their former reading (Number of the variable, default when unset).
    demoDossiers: Number(env.DEMO_DOSSIERS ?? 240),
    demoHistory: Number(env.DEMO_HISTORY ?? 400),
    demoCertifications: Number(env.DEMO_CERTIFICATIONS ?? 36),
    demoReformActivity: env.DEMO_REFORM_ACTIVITY !== '0',
    resultSigningKey: env.RESULT_SIGNING_KEY || null,
  };
}
