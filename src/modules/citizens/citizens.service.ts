import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import type { Database, Executor } from '../../platform/db/database.js';
import { isUniqueViolation } from '../../platform/db/errors.js';
import type { Actor, RequestContext } from '../../platform/context.js';
import { systemContext } from '../../platform/context.js';
import { recordAudit } from '../../platform/audit.js';
import { enqueue } from '../../platform/outbox.js';
import { AppError, badRequest, conflict, forbidden, notFound, unprocessable } from '../../platform/errors.js';
import { findIdempotent, requestHash, saveIdempotent } from '../../platform/idempotency.js';
import { hashPassword } from '../../platform/auth/passwords.js';
import { createSession, actorForSession } from '../../platform/auth/auth.repo.js';
import { sha256, sniffMime, type FileStore } from '../../platform/files.js';
import { foldVietnamese, nfc } from '../../platform/text.js';
import { agencyScope, getAgency, listAgencies } from '../org/org.public.js';
import { getCurrentVersion, getProcedureVersion, type ApplicantGroup, type ProcedureVersion } from '../catalog/catalog.public.js';
import { toVnIso } from '../calendar/calendar.service.js';
import { attachStoredFile, markComponentReused, formatLookupKey, paymentDue, getDossier, lookupUrl, ratingToken, verifyRatingToken, listApplicantDossiers, listDossierFiles, type DossierService, type DossierRow } from '../dossiers/dossiers.public.js';
import type { IdentityClaims, IdentityProvider, SandboxIdentityProvider } from './identity.js';
import { storedSignatureStatus } from '../signatures/signatures.public.js';
import { isCertified } from '../certification/certification.public.js';
import * as repo from './citizens.repo.js';
import {
  ONCE_ONLY_TARGET_PERCENT,
  RATING_CRITERIA,
  RATING_EDIT_DAYS,
  REMINDER_LEAD_DAYS,
  addDays,
  addMonths,
  dataHash,
  isSatisfied,
  keptPrefilled,
  missingComponents,
  normaliseTaxCode,
  onceOnlyStats,
  personalIdProblem,
  prefillForm,
  ratingProblem,
  documentsForComponent,
  isDeclarationForm,
  renewalProcedureOf,
  taxCodeProblem,
  validateForm,
  type FormFieldDef,
  type PrefillData,
  reuseConsentRequired,
} from './citizens.rules.js';

export interface CitizenDeps {
  database: Database;
  clock: { now(): Date };
  files: FileStore;
  sessionKey: Uint8Array;
  sessionTtlHours: number;
  /** null: no identity provider configured (production without a real one and without SANDBOX=vneid). */
  idp: IdentityProvider | SandboxIdentityProvider | null;
  dossiers: DossierService;
  publicBaseUrl: string;
}

export interface RegisterInput {
  kind: 'citizen' | 'business';
  password: string;
  fullName: string;
  personalId: string;
  dateOfBirth: string;
  gender?: 'nam' | 'nu' | null;
  residence: string;
  phone: string;
  email?: string | null;
  taxCode?: string | null;
  businessName?: string | null;
}

export const todayVn = (now: Date) => new Date(now.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
const STAFF_READER_ROLES = ['one_stop_officer', 'specialist', 'unit_leader'] as const;

function requireCitizen(actor: Actor | null): Actor {
  if (!actor || actor.kind !== 'citizen') throw forbidden('Chức năng này dành cho tài khoản công dân, tổ chức.');
  return actor;
}

function formOf(v: ProcedureVersion, caseKey: string | undefined) {
  const c = caseKey ? v.content.cases.find((k) => k.key === caseKey) : v.content.cases[0];
  if (!c) throw unprocessable('case_not_found', `Thủ tục ${v.code} không có trường hợp "${caseKey}".`);
  const fields = (c.eform?.fields ?? []) as FormFieldDef[];
  return { c, fields };
}

/** Which kinds of state data the person's warehouse holds (for components replaceable by data). */
function dataHeld(d: PrefillData): Set<string> {
  const s = new Set<string>();
  if (d.population) s.add('population_db');
  if (d.business) s.add('business_db');
  return s;
}

export function createCitizenService(deps: CitizenDeps) {
  const { database, clock, files } = deps;
  const db = database.db;
  /** The configured e-ID provider, or 503 identity_provider_not_configured. */
  const provider = (): IdentityProvider | SandboxIdentityProvider => {
    if (!deps.idp) throw identityProviderNotConfigured();
    return deps.idp;
  };

  async function withIdempotency<T>(scope: string, key: string | null, body: unknown, run: (tx: Executor) => Promise<{ status: number; body: T }>) {
    const hash = requestHash(body);
    const attempt = () =>
      database.transaction(async (tx) => {
        if (key) {
          const prior = await findIdempotent<T>(tx, scope, key, hash);
          if (prior) return { ...prior, replayed: true };
        }
        const res = await run(tx);
        if (key) await saveIdempotent(tx, scope, key, hash, res);
        return { ...res, replayed: false };
      });
    try {
      return await attempt();
    } catch (err) {
      if (key && isUniqueViolation(err)) return attempt();
      throw err;
    }
  }

  async function issueSession(tx: Executor, userId: string, ctx: RequestContext, userAgent: string | null) {
    const expiresAt = new Date(clock.now().getTime() + deps.sessionTtlHours * 3600_000);
    const sid = await createSession(tx, userId, expiresAt, ctx.ip, userAgent);
    const token = await new SignJWT({ sid }).setProtectedHeader({ alg: 'HS256' }).setSubject(userId).setIssuedAt().setExpirationTime(Math.floor(expiresAt.getTime() / 1000)).sign(deps.sessionKey);
    const actor = (await actorForSession(tx, sid))!;
    return { token, expiresAt, actor };
  }

  async function profileOf(x: Executor, userId: string) {
    const p = await repo.getProfile(x, userId);
    if (!p) throw notFound('hồ sơ tài khoản công dân');
    return p;
  }

  /** Profile data from the national population database as the warehouse holds it. */
  function populationItem(ownerId: string, c: Omit<IdentityClaims, 'subject' | 'assurance'>, source: string, at: Date): repo.ItemInsert {
    const data = { personalId: c.personalId, fullName: c.fullName, dateOfBirth: c.dateOfBirth, gender: c.gender === 'nu' ? 'Nữ' : 'Nam', residence: c.residence };
    return {
      ownerId, kind: 'profile', title: 'Thông tin công dân từ Cơ sở dữ liệu quốc gia về dân cư', docType: 'population', source, sourceRef: null,
      dossierId: null, dossierFileId: null, procedureCode: null, issuedOn: todayVn(at), validUntil: null, certified: true,
      fileName: null, mimeType: null, sizeBytes: null, storageKey: null, sha256: dataHash(data), data,
    };
  }

  async function prefillData(x: Executor, ownerId: string): Promise<PrefillData> {
    const p = await profileOf(x, ownerId);
    const items = await repo.listItems(x, ownerId);
    const pop = items.find((i) => i.kind === 'profile' && i.docType === 'population');
    const bus = items.find((i) => i.kind === 'profile' && i.docType === 'business');
    return {
      profile: p,
      population: pop ? (pop.data as Record<string, string>) : null,
      business: bus ? (bus.data as Record<string, string>) : null,
      results: items.filter((i) => i.kind === 'result').map((i) => ({ id: i.id, procedureCode: i.procedureCode, docType: i.docType, title: i.title, data: i.data })),
    };
  }

  /**
   * Brings the dossiers' files into the applicant's warehouse: results issued (status 9/10) and
   * components digitised at the counter. Idempotent (one item per dossier file).
   */
  async function syncFromDossiers(x: Executor, ownerId: string, only?: DossierRow): Promise<number> {
    const dossiers = only ? [only] : await listApplicantDossiers(x, ownerId);
    const known = await repo.knownDossierFileIds(x, ownerId);
    let added = 0;
    for (const d of dossiers) {
      if (d.applicantUserId !== ownerId) continue;
      const fs = (await listDossierFiles(x, d.id)).filter((f) => !known.has(f.id) && !(f.reusedFrom ?? '').startsWith('warehouse:'));
      if (!fs.length) continue;
      const version = await getProcedureVersion(x, d.procedureVersionId);
      // Certified only when it carries a valid digital signature or a certification record (issue 19 §3):
      // a scan an officer confirmed against the original is a faithful copy, not a certified one.
      const signedOk = await storedSignatureStatus(x, fs.filter((f) => f.mimeType === 'application/pdf').map((f) => f.sha256));
      const certifiedCopy = async (sha: string) => (await isCertified(x, sha)) !== null;
      for (const f of fs) {
        if (f.kind === 'result') {
          if (d.status !== 9 && d.status !== 10) continue;
          const r = d.state.result;
          const months = version?.content.result.validityMonths ?? null;
          const issuedOn = r?.signedOn ?? todayVn(f.uploadedAt);
          const id = await repo.insertItem(x, {
            ownerId, kind: 'result', title: `${version?.content.result.name ?? d.procedureName}${r?.decisionNumber ? ` (số ${r.decisionNumber})` : ''}`,
            docType: d.procedureCode, source: 'dossier_result', sourceRef: d.code, dossierId: d.id, dossierFileId: f.id, procedureCode: d.procedureCode,
            issuedOn, validUntil: months ? addMonths(issuedOn, months) : null, certified: (f.mimeType === 'application/pdf' && signedOk.get(f.sha256) === 'valid') || (await certifiedCopy(f.sha256)),
            fileName: f.fileName, mimeType: f.mimeType, sizeBytes: f.sizeBytes, storageKey: f.storageKey, sha256: f.sha256,
            data: { dossierCode: d.code, decisionNumber: r?.decisionNumber ?? null, signer: r?.signer ?? null, signedOn: r?.signedOn ?? null, procedureCode: d.procedureCode, signed: signedOk.get(f.sha256) === 'valid' },
          });
          if (id) added++;
        } else if (f.kind === 'component' || f.kind === 'supplement') {
          const comp = f.componentIndex !== null ? d.components.find((c) => c.index === f.componentIndex) : undefined;
          const id = await repo.insertItem(x, {
            ownerId, kind: 'component', title: comp?.name ?? f.fileName, docType: null, source: 'dossier_component', sourceRef: d.code, dossierId: d.id,
            dossierFileId: f.id, procedureCode: d.procedureCode, issuedOn: todayVn(f.uploadedAt), validUntil: null,
            certified: (f.mimeType === 'application/pdf' && signedOk.get(f.sha256) === 'valid') || (await certifiedCopy(f.sha256)),
            fileName: f.fileName, mimeType: f.mimeType, sizeBytes: f.sizeBytes, storageKey: f.storageKey, sha256: f.sha256, data: { dossierCode: d.code, componentIndex: f.componentIndex },
          });
          if (id) added++;
        }
      }
    }
    return added;
  }

  const itemView = (i: repo.ItemRow) => ({
    id: i.id, kind: i.kind, title: i.title, docType: i.docType, source: i.source, sourceRef: i.sourceRef, procedureCode: i.procedureCode,
    issuedOn: i.issuedOn, validUntil: i.validUntil, certified: i.certified, fileName: i.fileName, mimeType: i.mimeType, sizeBytes: i.sizeBytes,
    hasFile: i.storageKey !== null, sha256: i.sha256, data: i.data, createdAt: toVnIso(i.createdAt),
  });

  const profileView = (p: repo.ProfileRow) => ({
    userId: p.userId, username: p.username, subjectKind: p.subjectKind, fullName: p.fullName, personalId: p.personalId, dateOfBirth: p.dateOfBirth, gender: p.gender,
    residence: p.residence, taxCode: p.taxCode, businessName: p.businessName, email: p.email, phone: p.phone, zaloPhone: p.zaloPhone, notifyChannels: p.notifyChannels,
    identitySource: p.identitySource, verifiedAt: p.verifiedAt ? toVnIso(p.verifiedAt) : null, idVerified: p.verifiedAt !== null, version: p.version,
  });

  async function readItemFile(i: repo.ItemRow): Promise<Buffer> {
    if (!i.storageKey) throw unprocessable('no_file', 'Mục dữ liệu này không có tệp; hãy tải toàn bộ dữ liệu dạng JSON.');
    const buf = await files.get(i.storageKey);
    if (sha256(buf) !== i.sha256) throw new AppError(500, 'integrity_failed', 'Tệp không khớp mã băm toàn vẹn đã lưu; vui lòng liên hệ quản trị viên.');
    return buf;
  }

  async function staffAccess(ctx: RequestContext, dossierId: string) {
    const actor = ctx.actor!;
    const d = await deps.dossiers.load(actor, dossierId); // 403 outside the officer's scope
    if (d.applicantUserId) return d;
    // A dossier received at the counter (issue 19 §3): the applicant's warehouse is the one of the
    // verified (VNeID) account holding the applicant's personal ID, never a self-declared one.
    const owner = d.applicant.kind === 'citizen' ? await repo.findProfile(db, { personalId: d.applicant.idNumber, verified: true }) : null;
    if (!owner) throw notFound('tài khoản công dân đã xác thực của người nộp hồ sơ này');
    return { ...d, applicantUserId: owner.userId };
  }

  async function logAccess(tx: Executor, ctx: RequestContext, ownerId: string, purpose: repo.AccessInsert['purpose'], itemId: string | null, dossierCode: string | null, agencyId?: string | null) {
    const a = ctx.actor;
    const agency = agencyId !== undefined ? (agencyId ? await getAgency(tx, agencyId) : null) : a?.agencyId ? await getAgency(tx, a.agencyId) : null;
    await repo.insertAccess(tx, {
      ownerId, itemId, readerId: a?.id ?? null, readerUsername: a ? `${a.fullName} (${a.username})` : 'Hệ thống', readerKind: !a ? 'system' : a.kind === 'citizen' ? 'citizen' : 'staff',
      agencyId: agency?.id ?? null, agencyName: agency?.name ?? null, purpose, dossierCode, requestId: ctx.requestId,
    });
  }

  const service = {
    // ---- accounts ------------------------------------------------------------------------------
    /** `onCreated` runs in the account's transaction (the privacy consent); if it throws, nothing is created. */
    async register(ctx: RequestContext, input: RegisterInput, onCreated?: (tx: Executor, userId: string) => Promise<void>) {
      const fullName = nfc(input.fullName.trim());
      const pidProblem = personalIdProblem(input.personalId, input.dateOfBirth, input.gender ?? null);
      if (pidProblem) throw badRequest('invalid_personal_id', pidProblem);
      let taxCode: string | null = null;
      if (input.kind === 'business') {
        if (!input.taxCode || !input.businessName) throw badRequest('business_fields_required', 'Tài khoản doanh nghiệp cần mã số doanh nghiệp và tên doanh nghiệp.');
        const tp = taxCodeProblem(input.taxCode);
        if (tp) throw badRequest('invalid_tax_code', tp);
        taxCode = normaliseTaxCode(input.taxCode);
      } else if (input.taxCode || input.businessName) {
        throw badRequest('business_fields_not_allowed', 'Mã số doanh nghiệp chỉ khai cho tài khoản doanh nghiệp.');
      }
      const username = input.kind === 'business' ? taxCode! : input.personalId;
      const passwordHash = await hashPassword(input.password);
      return database.transaction(async (tx) => {
        if (await repo.usernameTaken(tx, username)) throw conflict('account_exists', input.kind === 'business' ? 'Mã số doanh nghiệp này đã có tài khoản.' : 'Số định danh cá nhân này đã có tài khoản. Hãy đăng nhập hoặc dùng VNeID.');
        if (input.kind === 'citizen' && (await repo.findProfile(tx, { personalId: input.personalId }))) throw conflict('account_exists', 'Số định danh cá nhân này đã có tài khoản.');
        const userId = await repo.insertCitizenUser(tx, { username, fullName: input.kind === 'business' ? nfc(input.businessName!.trim()) : fullName, passwordHash, personalId: input.personalId, email: input.email ?? null, phone: input.phone });
        await repo.insertProfile(tx, userId, {
          subjectKind: input.kind, fullName, personalId: input.personalId, dateOfBirth: input.dateOfBirth, gender: input.gender ?? null, residence: nfc(input.residence.trim()),
          taxCode, businessName: input.businessName ? nfc(input.businessName.trim()) : null, email: input.email ?? null, phone: input.phone, identitySource: 'self_declared',
        });
        await recordAudit(tx, { ...ctx, actor: null }, { action: 'citizen.register', entity: 'user', entityId: userId, summary: { username, kind: input.kind } });
        if (onCreated) await onCreated(tx, userId);
        return { user: { id: userId, username, kind: input.kind } };
      });
    },

    async startOidc(returnTo: string | null, linkUserId: string | null = null) {
      const idp = provider();
      const state = randomBytes(24).toString('base64url');
      const nonce = randomBytes(24).toString('base64url');
      const safe = returnTo && returnTo.startsWith('/') && !returnTo.startsWith('//') ? returnTo : null;
      await repo.insertFlow(db, { state, nonce, provider: idp.id, returnTo: safe, expiresAt: new Date(clock.now().getTime() + 10 * 60_000), linkUserId });
      return { provider: { id: idp.id, name: idp.name, sandbox: idp.sandbox }, authorizeUrl: idp.authorizeUrl({ state, nonce, redirectUri: '/dang-nhap/vneid' }), state, link: linkUserId !== null };
    },

    /**
     * A signed-in account with a self-declared (unverified) personal ID starts an e-ID sign-in to
     * verify it. The callback must come from a session of this same account (proof of both).
     */
    async startLink(ctx: RequestContext, returnTo: string | null) {
      const actor = requireCitizen(ctx.actor);
      provider();
      const p = await profileOf(db, actor.id);
      if (p.subjectKind !== 'citizen') throw unprocessable('link_citizens_only', 'Chỉ tài khoản công dân xác thực số định danh cá nhân qua VNeID.');
      if (p.verifiedAt) throw conflict('already_verified', 'Số định danh cá nhân của tài khoản này đã được xác thực qua VNeID.');
      return service.startOidc(returnTo ?? '/cong-dan/kho-du-lieu', actor.id);
    },

    /** Which account a pending flow links (the route checks the callback's session against it). */
    flowLinkUser: (state: string) => repo.flowLinkUser(db, state),

    async sandboxAuthorize(state: string, identityKey: string) {
      const idp = provider();
      if (!('authorize' in idp)) throw notFound('nhà cung cấp định danh thử nghiệm');
      const r = await idp.authorize(state, identityKey);
      if (!r) throw badRequest('invalid_request', 'Phiên đăng nhập không hợp lệ, đã hết hạn hoặc danh tính thử nghiệm không tồn tại.');
      return { redirectTo: `/dang-nhap/vneid?code=${encodeURIComponent(r.code)}&state=${encodeURIComponent(state)}` };
    },

    /**
     * The e-ID callback. A plain sign-in opens the session of the VERIFIED account of the person
     * (found by e-ID subject, else by personal ID among verified accounts; created when there is
     * none): it never attaches to an account whose personal ID was only self-declared. A link flow
     * (startLink) verifies the ID on the account that started it, when the e-ID shows the same ID
     * and no other verified account holds it.
     */
    async finishOidc(ctx: RequestContext, code: string, state: string, userAgent: string | null) {
      const idp = provider();
      let idToken: string;
      try {
        idToken = (await idp.exchangeCode(code, '/dang-nhap/vneid')).idToken;
      } catch {
        throw badRequest('invalid_grant', 'Mã xác thực không hợp lệ hoặc đã hết hạn. Vui lòng đăng nhập lại.');
      }
      return database.transaction(async (tx) => {
        const flow = await repo.consumeFlow(tx, state, idp.id);
        if (!flow) throw badRequest('invalid_state', 'Phiên đăng nhập không hợp lệ, đã dùng hoặc đã hết hạn. Vui lòng đăng nhập lại.');
        if (flow.linkUserId && ctx.actor?.id !== flow.linkUserId) throw forbidden('Liên kết VNeID phải được hoàn tất trong phiên đăng nhập của tài khoản đã yêu cầu liên kết.');
        let claims: IdentityClaims;
        try {
          claims = await idp.verifyIdToken(idToken, flow.nonce);
        } catch {
          throw badRequest('invalid_id_token', 'Không xác minh được thông tin định danh điện tử (chữ ký, thời hạn hoặc nonce không hợp lệ).');
        }
        const now = clock.now();
        const source = idp.sandbox ? 'vneid_sandbox' : 'vneid';
        const verifiedHolder = (await repo.findProfile(tx, { oidcSubject: claims.subject })) ?? (await repo.findProfile(tx, { personalId: claims.personalId, verified: true }));
        let profile: repo.ProfileRow;
        let created = false;
        let linked = false;
        if (flow.linkUserId) {
          const mine = (await repo.getProfile(tx, flow.linkUserId))!;
          if (mine.verifiedAt) throw conflict('already_verified', 'Số định danh cá nhân của tài khoản này đã được xác thực qua VNeID.');
          if (mine.personalId !== claims.personalId) throw unprocessable('personal_id_mismatch', 'Số định danh cá nhân trên VNeID khác số đã khai khi đăng ký; tài khoản chưa được xác thực.');
          if (verifiedHolder) throw conflict('verified_account_exists', 'Số định danh này đã có một tài khoản xác thực qua VNeID (tạo khi đăng nhập bằng VNeID). Hãy đăng nhập bằng VNeID để dùng tài khoản đó; việc gộp hai tài khoản đã có hồ sơ do Bộ phận một cửa hỗ trợ.');
          await repo.updateProfile(tx, mine.userId, null, { oidcSubject: claims.subject, verifiedAt: now, identitySource: source, fullName: claims.fullName, dateOfBirth: claims.dateOfBirth, gender: claims.gender });
          await recordAudit(tx, ctx, { action: 'citizen.identity_verified', entity: 'user', entityId: mine.userId, summary: { provider: idp.id, via: 'link' } });
          await enqueue(tx, { topic: 'citizens.profile_changed', aggregateKey: `user:${mine.userId}`, payload: { userId: mine.userId, fields: ['verifiedAt', 'fullName', 'dateOfBirth', 'gender'] } });
          profile = (await repo.getProfile(tx, mine.userId))!;
          linked = true;
        } else if (verifiedHolder) {
          profile = verifiedHolder;
          await repo.updateProfile(tx, profile.userId, null, { oidcSubject: claims.subject, verifiedAt: profile.verifiedAt ?? now, identitySource: profile.identitySource === 'demo' ? 'demo' : source, fullName: claims.fullName, dateOfBirth: claims.dateOfBirth, gender: claims.gender });
        } else {
          // A new verified account. A self-declared account of the same ID keeps its username (the
          // ID), so this one is named after the e-ID; the two stay apart until the person links them.
          const username = (await repo.usernameTaken(tx, claims.personalId)) ? `vneid-${claims.personalId}` : claims.personalId;
          const userId = await repo.insertCitizenUser(tx, { username, fullName: claims.fullName, passwordHash: await hashPassword(randomBytes(24).toString('base64url')), personalId: claims.personalId, email: claims.email, phone: claims.phone });
          await repo.insertProfile(tx, userId, {
            subjectKind: 'citizen', fullName: claims.fullName, personalId: claims.personalId, dateOfBirth: claims.dateOfBirth, gender: claims.gender, residence: claims.residence,
            taxCode: null, businessName: null, email: claims.email, phone: claims.phone, identitySource: source, oidcSubject: claims.subject, verifiedAt: now,
          });
          profile = (await repo.getProfile(tx, userId))!;
          created = true;
        }
        await repo.replaceProfileItem(tx, profile.userId, `${idp.id}:population`, populationItem(profile.userId, claims, `${idp.id}:population`, now));
        const s = await issueSession(tx, profile.userId, ctx, userAgent);
        await recordAudit(tx, { ...ctx, actor: s.actor }, { action: 'auth.login_oidc', entity: 'user', entityId: profile.userId, summary: { provider: idp.id, created, linked } });
        return { ...s, returnTo: flow.returnTo, created, linked };
      });
    },

    /**
     * For staff: whether the applicant's personal ID is verified (e-ID) or only self-declared. An
     * account may submit for another person (the dossier names that person's ID): then `sameId` is
     * false and the ID on the dossier is not verified by the account.
     */
    async applicantIdentity(ctx: RequestContext, dossierId: string) {
      const d = await deps.dossiers.load(ctx.actor!, dossierId); // 403 outside the officer's scope
      const none = { account: false, verified: null, source: null, verifiedAt: null, sameId: null };
      if (!d.applicantUserId) return none;
      const p = await repo.getProfile(db, d.applicantUserId);
      if (!p) return none;
      // Verified means: the account's ID was verified through e-ID AND it is the ID the dossier names.
      const sameId = (d.applicant.kind === 'citizen' ? p.personalId : p.taxCode) === d.applicant.idNumber;
      return { account: true, verified: p.verifiedAt !== null && sameId, source: p.identitySource, verifiedAt: p.verifiedAt ? toVnIso(p.verifiedAt) : null, sameId };
    },

    async me(ctx: RequestContext) {
      const actor = requireCitizen(ctx.actor);
      return profileView(await profileOf(db, actor.id));
    },

    async updateMe(ctx: RequestContext, patch: { version: number; residence?: string; email?: string | null; phone?: string; zaloPhone?: string | null; notifyChannels?: ('email' | 'sms' | 'zalo')[] }) {
      const actor = requireCitizen(ctx.actor);
      return database.transaction(async (tx) => {
        const before = await profileOf(tx, actor.id);
        const { version, ...rest } = patch;
        if (rest.residence !== undefined) rest.residence = nfc(rest.residence.trim());
        if (!(await repo.updateProfile(tx, actor.id, version, rest))) throw conflict('stale_version', `Thông tin tài khoản đã được cập nhật (phiên bản ${before.version}). Vui lòng tải lại.`);
        await recordAudit(tx, ctx, { action: 'citizen.profile.update', entity: 'user', entityId: actor.id, summary: { fields: Object.keys(rest) } });
        await enqueue(tx, { topic: 'citizens.profile_changed', aggregateKey: `user:${actor.id}`, payload: { userId: actor.id, fields: Object.keys(rest) } });
        return profileView(await profileOf(tx, actor.id));
      });
    },

    // ---- warehouse -----------------------------------------------------------------------------
    async warehouse(ctx: RequestContext) {
      const actor = requireCitizen(ctx.actor);
      await database.transaction((tx) => syncFromDossiers(tx, actor.id));
      const [profile, items] = await Promise.all([profileOf(db, actor.id), repo.listItems(db, actor.id)]);
      const today = todayVn(clock.now());
      const views = await Promise.all(items.map(async (i) => {
        const reminder = i.kind === 'result' ? await repo.reminderFor(db, i.id) : null;
        return { ...itemView(i), expired: !!i.validUntil && i.validUntil < today, expiresSoon: !!i.validUntil && i.validUntil >= today && i.validUntil <= addDays(today, REMINDER_LEAD_DAYS), renewalDraftId: reminder?.draftId ?? null };
      }));
      return { profile: profileView(profile), items: views, total: views.length };
    },

    async downloadOwn(ctx: RequestContext, itemId: string) {
      const actor = requireCitizen(ctx.actor);
      const i = await repo.getItem(db, itemId);
      if (!i || i.ownerId !== actor.id) throw notFound('mục dữ liệu');
      return { item: i, content: await readItemFile(i) };
    },

    /** Everything held about the person, as one JSON document (files listed with their hashes). */
    async exportAll(ctx: RequestContext) {
      const actor = requireCitizen(ctx.actor);
      await database.transaction((tx) => syncFromDossiers(tx, actor.id));
      const [profile, items, access, dossiers] = await Promise.all([profileOf(db, actor.id), repo.listItems(db, actor.id), repo.listAccess(db, actor.id, { limit: 100000, offset: 0 }), listApplicantDossiers(db, actor.id, 100000)]);
      const iso = (d: Date | null) => (d ? toVnIso(d) : null);
      const ratings = [];
      for (const d of dossiers) {
        const r = await repo.getRating(db, d.id);
        if (r && r.ownerId === actor.id) ratings.push({ dossierCode: r.dossierCode, overall: r.overall, answers: r.answers, comment: r.comment, at: iso(r.updatedAt) });
      }
      return {
        exportedAt: toVnIso(clock.now()),
        note: 'Dữ liệu điện tử của bạn trong Hệ thống thông tin giải quyết TTHC: hồ sơ tài khoản, giấy tờ đã số hóa, kết quả đã cấp (kèm mã băm SHA-256 để kiểm tra toàn vẹn), các hồ sơ thủ tục bạn đã nộp (với thông tin cá nhân ghi trên hồ sơ), đánh giá bạn đã gửi và nhật ký khai thác (Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15).',
        profile: profileView(profile),
        items: items.map(itemView),
        // The dossiers filed from this account, with the personal data each one records.
        dossiers: dossiers.map((d) => ({
          code: d.code, procedure: { code: d.procedureCode, name: d.procedureName }, channel: d.channel, status: d.status,
          applicant: d.applicant, representative: d.representative, summary: d.summary, formData: d.formData, components: d.components,
          submittedAt: iso(d.submittedAt), receivedAt: iso(d.receivedAt), appointment: iso(d.appointmentCurrent), processingEndedAt: iso(d.processingEndedAt), returnedAt: iso(d.returnedAt),
          payments: d.state.payments, result: d.state.result,
        })),
        ratings,
        accessLog: access.items.map((a) => ({ ...a, at: toVnIso(a.at) })),
      };
    },

    async accessLog(ctx: RequestContext, q: { readerKind?: string; limit: number; offset: number }) {
      const actor = requireCitizen(ctx.actor);
      const r = await repo.listAccess(db, actor.id, q);
      return { total: r.total, items: r.items.map((a) => ({ ...a, at: toVnIso(a.at) })) };
    },

    /** A staff member reads the applicant's warehouse for a dossier in their scope; logged for the citizen. */
    async staffRead(ctx: RequestContext, dossierId: string) {
      const d = await staffAccess(ctx, dossierId);
      const ownerId = d.applicantUserId!;
      const items = await repo.listItems(db, ownerId);
      const profile = await profileOf(db, ownerId);
      await database.transaction(async (tx) => {
        await logAccess(tx, ctx, ownerId, 'read', null, d.code);
        await recordAudit(tx, ctx, { action: 'citizen.warehouse.read', entity: 'user', entityId: ownerId, summary: { dossierCode: d.code, items: items.length } });
      });
      return { dossierCode: d.code, profile: { fullName: profile.fullName, personalId: profile.personalId, dateOfBirth: profile.dateOfBirth, residence: profile.residence, identitySource: profile.identitySource }, items: items.map(itemView), total: items.length };
    },

    async staffDownload(ctx: RequestContext, dossierId: string, itemId: string) {
      const d = await staffAccess(ctx, dossierId);
      const i = await repo.getItem(db, itemId);
      if (!i || i.ownerId !== d.applicantUserId) throw notFound('mục dữ liệu');
      const content = await readItemFile(i);
      await database.transaction(async (tx) => {
        await logAccess(tx, ctx, i.ownerId, 'download', i.id, d.code);
        await recordAudit(tx, ctx, { action: 'citizen.warehouse.download', entity: 'user', entityId: i.ownerId, summary: { dossierCode: d.code, itemId: i.id, sha256: i.sha256 } });
      });
      return { item: i, content };
    },

    /**
     * Staff attach a document of the applicant's warehouse to a component instead of asking for it
     * again (issue 19 §3): the dossier file points at the stored content (reused_from =
     * warehouse:<id>), the component is marked re-used (QĐ 766 4.3), the consent is recorded where
     * the rules ask for it (reuseConsentRequired), and the access is logged for the citizen.
     */
    async staffReuse(ctx: RequestContext, dossierId: string, itemId: string, input: { componentIndex: number; consent?: { given: boolean; how: 'in_person' | 'written' | 'portal' } }) {
      const d = await staffAccess(ctx, dossierId);
      if ([3, 7, 8, 10].includes(d.status)) throw unprocessable('dossier_closed', 'Hồ sơ đã kết thúc, không thể thêm giấy tờ.');
      const i = await repo.getItem(db, itemId);
      if (!i || i.ownerId !== d.applicantUserId) throw notFound('mục dữ liệu');
      if (!i.storageKey) throw unprocessable('not_a_document', 'Mục này là dữ liệu, không phải giấy tờ điện tử để đính kèm.');
      if (reuseConsentRequired(i.kind) && input.consent?.given !== true) throw unprocessable('consent_required', 'Cần sự đồng ý của người nộp hồ sơ để sử dụng giấy tờ trong kho dữ liệu của họ (ghi nhận cách đồng ý: trực tiếp, văn bản hay trên cổng).');
      return database.transaction(async (tx) => {
        const f = await attachStoredFile(tx, { dossierId: d.id, componentIndex: input.componentIndex, fileName: i.fileName ?? i.title, mimeType: i.mimeType ?? 'application/pdf', sizeBytes: i.sizeBytes ?? 0, sha256: i.sha256, storageKey: i.storageKey!, reusedFrom: `warehouse:${i.id}`, uploadedBy: ctx.actor!.id });
        if (!(await markComponentReused(tx, { id: d.id, code: d.code }, input.componentIndex, `warehouse:${i.id}`))) throw unprocessable('component_not_in_dossier', `Hồ sơ không có thành phần số ${input.componentIndex}.`);
        await logAccess(tx, ctx, i.ownerId, 'reuse', i.id, d.code);
        await recordAudit(tx, ctx, { action: 'citizen.warehouse.reuse', entity: 'user', entityId: i.ownerId, summary: { dossierCode: d.code, itemId: i.id, fileId: f.id, componentIndex: input.componentIndex, sha256: i.sha256, consent: input.consent ?? null } });
        return { fileId: f.id, componentIndex: input.componentIndex, itemId: i.id, title: i.title, certified: i.certified, consentRecorded: input.consent?.given === true ? input.consent.how : null };
      });
    },

    // ---- online submission ---------------------------------------------------------------------
    async prefill(ctx: RequestContext, code: string, caseKey?: string) {
      const actor = requireCitizen(ctx.actor);
      const v = await getCurrentVersion(db, code, clock.now());
      if (!v) throw notFound(`thủ tục ${code} đang có hiệu lực`);
      const { c, fields } = formOf(v, caseKey);
      const data = await prefillData(db, actor.id);
      const pre = prefillForm(fields, data);
      const items = await repo.listItems(db, actor.id);
      const held = dataHeld(data);
      const stats = onceOnlyStats(fields);
      const receiving = await service.receivingPlaces();
      const documents = items.filter((i) => i.storageKey).map(itemView);
      return {
        procedure: { code: v.code, name: v.content.name, onlineLevel: v.content.onlineLevel, agencyText: v.summary.agencyText, resultName: v.content.result.name, cases: v.content.cases.map((k) => ({ key: k.key, name: k.name })) },
        caseKey: c.key,
        fields: fields.map((f) => ({ ...f, value: pre[f.key]?.value ?? null, prefilled: pre[f.key] ? { source: pre[f.key].source, from: pre[f.key].from, itemId: pre[f.key].itemId } : null })),
        components: v.content.components.map((k, index) => ({
          index, name: k.name, required: k.required, condition: k.condition, replaceableByData: k.replaceableByData,
          applies: !k.caseKeys?.length || k.caseKeys.includes(c.key),
          satisfiedByData: !!k.replaceableByData && held.has(k.replaceableByData),
          satisfiedByForm: !!c.eform && isDeclarationForm(k.name),
          documentIds: documentsForComponent(k.name, documents).map((d) => d.id),
        })),
        documents,
        stats: { ...stats, prefilledForYou: Object.keys(pre).length },
        receivingPlaces: receiving,
      };
    },

    /** Where an online dossier can be submitted: any one-stop section, whatever the applicant's commune. */
    async receivingPlaces() {
      const kinds = ['provincial_service_centre', 'commune_service_centre'];
      const out: { id: string; name: string; kind: string }[] = [];
      for (const kind of kinds) {
        const { items } = await listAgencies(db, { kind, current: true, limit: 500, offset: 0 });
        out.push(...items.map((a) => ({ id: a.id, name: a.name, kind: a.kind })));
      }
      return out;
    },

    /**
     * Starts an online application, or returns the open draft of the same procedure (same case and
     * place when named) instead of piling up drafts: `created` says which. `fresh: true` always
     * starts a new one (e.g. a second birth registration while the first is still a draft).
     */
    async createDraft(ctx: RequestContext, input: { procedureCode: string; caseKey?: string; receivingAgencyId?: string | null; renewalOf?: string | null; fresh?: boolean }) {
      const actor = requireCitizen(ctx.actor);
      return database.transaction(async (tx) => {
        if (!input.fresh && !input.renewalOf) {
          const v = await getCurrentVersion(tx, input.procedureCode, clock.now());
          const open = v ? await repo.findOpenDraft(tx, actor.id, v.code, { caseKey: input.caseKey, receivingAgencyId: input.receivingAgencyId }) : null;
          if (open) return { draft: service.draftView(open), created: false };
        }
        const { fresh: _fresh, ...rest } = input;
        void _fresh;
        return { draft: await service.createDraftTx(tx, ctx, actor.id, rest), created: true };
      });
    },

    async createDraftTx(tx: Executor, ctx: RequestContext, ownerId: string, input: { procedureCode: string; caseKey?: string; receivingAgencyId?: string | null; renewalOf?: string | null }) {
      const v = await getCurrentVersion(tx, input.procedureCode, clock.now());
      if (!v) throw notFound(`thủ tục ${input.procedureCode} đang có hiệu lực`);
      if (v.content.onlineLevel === 'none') throw unprocessable('not_online', 'Thủ tục này chưa cung cấp dịch vụ công trực tuyến; vui lòng nộp trực tiếp hoặc qua bưu chính.');
      const { c, fields } = formOf(v, input.caseKey);
      if (input.receivingAgencyId) {
        const a = await getAgency(tx, input.receivingAgencyId);
        if (!a || a.validTo) throw unprocessable('agency_not_found', 'Nơi tiếp nhận hồ sơ không tồn tại hoặc đã ngừng hoạt động.');
      }
      const attachments: repo.DraftRow['attachments'] = [];
      if (input.renewalOf) {
        const item = await repo.getItem(tx, input.renewalOf);
        if (!item || item.ownerId !== ownerId) throw notFound('kết quả cần gia hạn');
        const idx = v.content.components.findIndex((k) => /da duoc cap|ban chinh giay phep|giay phep .* da cap/.test(foldVietnamese(k.name)));
        if (idx >= 0 && item.storageKey) attachments.push({ componentIndex: idx, itemId: item.id });
      }
      const pre = prefillForm(fields, await prefillData(tx, ownerId));
      const formData = Object.fromEntries(Object.entries(pre).map(([k, p]) => [k, p.value]));
      const d = await repo.insertDraft(tx, { ownerId, procedureCode: v.code, procedureName: v.content.name, caseKey: c.key, receivingAgencyId: input.receivingAgencyId ?? null, formData, prefilled: pre, attachments, renewalOf: input.renewalOf ?? null });
      await recordAudit(tx, ctx, { action: 'citizen.draft.create', entity: 'submission_draft', entityId: d.id, summary: { procedureCode: v.code, caseKey: c.key, prefilled: Object.keys(pre).length } });
      return service.draftView(d);
    },

    draftView(d: repo.DraftRow) {
      return {
        id: d.id, procedureCode: d.procedureCode, procedureName: d.procedureName, caseKey: d.caseKey, receivingAgencyId: d.receivingAgencyId, formData: d.formData,
        prefilled: Object.fromEntries(Object.entries(d.prefilled).map(([k, p]) => [k, { source: p.source, from: p.from, value: p.value, itemId: p.itemId }])),
        attachments: d.attachments, applicantGroups: d.applicantGroups, renewalOf: d.renewalOf, status: d.status, dossierId: d.dossierId, dossierCode: d.dossierCode,
        submittedAt: d.submittedAt ? toVnIso(d.submittedAt) : null, version: d.version, createdAt: toVnIso(d.createdAt), updatedAt: toVnIso(d.updatedAt),
      };
    },

    async ownDraft(x: Executor, actor: Actor, id: string) {
      const d = /^[0-9a-f-]{36}$/i.test(id) ? await repo.getDraft(x, id) : null;
      if (!d || d.status === 'discarded') throw notFound('hồ sơ nháp');
      if (d.ownerId !== actor.id) throw forbidden('Đây không phải hồ sơ nháp của bạn.');
      return d;
    },

    async getDraft(ctx: RequestContext, id: string) {
      const actor = requireCitizen(ctx.actor);
      return service.draftView(await service.ownDraft(db, actor, id));
    },

    async listDrafts(ctx: RequestContext, q: { status: string; limit: number; offset: number }) {
      const actor = requireCitizen(ctx.actor);
      const r = await repo.listDrafts(db, actor.id, q.status, q.limit, q.offset);
      return { total: r.total, items: r.items.map(service.draftView) };
    },

    async updateDraft(ctx: RequestContext, id: string, patch: { version: number; caseKey?: string; receivingAgencyId?: string | null; formData?: Record<string, unknown>; attachments?: { componentIndex: number; itemId: string }[]; applicantGroups?: ApplicantGroup[] }) {
      const actor = requireCitizen(ctx.actor);
      return database.transaction(async (tx) => {
        const d = await service.ownDraft(tx, actor, id);
        if (d.status !== 'draft') throw conflict('already_submitted', `Hồ sơ đã được nộp (mã ${d.dossierCode}); không sửa được bản nháp.`);
        if (patch.version !== d.version) throw conflict('stale_version', `Bản nháp đã được lưu ở nơi khác (phiên bản ${d.version}). Vui lòng tải lại.`, { currentVersion: d.version });
        const v = await getCurrentVersion(tx, d.procedureCode, clock.now());
        if (!v) throw unprocessable('procedure_not_available', `Thủ tục ${d.procedureCode} không còn hiệu lực.`);
        const { fields } = formOf(v, patch.caseKey ?? d.caseKey);
        if (patch.formData) {
          const errs = validateForm(fields, patch.formData, false);
          if (errs.length) throw badRequest('form_invalid', `Tờ khai chưa hợp lệ: ${errs.map((e) => e.message).join(' ')}`, { fieldErrors: errs });
          for (const [k, val] of Object.entries(patch.formData)) if (typeof val === 'string') patch.formData[k] = nfc(val);
        }
        if (patch.attachments) {
          for (const a of patch.attachments) {
            if (!v.content.components[a.componentIndex]) throw badRequest('invalid_component', `Thành phần hồ sơ số ${a.componentIndex} không có trong danh mục của thủ tục.`);
            const item = await repo.getItem(tx, a.itemId);
            if (!item || item.ownerId !== actor.id || !item.storageKey) throw badRequest('invalid_document', 'Giấy tờ được chọn không có trong kho dữ liệu của bạn.');
          }
        }
        if (patch.receivingAgencyId) {
          const a = await getAgency(tx, patch.receivingAgencyId);
          if (!a || a.validTo) throw unprocessable('agency_not_found', 'Nơi tiếp nhận hồ sơ không tồn tại hoặc đã ngừng hoạt động.');
        }
        let prefilled: repo.DraftRow['prefilled'] | undefined;
        let formData = patch.formData;
        if (patch.caseKey && patch.caseKey !== d.caseKey) {
          // Another case has another form: pre-fill it again, keeping what the person already typed for shared keys.
          const pre = prefillForm(fields, await prefillData(tx, actor.id));
          prefilled = pre;
          const keys = new Set(fields.map((f) => f.key));
          formData = { ...Object.fromEntries(Object.entries(pre).map(([k, p]) => [k, p.value])), ...Object.fromEntries(Object.entries(patch.formData ?? d.formData).filter(([k]) => keys.has(k))) };
        }
        const u = await repo.updateDraft(tx, d.id, d.version, { caseKey: patch.caseKey, receivingAgencyId: patch.receivingAgencyId, formData, attachments: patch.attachments, applicantGroups: patch.applicantGroups, prefilled });
        if (!u) throw conflict('stale_version', 'Bản nháp vừa được lưu ở nơi khác. Vui lòng tải lại.');
        await recordAudit(tx, ctx, { action: 'citizen.draft.update', entity: 'submission_draft', entityId: d.id, summary: { fields: Object.keys(patch).filter((k) => k !== 'version') } });
        return service.draftView(u);
      });
    },

    async discardDraft(ctx: RequestContext, id: string) {
      const actor = requireCitizen(ctx.actor);
      await database.transaction(async (tx) => {
        const d = await service.ownDraft(tx, actor, id);
        if (d.status !== 'draft') throw conflict('already_submitted', 'Hồ sơ đã được nộp; không xóa được.');
        await repo.updateDraft(tx, d.id, d.version, { status: 'discarded' });
        await recordAudit(tx, ctx, { action: 'citizen.draft.discard', entity: 'submission_draft', entityId: d.id });
      });
    },

    /** A document uploaded once goes into the warehouse (uncertified copy) and is attached to the draft. */
    async uploadToDraft(ctx: RequestContext, id: string, componentIndex: number, file: { name: string; content: Buffer }) {
      const actor = requireCitizen(ctx.actor);
      const d0 = await service.ownDraft(db, actor, id);
      if (d0.status !== 'draft') throw conflict('already_submitted', 'Hồ sơ đã được nộp.');
      const v = await getCurrentVersion(db, d0.procedureCode, clock.now());
      const comp = v?.content.components[componentIndex];
      if (!comp) throw badRequest('invalid_component', `Thành phần hồ sơ số ${componentIndex} không có trong danh mục của thủ tục.`);
      const mime = sniffMime(file.content);
      if (!mime) throw badRequest('file_type', 'Chỉ nhận tệp PDF, JPEG, PNG hoặc DOCX/XLSX.');
      const stored = await files.put(file.content);
      return database.transaction(async (tx) => {
        const d = await service.ownDraft(tx, actor, id);
        const itemId = (await repo.insertItem(tx, {
          ownerId: actor.id, kind: 'component', title: comp.name.slice(0, 300), docType: null, source: 'upload', sourceRef: null, dossierId: null, dossierFileId: null,
          procedureCode: d.procedureCode, issuedOn: todayVn(clock.now()), validUntil: null, certified: false, fileName: nfc(file.name).slice(0, 255), mimeType: mime,
          sizeBytes: stored.size, storageKey: stored.key, sha256: stored.sha256, data: {},
        }))!;
        const attachments = [...d.attachments.filter((a) => a.componentIndex !== componentIndex), { componentIndex, itemId }];
        const u = (await repo.updateDraft(tx, d.id, d.version, { attachments }))!;
        await recordAudit(tx, ctx, { action: 'citizen.warehouse.upload', entity: 'warehouse_item', entityId: itemId, summary: { draftId: d.id, componentIndex, sha256: stored.sha256, size: stored.size } });
        return { item: itemView((await repo.getItem(tx, itemId))!), draft: service.draftView(u) };
      });
    },

    async submitDraft(ctx: RequestContext, id: string, idemKey: string | null) {
      const actor = requireCitizen(ctx.actor);
      const r = await withIdempotency(`citizens.submit:${actor.id}`, idemKey, { draftId: id }, async (tx) => {
        const d = await service.ownDraft(tx, actor, id);
        if (d.status !== 'draft') throw conflict('already_submitted', `Hồ sơ này đã được nộp, mã hồ sơ ${d.dossierCode}.`, { dossierId: d.dossierId, dossierCode: d.dossierCode });
        const now = clock.now();
        const v = await getCurrentVersion(tx, d.procedureCode, now);
        if (!v) throw unprocessable('procedure_not_available', `Thủ tục ${d.procedureCode} không còn hiệu lực.`);
        const { c, fields } = formOf(v, d.caseKey);
        const errs = validateForm(fields, d.formData, true);
        if (errs.length) throw badRequest('form_invalid', `Tờ khai chưa đầy đủ: ${errs.map((e) => e.message).join(' ')}`, { fieldErrors: errs });
        if (!d.receivingAgencyId) throw badRequest('receiving_agency_required', 'Vui lòng chọn nơi tiếp nhận hồ sơ.');
        const data = await prefillData(tx, actor.id);
        const missing = missingComponents(v.content.components, c.key, new Set(d.attachments.map((a) => a.componentIndex)), dataHeld(data), !!c.eform);
        if (missing.length) throw unprocessable('components_missing', `Còn thiếu thành phần hồ sơ: ${missing.map((m) => m.name).join('; ')}.`, { missing });
        const items = new Map<string, repo.ItemRow>();
        for (const a of d.attachments) {
          const item = await repo.getItem(tx, a.itemId);
          if (!item || item.ownerId !== actor.id || !item.storageKey) throw unprocessable('invalid_document', 'Một giấy tờ đã chọn không còn trong kho dữ liệu của bạn.');
          items.set(a.itemId, item);
        }
        const p = data.profile;
        const business = p.subjectKind === 'business';
        const applicant = {
          kind: business ? ('business' as const) : ('citizen' as const),
          name: business ? (p.businessName ?? p.fullName) : String(d.formData.hoTen ?? p.fullName),
          idNumber: business ? (p.taxCode ?? '') : (p.personalId ?? ''),
          phone: (typeof d.formData.soDienThoai === 'string' && d.formData.soDienThoai) || p.phone,
          email: (typeof d.formData.email === 'string' && d.formData.email) || p.email,
          address: (typeof d.formData.noiCuTru === 'string' && d.formData.noiCuTru) || p.residence,
        };
        const components = [
          ...d.attachments.map((a) => ({ index: a.componentIndex, digitised: true, reusedFrom: items.get(a.itemId)!.source === 'upload' && items.get(a.itemId)!.createdAt >= d.createdAt ? null : `warehouse:${a.itemId}` })),
          ...v.content.components.flatMap((k, index) => (k.replaceableByData && dataHeld(data).has(k.replaceableByData) && !d.attachments.some((a) => a.componentIndex === index) ? [{ index, digitised: true, reusedFrom: `data:${k.replaceableByData}` }] : [])),
          ...v.content.components.flatMap((k, index) => (c.eform && isDeclarationForm(k.name) && !d.attachments.some((a) => a.componentIndex === index) ? [{ index, digitised: true, reusedFrom: 'eform' }] : [])),
        ];
        const summary = typeof d.formData.noiDungDeNghi === 'string' ? d.formData.noiDungDeNghi.slice(0, 1000) : null;
        const created = await deps.dossiers.create(ctx, { procedureCode: v.code, caseKey: c.key, channel: 'online', receivingAgencyId: d.receivingAgencyId, applicant, summary, formData: d.formData, components, applicantGroups: d.applicantGroups }, null, { view: false });
        const dossierId = (created.body as unknown as { id: string }).id;
        const dossier = (await getDossier(tx, dossierId))!;
        const receiving = await getAgency(tx, d.receivingAgencyId);
        const attached = [];
        for (const a of d.attachments) {
          const item = items.get(a.itemId)!;
          const f = await attachStoredFile(tx, { dossierId, componentIndex: a.componentIndex, fileName: item.fileName ?? item.title, mimeType: item.mimeType ?? 'application/pdf', sizeBytes: item.sizeBytes ?? 0, sha256: item.sha256, storageKey: item.storageKey!, reusedFrom: `warehouse:${item.id}`, uploadedBy: actor.id });
          attached.push({ componentIndex: a.componentIndex, fileId: f.id, itemId: item.id, title: item.title, newUpload: item.source === 'upload' && item.createdAt >= d.createdAt });
          // The receiving agency reuses the document: the person sees it in their access log.
          await logAccess(tx, ctx, actor.id, 'reuse', item.id, dossier.code, d.receivingAgencyId);
          await enqueue(tx, { topic: 'dossier.file.added', aggregateKey: `dossier:${dossierId}:files`, payload: { dossierId, fileId: f.id, kind: 'component' } });
        }
        const fieldsPrefilled = Object.keys(d.prefilled).length;
        const fieldsKept = keptPrefilled(d.prefilled, d.formData);
        await repo.updateDraft(tx, d.id, d.version, { status: 'submitted', dossierId, dossierCode: dossier.code, submittedAt: now, fieldsTotal: fields.length, fieldsPrefilled, fieldsKept });
        await recordAudit(tx, ctx, { action: 'citizen.submit', entity: 'dossier', entityId: dossierId, summary: { code: dossier.code, draftId: d.id, attachments: attached.length, fieldsTotal: fields.length, fieldsPrefilled, fieldsKept } });
        return {
          status: 201,
          body: {
            draftId: d.id,
            dossier: { id: dossierId, code: dossier.code, status: { code: dossier.status, name: 'Mới đăng ký' }, submittedAt: toVnIso(dossier.submittedAt ?? now) },
            procedure: { code: v.code, name: v.content.name, caseKey: c.key, competentAgency: v.summary.agencyText },
            receivingAgency: receiving ? { id: receiving.id, name: receiving.name } : null,
            applicant: { name: applicant.name },
            components: [
              ...attached.map((a) => ({ index: a.componentIndex, name: v.content.components[a.componentIndex]?.name ?? '', how: a.newUpload ? ('upload' as const) : ('warehouse' as const), document: a.title })),
              ...components.filter((x) => x.reusedFrom?.startsWith('data:') || x.reusedFrom === 'eform').map((x) => ({ index: x.index, name: v.content.components[x.index].name, how: x.reusedFrom === 'eform' ? ('eform' as const) : ('national_data' as const), document: null })),
            ],
            onceOnly: { fields: fields.length, prefilled: fieldsPrefilled, kept: fieldsKept },
            lookupUrl: lookupUrl(deps.publicBaseUrl, dossier.code, dossier.lookupSecret),
            lookupKey: formatLookupKey(dossier.lookupSecret),
            message: `Hồ sơ ${dossier.code} đã được gửi trực tuyến đến ${receiving?.name ?? 'nơi tiếp nhận'} và đang chờ tiếp nhận. Hồ sơ nộp ngoài giờ hành chính được tiếp nhận vào giờ làm việc kế tiếp; bộ phận một cửa chuyển hồ sơ đến cơ quan có thẩm quyền giải quyết (${v.summary.agencyText}).`,
          },
        };
      });
      return r;
    },

    // ---- once-only measure ---------------------------------------------------------------------
    async onceOnly() {
      const codes = await repo.catalogCodes(db);
      const observed = await repo.observedPrefill(db);
      const rows = [];
      for (const code of codes) {
        const v = await getCurrentVersion(db, code, clock.now());
        if (!v) continue;
        for (const k of v.content.cases) {
          const fields = (k.eform?.fields ?? []) as FormFieldDef[];
          const s = onceOnlyStats(fields);
          rows.push({ code: v.code, name: v.content.name, onlineLevel: v.content.onlineLevel, caseKey: k.key, caseName: k.name, hasForm: !!k.eform, ...s, meetsTarget: s.reductionPercent >= ONCE_ONLY_TARGET_PERCENT });
        }
      }
      const withForm = rows.filter((r) => r.hasForm);
      return {
        targetPercent: ONCE_ONLY_TARGET_PERCENT,
        summary: {
          cases: withForm.length,
          meetingTarget: withForm.filter((r) => r.meetsTarget).length,
          averageReductionPercent: withForm.length ? Math.round((withForm.reduce((s, r) => s + r.reductionPercent, 0) / withForm.length) * 10) / 10 : 0,
        },
        items: rows.map((r) => {
          const o = observed.get(r.code);
          return { ...r, observed: o ? { submissions: o.submissions, prefilledPercent: o.fields ? Math.round((o.prefilled / o.fields) * 1000) / 10 : 0, keptPercent: o.fields ? Math.round((o.kept / o.fields) * 1000) / 10 : 0 } : null };
        }),
        total: rows.length,
      };
    },

    // ---- ratings -------------------------------------------------------------------------------
    async rate(ctx: RequestContext, input: { dossierId: string; answers: Record<string, number>; comment?: string | null }) {
      const actor = requireCitizen(ctx.actor);
      const problem = ratingProblem(input.answers);
      if (problem) throw badRequest('invalid_rating', problem);
      return database.transaction(async (tx) => {
        const d = await getDossier(tx, input.dossierId);
        if (!d) throw notFound('hồ sơ');
        if (d.applicantUserId !== actor.id) throw forbidden('Chỉ người nộp hồ sơ được đánh giá việc giải quyết hồ sơ này.');
        if (d.status !== 10) throw unprocessable('not_returned', 'Chỉ đánh giá được sau khi đã nhận kết quả giải quyết.');
        const now = clock.now();
        const editableUntil = new Date(now.getTime() + RATING_EDIT_DAYS * 86400_000);
        const ok = await repo.insertRating(tx, {
          dossierId: d.id, dossierCode: d.code, ownerId: actor.id, procedureCode: d.procedureCode, receivingAgencyId: d.receivingAgencyId, leadAgencyId: d.leadAgencyId,
          agencyIds: d.agencyIds, answers: input.answers, overall: input.answers.overall, comment: input.comment ? nfc(input.comment.trim()) : null, editableUntil, at: now,
        });
        if (!ok) throw conflict('already_rated', 'Hồ sơ này đã được đánh giá; bạn có thể sửa đánh giá trong thời hạn cho phép.');
        await recordAudit(tx, ctx, { action: 'citizen.rating.create', entity: 'dossier', entityId: d.id, summary: { code: d.code, overall: input.answers.overall } });
        await enqueue(tx, { topic: 'citizens.rating', aggregateKey: `dossier:${d.id}:rating`, payload: { dossierId: d.id, code: d.code, overall: input.answers.overall, agencyIds: d.agencyIds } });
        return service.ratingView((await repo.getRating(tx, d.id))!);
      });
    },

    async updateRating(ctx: RequestContext, dossierId: string, input: { version: number; answers: Record<string, number>; comment?: string | null }) {
      const actor = requireCitizen(ctx.actor);
      const problem = ratingProblem(input.answers);
      if (problem) throw badRequest('invalid_rating', problem);
      return database.transaction(async (tx) => {
        const r = await repo.getRating(tx, dossierId);
        if (!r) throw notFound('đánh giá của hồ sơ');
        if (r.ownerId !== actor.id) throw forbidden('Đây không phải đánh giá của bạn.');
        const now = clock.now();
        if (now > r.editableUntil) throw unprocessable('rating_locked', `Đã hết thời hạn sửa đánh giá (${RATING_EDIT_DAYS} ngày kể từ khi đánh giá).`);
        if (input.version !== r.version) throw conflict('stale_version', 'Đánh giá đã được sửa ở nơi khác. Vui lòng tải lại.');
        if (!(await repo.updateRating(tx, dossierId, r.version, { answers: input.answers, overall: input.answers.overall, comment: input.comment ? nfc(input.comment.trim()) : null, at: now }))) throw conflict('stale_version', 'Đánh giá vừa được sửa. Vui lòng tải lại.');
        await recordAudit(tx, ctx, { action: 'citizen.rating.update', entity: 'dossier', entityId: dossierId, summary: { code: r.dossierCode, from: r.overall, to: input.answers.overall } });
        await enqueue(tx, { topic: 'citizens.rating', aggregateKey: `dossier:${dossierId}:rating`, payload: { dossierId, code: r.dossierCode, overall: input.answers.overall, agencyIds: r.agencyIds } });
        return service.ratingView((await repo.getRating(tx, dossierId))!);
      });
    },

    async getRating(ctx: RequestContext, dossierId: string) {
      const actor = requireCitizen(ctx.actor);
      const d = await getDossier(db, dossierId);
      if (!d) throw notFound('hồ sơ');
      if (d.applicantUserId !== actor.id) throw forbidden('Đây không phải hồ sơ của bạn.');
      const r = await repo.getRating(db, dossierId);
      return { dossier: { id: d.id, code: d.code, procedureName: d.procedureName, status: d.status }, rating: r ? service.ratingView(r) : null, criteria: RATING_CRITERIA, canRate: d.status === 10 && !r, canEdit: !!r && clock.now() <= r.editableUntil };
    },

    // ---- ratings without an account (signed link/QR on the receipt, counter screen) ---------------

    /** What the public rating page shows for a token: the dossier (code, procedure), whether it can still be rated. */
    async tokenRatingForm(token: string) {
      const t = await verifyRatingToken(db, token);
      if (!t) throw notFound('phiếu đánh giá (đường dẫn không hợp lệ)');
      const d = await getDossier(db, t.dossierId);
      if (!d) throw notFound('hồ sơ');
      const rated = !!(await repo.getRating(db, d.id));
      const received = d.receivedAt !== null && d.status !== 3;
      return {
        dossier: { code: d.code, procedureName: d.procedureName, agencyName: (await getAgency(db, d.leadAgencyId ?? d.receivingAgencyId))?.name ?? null },
        channel: t.channel, rated, canRate: received && !rated,
        reason: rated ? 'Hồ sơ này đã được đánh giá. Mỗi hồ sơ chỉ được đánh giá một lần.' : received ? null : 'Hồ sơ chưa được tiếp nhận nên chưa đánh giá được.',
        criteria: RATING_CRITERIA.map((c) => ({ key: c.key, name: c.name })),
      };
    },

    /**
     * A rating through a signed token, without an account (once per dossier). The answer is not
     * returned and the audit row does not carry it: on the counter screen the officer who handed
     * over the tablet cannot read what was chosen.
     */
    async rateByToken(ctx: RequestContext, token: string, input: { answers: Record<string, number>; comment?: string | null }) {
      const t = await verifyRatingToken(db, token);
      if (!t) throw notFound('phiếu đánh giá (đường dẫn không hợp lệ)');
      const problem = ratingProblem(input.answers);
      if (problem) throw badRequest('invalid_rating', problem);
      return database.transaction(async (tx) => {
        const d = await getDossier(tx, t.dossierId);
        if (!d) throw notFound('hồ sơ');
        if (d.receivedAt === null || d.status === 3) throw unprocessable('not_received', 'Hồ sơ chưa được tiếp nhận nên chưa đánh giá được.');
        const now = clock.now();
        const ok = await repo.insertRating(tx, {
          dossierId: d.id, dossierCode: d.code, ownerId: null, channel: t.channel, procedureCode: d.procedureCode, receivingAgencyId: d.receivingAgencyId, leadAgencyId: d.leadAgencyId,
          agencyIds: d.agencyIds, answers: input.answers, overall: input.answers.overall, comment: input.comment ? nfc(input.comment.trim()) : null, editableUntil: now, at: now,
        });
        if (!ok) throw conflict('already_rated', 'Hồ sơ này đã được đánh giá. Mỗi hồ sơ chỉ được đánh giá một lần.');
        await recordAudit(tx, { ...ctx, actor: null }, { action: 'citizen.rating.create', entity: 'dossier', entityId: d.id, summary: { code: d.code, channel: t.channel } });
        await enqueue(tx, { topic: 'citizens.rating', aggregateKey: `dossier:${d.id}:rating`, payload: { dossierId: d.id, code: d.code, channel: t.channel, agencyIds: d.agencyIds } });
        return { rated: true as const, dossierCode: d.code };
      });
    },

    /** The counter screen's token for a dossier the officer's agency handles (the screen then rates without the officer's session). */
    async counterRatingToken(ctx: RequestContext, dossierId: string) {
      const d = await getDossier(db, dossierId);
      if (!d) throw notFound('hồ sơ');
      const scope = await agencyScope(db, ctx.actor);
      if (scope !== 'all' && !scope.includes(d.receivingAgencyId) && !d.agencyIds.some((a) => scope.includes(a))) throw forbidden('Hồ sơ không thuộc cơ quan của bạn.');
      if (d.receivedAt === null || d.status === 3) throw unprocessable('not_received', 'Hồ sơ chưa được tiếp nhận nên chưa đánh giá được.');
      if (await repo.getRating(db, d.id)) throw conflict('already_rated', 'Hồ sơ này đã được đánh giá. Mỗi hồ sơ chỉ được đánh giá một lần.');
      return { dossierCode: d.code, token: await ratingToken(db, d.id, 'counter') };
    },

    ratingView(r: repo.RatingRow) {
      return { dossierId: r.dossierId, dossierCode: r.dossierCode, answers: r.answers, overall: r.overall, comment: r.comment, editableUntil: toVnIso(r.editableUntil), version: r.version, createdAt: toVnIso(r.createdAt), updatedAt: toVnIso(r.updatedAt) };
    },

    async ratingSummary(ctx: RequestContext, q: { from?: string; to?: string }) {
      const scope = await agencyScope(db, ctx.actor);
      return ratingStats(db, { ...q, agencyIds: scope === 'all' ? null : scope });
    },

    /** The citizen's to-do list: dossiers to pay, results to download, dossiers to rate. */
    async todo(ctx: RequestContext) {
      const actor = requireCitizen(ctx.actor);
      const dossiers = await listApplicantDossiers(db, actor.id);
      const rated = await repo.ratedDossierIds(db, actor.id);
      const brief = (d: DossierRow) => ({ id: d.id, code: d.code, procedureName: d.procedureName, status: d.status, updatedAt: toVnIso(d.updatedAt) });
      return {
        toPay: dossiers.filter((d) => d.status === 6).map((d) => {
          const items = d.state.payments[d.state.payments.length - 1]?.items ?? [];
          return { ...brief(d), items: [...items], total: paymentDue(items) };
        }),
        results: dossiers.filter((d) => (d.status === 9 || d.status === 10) && d.state.result).map((d) => ({ ...brief(d), result: d.state.result })),
        toRate: dossiers.filter((d) => d.status === 10 && !rated.has(d.id)).map(brief),
      };
    },

    // ---- proactive service ---------------------------------------------------------------------
    /** Results expiring within the lead time: notify the holder and offer a pre-filled renewal draft. */
    async runExpiryReminders(now = clock.now()): Promise<{ reminded: number }> {
      const today = todayVn(now);
      const stage = `before_${REMINDER_LEAD_DAYS}d`;
      const due = await repo.expiringWithoutReminder(db, today, addDays(today, REMINDER_LEAD_DAYS), stage);
      let reminded = 0;
      for (const item of due) {
        const ctx = systemContext('job:citizens.expiry-reminders');
        await database.transaction(async (tx) => {
          const renewal = renewalProcedureOf(item.procedureCode);
          let draftId: string | null = null;
          if (renewal) {
            try {
              draftId = (await service.createDraftTx(tx, ctx, item.ownerId, { procedureCode: renewal, renewalOf: item.id })).id;
            } catch (err) {
              if (!(err instanceof AppError)) throw err; // the renewal procedure is not online: remind without a draft
            }
          }
          if (!(await repo.insertReminder(tx, item.id, stage, draftId))) return;
          await recordAudit(tx, ctx, { action: 'citizen.expiry_reminder', entity: 'warehouse_item', entityId: item.id, summary: { ownerId: item.ownerId, validUntil: item.validUntil, draftId } });
          await enqueue(tx, { topic: 'citizens.notify', aggregateKey: `user:${item.ownerId}`, payload: { userId: item.ownerId, kind: 'expiry', itemId: item.id, title: item.title, validUntil: item.validUntil, draftId, renewalProcedure: renewal } });
          reminded++;
        });
      }
      return { reminded };
    },

    syncFromDossiers,
    prefillData,
  };
  return service;
}

/** Satisfaction statistics (for the quality indicators): per criterion and overall, share "satisfied" (levels 4–5). */
export async function ratingStats(db: Executor, q: { from?: string; to?: string; agencyIds: string[] | null }) {
  const rows = await repo.listRatings(db, q);
  const byCriterion = RATING_CRITERIA.map((c) => {
    const vals = rows.map((r) => r.answers[c.key]).filter((v): v is number => typeof v === 'number');
    return {
      key: c.key, name: c.name, count: vals.length,
      average: vals.length ? Math.round((vals.reduce((s, v) => s + v, 0) / vals.length) * 100) / 100 : null,
      satisfiedPercent: vals.length ? Math.round((vals.filter(isSatisfied).length / vals.length) * 1000) / 10 : null,
    };
  });
  const levels: Record<string, number> = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 };
  for (const r of rows) levels[String(r.overall)]++;
  return {
    count: rows.length,
    satisfiedPercent: rows.length ? Math.round((rows.filter((r) => isSatisfied(r.overall)).length / rows.length) * 1000) / 10 : null,
    overallLevels: levels,
    byCriterion,
  };
}

export type CitizenService = ReturnType<typeof createCitizenService>;

/** 503: e-ID sign-in in production with no real provider configured and the sandbox off. */
export const identityProviderNotConfigured = () =>
  new AppError(503, 'identity_provider_not_configured', 'Đăng nhập bằng định danh điện tử (VNeID) chưa được cấu hình trên hệ thống này. Vui lòng đăng nhập bằng tài khoản và mật khẩu hoặc liên hệ Bộ phận một cửa.');
export { STAFF_READER_ROLES };
