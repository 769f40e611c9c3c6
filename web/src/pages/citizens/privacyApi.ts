import { request, withQuery } from '../../api';
import type { ApiBody, ApiOk, ApiQuery, Item, Known } from '../../api/types';
import { allOf } from '../../api/values';

/** Personal data (issue 18 §2): notice and consent, ROPA and retention, correction requests. */

// Wire types: aliases of the types generated from the OpenAPI description (web/src/api/schema.d.ts);
// notice and processing activities are open objects there, their known properties kept with Known.
export type PrivacyNotice = Known<ApiOk<'/api/v1/privacy/notice'>>;

export type Consents = ApiOk<'/api/v1/citizens/me/consents'>;
export type ConsentChannel = ApiBody<'/api/v1/citizens/me/consents', 'post'>['channel'];

type ActivitiesOut = ApiOk<'/api/v1/privacy/processing-activities'>;

export type ProcessingActivity = Known<Item<ActivitiesOut['items']>>;

export type RetentionClass = Item<ActivitiesOut['retention']>;

export type RetentionRun = ApiOk<'/api/v1/privacy/retention/run', 'post'>;

export type CorrectionList = ApiOk<'/api/v1/privacy/corrections'>;
export type Correction = Item<CorrectionList['items']>;
export type CorrectableField = Correction['field'];
/** The fields a citizen may ask to correct, in the form's order (tsc checks the list against the description's enum). */
export const CORRECTABLE_FIELDS = allOf<CorrectableField>()(['fullName', 'dateOfBirth', 'gender', 'businessName']);
export type CorrectionStatus = Correction['status'];
/** The statuses in the queue filter's order (tsc checks the list against the description's enum). */
export const CORRECTION_STATUSES = allOf<CorrectionStatus>()(['pending', 'accepted', 'rejected', 'cancelled']);
export type CorrectionRequest = ApiBody<'/api/v1/citizens/me/corrections', 'post'>;
export type CorrectionDecision = ApiBody<'/api/v1/privacy/corrections/{id}/decision', 'post'>['decision'];

export const privacyApi = {
  notice: () => request<PrivacyNotice>('/api/v1/privacy/notice'),
  consents: () => request<Consents>('/api/v1/citizens/me/consents'),
  consent: (noticeVersion: number, channel: ConsentChannel) =>
    request<Consents>('/api/v1/citizens/me/consents', { method: 'POST', body: { noticeVersion, channel } }),
  withdraw: (reason: string | null) => request<Consents>('/api/v1/citizens/me/consents/withdraw', { method: 'POST', body: { reason } }),
  activities: () => request<ActivitiesOut>('/api/v1/privacy/processing-activities'),
  exportUrl: '/api/v1/privacy/processing-activities/export',
  setRetention: (key: string, periodDays: number) =>
    request<RetentionClass>(`/api/v1/privacy/retention/${encodeURIComponent(key)}`, { method: 'PATCH', body: { periodDays } }),
  runRetention: () => request<RetentionRun>('/api/v1/privacy/retention/run', { method: 'POST' }),
  myCorrections: () => request<ApiOk<'/api/v1/citizens/me/corrections'>>('/api/v1/citizens/me/corrections'),
  requestCorrection: (body: CorrectionRequest) => request<Correction>('/api/v1/citizens/me/corrections', { method: 'POST', body }),
  cancelCorrection: (c: Correction) => request<Correction>(`/api/v1/citizens/me/corrections/${c.id}/cancel`, { method: 'POST', body: { version: c.version } }),
  corrections: (status?: ApiQuery<'/api/v1/privacy/corrections'>['status']) =>
    request<CorrectionList>(withQuery('/api/v1/privacy/corrections', { status, limit: 200 })),
  decide: (c: Correction, decision: CorrectionDecision, reason: string | null) =>
    request<Correction>(`/api/v1/privacy/corrections/${c.id}/decision`, { method: 'POST', body: { version: c.version, decision, reason } }),
};
