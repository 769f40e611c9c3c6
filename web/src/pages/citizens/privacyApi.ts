import { request, withQuery } from '../../api';
import type { ApiOk, Item, Known } from '../../api/types';

/** Personal data (issue 18 §2): notice and consent, ROPA and retention, correction requests. */

// Wire types: aliases of the types generated from the OpenAPI description (web/src/api/schema.d.ts);
// retention classes and corrections stay hand-copied (the description types their enums as plain
// strings and the correction's people as open objects; notice, consents and processing activities are
// open objects, their known properties kept with Known).
export type PrivacyNotice = Known<ApiOk<'/api/v1/privacy/notice'>>;

export type Consents = Known<ApiOk<'/api/v1/citizens/me/consents'>>;

type ActivitiesOut = ApiOk<'/api/v1/privacy/processing-activities'>;

export type ProcessingActivity = Known<Item<ActivitiesOut['items']>>;

export interface RetentionClass {
  key: string;
  name: string;
  data: string;
  periodDays: number | null;
  minDays: number | null;
  action: 'delete' | 'anonymise' | 'keep';
  basis: string;
  appliedByJob: boolean;
}

export type CorrectableField = 'fullName' | 'dateOfBirth' | 'gender' | 'businessName';

export interface Correction {
  id: string;
  field: CorrectableField;
  fieldName: string;
  currentValue: string | null;
  proposedValue: string;
  reason: string | null;
  status: 'pending' | 'accepted' | 'rejected' | 'cancelled';
  receivedAt: string;
  dueAt: string;
  overdue: boolean;
  handledAt: string | null;
  handledByName: string | null;
  decisionReason: string | null;
  version: number;
  subject?: { userId: string; username: string; fullName: string };
}

export const privacyApi = {
  notice: () => request<PrivacyNotice>('/api/v1/privacy/notice'),
  consents: () => request<Consents>('/api/v1/citizens/me/consents'),
  consent: (noticeVersion: number, channel: 'online_submission' | 'portal') => request<Consents>('/api/v1/citizens/me/consents', { method: 'POST', body: { noticeVersion, channel } }),
  withdraw: (reason: string | null) => request<Consents>('/api/v1/citizens/me/consents/withdraw', { method: 'POST', body: { reason } }),
  activities: () => request<{ items: ProcessingActivity[]; total: number; retention: RetentionClass[]; law: string }>('/api/v1/privacy/processing-activities'),
  exportUrl: '/api/v1/privacy/processing-activities/export',
  setRetention: (key: string, periodDays: number) => request<RetentionClass>(`/api/v1/privacy/retention/${encodeURIComponent(key)}`, { method: 'PATCH', body: { periodDays } }),
  runRetention: () => request<{ ranAt: string; classes: { key: string; rows: number }[] }>('/api/v1/privacy/retention/run', { method: 'POST' }),
  myCorrections: () => request<{ items: Correction[]; total: number }>('/api/v1/citizens/me/corrections'),
  requestCorrection: (body: { field: CorrectableField; proposedValue: string; reason: string | null }) => request<Correction>('/api/v1/citizens/me/corrections', { method: 'POST', body }),
  cancelCorrection: (c: Correction) => request<Correction>(`/api/v1/citizens/me/corrections/${c.id}/cancel`, { method: 'POST', body: { version: c.version } }),
  corrections: (status?: string) => request<{ items: Correction[]; total: number }>(withQuery('/api/v1/privacy/corrections', { status, limit: 200 })),
  decide: (c: Correction, decision: 'accept' | 'reject', reason: string | null) => request<Correction>(`/api/v1/privacy/corrections/${c.id}/decision`, { method: 'POST', body: { version: c.version, decision, reason } }),
};
