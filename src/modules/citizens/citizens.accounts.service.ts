import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import type { Executor } from '../../platform/db/database.js';
import type { RequestContext } from '../../platform/context.js';
import { recordAudit } from '../../platform/audit.js';
import { enqueue } from '../../platform/outbox.js';
import { badRequest, conflict, forbidden, notFound, unprocessable } from '../../platform/errors.js';
import { hashPassword } from '../../platform/auth/passwords.js';
import { createSession, actorForSession } from '../../platform/auth/auth.repo.js';
import { nfc } from '../../platform/text.js';
import { vnIso } from '../../platform/vn-time.js';
import type { IdentityClaims, IdentityProvider, SandboxIdentityProvider } from './identity.js';
import * as repo from './citizens.repo.js';
import { dataHash, normaliseTaxCode, personalIdProblem, taxCodeProblem } from './citizens.rules.js';
import { identityProviderNotConfigured, profileOf, profileView, requireCitizen, todayVn, type CitizenDeps } from './citizens.shared.js';

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

/** Accounts: registration, e-ID (VNeID) sign-in and linking, the applicant's identity for staff, the profile. */
export function createAccountService(deps: CitizenDeps) {
  const { database, clock } = deps;
  const db = database.db;
  /** The configured e-ID provider, or 503 identity_provider_not_configured. */
  const provider = (): IdentityProvider | SandboxIdentityProvider => {
    if (!deps.idp) throw identityProviderNotConfigured();
    return deps.idp;
  };

  async function issueSession(tx: Executor, userId: string, ctx: RequestContext, userAgent: string | null) {
    const expiresAt = new Date(clock.now().getTime() + deps.sessionTtlHours * 3600_000);
    const sid = await createSession(tx, userId, expiresAt, ctx.ip, userAgent);
    const token = await new SignJWT({ sid })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(userId)
      .setIssuedAt()
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(deps.sessionKey);
    const actor = (await actorForSession(tx, sid))!;
    return { token, expiresAt, actor };
  }

  /** Profile data from the national population database as the warehouse holds it. */
  function populationItem(ownerId: string, c: Omit<IdentityClaims, 'subject' | 'assurance'>, source: string, at: Date): repo.ItemInsert {
    const data = {
      personalId: c.personalId,
      fullName: c.fullName,
      dateOfBirth: c.dateOfBirth,
      gender: c.gender === 'nu' ? 'Nữ' : 'Nam',
      residence: c.residence,
    };
    return {
      ownerId,
      kind: 'profile',
      title: 'Thông tin công dân từ Cơ sở dữ liệu quốc gia về dân cư',
      docType: 'population',
      source,
      sourceRef: null,
      dossierId: null,
      dossierFileId: null,
      procedureCode: null,
      issuedOn: todayVn(at),
      validUntil: null,
      certified: true,
      fileName: null,
      mimeType: null,
      sizeBytes: null,
      storageKey: null,
      sha256: dataHash(data),
      data,
    };
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
        if (!input.taxCode || !input.businessName)
          throw badRequest('business_fields_required', 'Tài khoản doanh nghiệp cần mã số doanh nghiệp và tên doanh nghiệp.');
        const tp = taxCodeProblem(input.taxCode);
        if (tp) throw badRequest('invalid_tax_code', tp);
        taxCode = normaliseTaxCode(input.taxCode);
      } else if (input.taxCode || input.businessName) {
        throw badRequest('business_fields_not_allowed', 'Mã số doanh nghiệp chỉ khai cho tài khoản doanh nghiệp.');
      }
      const username = input.kind === 'business' ? taxCode! : input.personalId;
      const passwordHash = await hashPassword(input.password);
      return database.transaction(async (tx) => {
        if (await repo.usernameTaken(tx, username))
          throw conflict(
            'account_exists',
            input.kind === 'business' ? 'Mã số doanh nghiệp này đã có tài khoản.' : 'Số định danh cá nhân này đã có tài khoản. Hãy đăng nhập hoặc dùng VNeID.',
          );
        if (input.kind === 'citizen' && (await repo.findProfile(tx, { personalId: input.personalId })))
          throw conflict('account_exists', 'Số định danh cá nhân này đã có tài khoản.');
        const userId = await repo.insertCitizenUser(tx, {
          username,
          fullName: input.kind === 'business' ? nfc(input.businessName!.trim()) : fullName,
          passwordHash,
          personalId: input.personalId,
          email: input.email ?? null,
          phone: input.phone,
        });
        await repo.insertProfile(tx, userId, {
          subjectKind: input.kind,
          fullName,
          personalId: input.personalId,
          dateOfBirth: input.dateOfBirth,
          gender: input.gender ?? null,
          residence: nfc(input.residence.trim()),
          taxCode,
          businessName: input.businessName ? nfc(input.businessName.trim()) : null,
          email: input.email ?? null,
          phone: input.phone,
          identitySource: 'self_declared',
        });
        await recordAudit(
          tx,
          { ...ctx, actor: null },
          { action: 'citizen.register', entity: 'user', entityId: userId, summary: { username, kind: input.kind } },
        );
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
      return {
        provider: { id: idp.id, name: idp.name, sandbox: idp.sandbox },
        authorizeUrl: idp.authorizeUrl({ state, nonce, redirectUri: '/dang-nhap/vneid' }),
        state,
        link: linkUserId !== null,
      };
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
        if (flow.linkUserId && ctx.actor?.id !== flow.linkUserId)
          throw forbidden('Liên kết VNeID phải được hoàn tất trong phiên đăng nhập của tài khoản đã yêu cầu liên kết.');
        let claims: IdentityClaims;
        try {
          claims = await idp.verifyIdToken(idToken, flow.nonce);
        } catch {
          throw badRequest('invalid_id_token', 'Không xác minh được thông tin định danh điện tử (chữ ký, thời hạn hoặc nonce không hợp lệ).');
        }
        const now = clock.now();
        const source = idp.sandbox ? 'vneid_sandbox' : 'vneid';
        const verifiedHolder =
          (await repo.findProfile(tx, { oidcSubject: claims.subject })) ?? (await repo.findProfile(tx, { personalId: claims.personalId, verified: true }));
        let profile: repo.ProfileRow;
        let created = false;
        let linked = false;
        if (flow.linkUserId) {
          const mine = (await repo.getProfile(tx, flow.linkUserId))!;
          if (mine.verifiedAt) throw conflict('already_verified', 'Số định danh cá nhân của tài khoản này đã được xác thực qua VNeID.');
          if (mine.personalId !== claims.personalId)
            throw unprocessable('personal_id_mismatch', 'Số định danh cá nhân trên VNeID khác số đã khai khi đăng ký; tài khoản chưa được xác thực.');
          if (verifiedHolder)
            throw conflict(
              'verified_account_exists',
              'Số định danh này đã có một tài khoản xác thực qua VNeID (tạo khi đăng nhập bằng VNeID). Hãy đăng nhập bằng VNeID để dùng tài khoản đó; việc gộp hai tài khoản đã có hồ sơ do Bộ phận một cửa hỗ trợ.',
            );
          await repo.updateProfile(tx, mine.userId, null, {
            oidcSubject: claims.subject,
            verifiedAt: now,
            identitySource: source,
            fullName: claims.fullName,
            dateOfBirth: claims.dateOfBirth,
            gender: claims.gender,
          });
          await recordAudit(tx, ctx, {
            action: 'citizen.identity_verified',
            entity: 'user',
            entityId: mine.userId,
            summary: { provider: idp.id, via: 'link' },
          });
          await enqueue(tx, {
            topic: 'citizens.profile_changed',
            aggregateKey: `user:${mine.userId}`,
            payload: { userId: mine.userId, fields: ['verifiedAt', 'fullName', 'dateOfBirth', 'gender'] },
          });
          profile = (await repo.getProfile(tx, mine.userId))!;
          linked = true;
        } else if (verifiedHolder) {
          profile = verifiedHolder;
          await repo.updateProfile(tx, profile.userId, null, {
            oidcSubject: claims.subject,
            verifiedAt: profile.verifiedAt ?? now,
            identitySource: profile.identitySource === 'demo' ? 'demo' : source,
            fullName: claims.fullName,
            dateOfBirth: claims.dateOfBirth,
            gender: claims.gender,
          });
        } else {
          // A new verified account. A self-declared account of the same ID keeps its username (the
          // ID), so this one is named after the e-ID; the two stay apart until the person links them.
          const username = (await repo.usernameTaken(tx, claims.personalId)) ? `vneid-${claims.personalId}` : claims.personalId;
          const userId = await repo.insertCitizenUser(tx, {
            username,
            fullName: claims.fullName,
            passwordHash: await hashPassword(randomBytes(24).toString('base64url')),
            personalId: claims.personalId,
            email: claims.email,
            phone: claims.phone,
          });
          await repo.insertProfile(tx, userId, {
            subjectKind: 'citizen',
            fullName: claims.fullName,
            personalId: claims.personalId,
            dateOfBirth: claims.dateOfBirth,
            gender: claims.gender,
            residence: claims.residence,
            taxCode: null,
            businessName: null,
            email: claims.email,
            phone: claims.phone,
            identitySource: source,
            oidcSubject: claims.subject,
            verifiedAt: now,
          });
          profile = (await repo.getProfile(tx, userId))!;
          created = true;
        }
        await repo.replaceProfileItem(tx, profile.userId, `${idp.id}:population`, populationItem(profile.userId, claims, `${idp.id}:population`, now));
        const s = await issueSession(tx, profile.userId, ctx, userAgent);
        await recordAudit(
          tx,
          { ...ctx, actor: s.actor },
          { action: 'auth.login_oidc', entity: 'user', entityId: profile.userId, summary: { provider: idp.id, created, linked } },
        );
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
      return {
        account: true,
        verified: p.verifiedAt !== null && sameId,
        source: p.identitySource,
        verifiedAt: p.verifiedAt ? vnIso(p.verifiedAt) : null,
        sameId,
      };
    },

    async me(ctx: RequestContext) {
      const actor = requireCitizen(ctx.actor);
      return profileView(await profileOf(db, actor.id));
    },

    async updateMe(
      ctx: RequestContext,
      patch: {
        version: number;
        residence?: string;
        email?: string | null;
        phone?: string;
        zaloPhone?: string | null;
        notifyChannels?: ('email' | 'sms' | 'zalo')[];
      },
    ) {
      const actor = requireCitizen(ctx.actor);
      return database.transaction(async (tx) => {
        const before = await profileOf(tx, actor.id);
        const { version, ...rest } = patch;
        if (rest.residence !== undefined) rest.residence = nfc(rest.residence.trim());
        if (!(await repo.updateProfile(tx, actor.id, version, rest)))
          throw conflict('stale_version', `Thông tin tài khoản đã được cập nhật (phiên bản ${before.version}). Vui lòng tải lại.`);
        await recordAudit(tx, ctx, { action: 'citizen.profile.update', entity: 'user', entityId: actor.id, summary: { fields: Object.keys(rest) } });
        await enqueue(tx, { topic: 'citizens.profile_changed', aggregateKey: `user:${actor.id}`, payload: { userId: actor.id, fields: Object.keys(rest) } });
        return profileView(await profileOf(tx, actor.id));
      });
    },
  };
  return service;
}

export type AccountService = ReturnType<typeof createAccountService>;
