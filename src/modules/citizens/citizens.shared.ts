import type { Database, Executor } from '../../platform/db/database.js';
import type { Actor, RequestContext } from '../../platform/context.js';
import { AppError, forbidden, notFound, unprocessable } from '../../platform/errors.js';
import type { FileStore } from '../../platform/files.js';
import { getAgency } from '../org/org.public.js';
import type { ProcedureVersion } from '../catalog/catalog.public.js';
import { vnDay, vnIso } from '../../platform/vn-time.js';
import type { DossierService } from '../dossiers/dossiers.public.js';
import type { IdentityProvider, SandboxIdentityProvider } from './identity.js';
import * as repo from './citizens.repo.js';
import type { FormFieldDef, PrefillData } from './citizens.rules.js';
import type { CitizensStore } from './citizens.store.js';

/** What the citizens services share: their dependencies, checks and views. */

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
  /** The ratings service's reads and writes (citizens.store.ts). Default: citizensStore. */
  store?: CitizensStore;
}

/** Today's date in Vietnam (YYYY-MM-DD). */
export const todayVn = (now: Date) => vnDay(now);
export const STAFF_READER_ROLES = ['one_stop_officer', 'specialist', 'unit_leader'] as const;

export function requireCitizen(actor: Actor | null): Actor {
  if (!actor || actor.kind !== 'citizen') throw forbidden('Chức năng này dành cho tài khoản công dân, tổ chức.');
  return actor;
}

export function formOf(v: ProcedureVersion, caseKey: string | undefined) {
  const c = caseKey ? v.content.cases.find((k) => k.key === caseKey) : v.content.cases[0];
  if (!c) throw unprocessable('case_not_found', `Thủ tục ${v.code} không có trường hợp "${caseKey}".`);
  const fields = (c.eform?.fields ?? []) as FormFieldDef[];
  return { c, fields };
}

/** Which kinds of state data the person's warehouse holds (for components replaceable by data). */
export function dataHeld(d: PrefillData): Set<string> {
  const s = new Set<string>();
  if (d.population) s.add('population_db');
  if (d.business) s.add('business_db');
  return s;
}

/** 503: e-ID sign-in in production with no real provider configured and the sandbox off. */
export const identityProviderNotConfigured = () =>
  new AppError(
    503,
    'identity_provider_not_configured',
    'Đăng nhập bằng định danh điện tử (VNeID) chưa được cấu hình trên hệ thống này. Vui lòng đăng nhập bằng tài khoản và mật khẩu hoặc liên hệ Bộ phận một cửa.',
  );

// ---- reads and views shared by the accounts, warehouse and submission services ---------------

/** The account's profile, or 404. */
export async function profileOf(x: Executor, userId: string) {
  const p = await repo.getProfile(x, userId);
  if (!p) throw notFound('hồ sơ tài khoản công dân');
  return p;
}

/** What pre-fills a form: the profile, the population and business data, the results held. */
export async function prefillData(x: Executor, ownerId: string): Promise<PrefillData> {
  const p = await profileOf(x, ownerId);
  const items = await repo.listItems(x, ownerId);
  const pop = items.find((i) => i.kind === 'profile' && i.docType === 'population');
  const bus = items.find((i) => i.kind === 'profile' && i.docType === 'business');
  return {
    profile: p,
    population: pop ? (pop.data as Record<string, string>) : null,
    business: bus ? (bus.data as Record<string, string>) : null,
    results: items
      .filter((i) => i.kind === 'result')
      .map((i) => ({ id: i.id, procedureCode: i.procedureCode, docType: i.docType, title: i.title, data: i.data })),
  };
}

/** A warehouse item as the API shows it. */
export const itemView = (i: repo.ItemRow) => ({
  id: i.id,
  kind: i.kind,
  title: i.title,
  docType: i.docType,
  source: i.source,
  sourceRef: i.sourceRef,
  procedureCode: i.procedureCode,
  issuedOn: i.issuedOn,
  validUntil: i.validUntil,
  certified: i.certified,
  fileName: i.fileName,
  mimeType: i.mimeType,
  sizeBytes: i.sizeBytes,
  hasFile: i.storageKey !== null,
  sha256: i.sha256,
  data: i.data,
  createdAt: vnIso(i.createdAt),
});

/** A profile as the API shows it. */
export const profileView = (p: repo.ProfileRow) => ({
  userId: p.userId,
  username: p.username,
  subjectKind: p.subjectKind,
  fullName: p.fullName,
  personalId: p.personalId,
  dateOfBirth: p.dateOfBirth,
  gender: p.gender,
  residence: p.residence,
  taxCode: p.taxCode,
  businessName: p.businessName,
  email: p.email,
  phone: p.phone,
  zaloPhone: p.zaloPhone,
  notifyChannels: p.notifyChannels,
  identitySource: p.identitySource,
  verifiedAt: p.verifiedAt ? vnIso(p.verifiedAt) : null,
  idVerified: p.verifiedAt !== null,
  version: p.version,
});

/** Records, for the person, who read or re-used their data and why. */
export async function logAccess(
  tx: Executor,
  ctx: RequestContext,
  ownerId: string,
  purpose: repo.AccessInsert['purpose'],
  itemId: string | null,
  dossierCode: string | null,
  agencyId?: string | null,
) {
  const a = ctx.actor;
  const agency = agencyId !== undefined ? (agencyId ? await getAgency(tx, agencyId) : null) : a?.agencyId ? await getAgency(tx, a.agencyId) : null;
  await repo.insertAccess(tx, {
    ownerId,
    itemId,
    readerId: a?.id ?? null,
    readerUsername: a ? `${a.fullName} (${a.username})` : 'Hệ thống',
    readerKind: !a ? 'system' : a.kind === 'citizen' ? 'citizen' : 'staff',
    agencyId: agency?.id ?? null,
    agencyName: agency?.name ?? null,
    purpose,
    dossierCode,
    requestId: ctx.requestId,
  });
}
