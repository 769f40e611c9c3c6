import { GET, PATCH, POST, apiUrl } from '../../api';
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
  notice: (): Promise<PrivacyNotice> => GET('/api/v1/privacy/notice'),
  consents: () => GET('/api/v1/citizens/me/consents'),
  consent: (noticeVersion: number, channel: ConsentChannel) => POST('/api/v1/citizens/me/consents', { body: { noticeVersion, channel } }),
  withdraw: (reason: string | null) => POST('/api/v1/citizens/me/consents/withdraw', { body: { reason } }),
  activities: () => GET('/api/v1/privacy/processing-activities'),
  exportUrl: apiUrl('/api/v1/privacy/processing-activities/export'),
  setRetention: (key: string, periodDays: number) => PATCH('/api/v1/privacy/retention/{key}', { params: { path: { key } }, body: { periodDays } }),
  runRetention: () => POST('/api/v1/privacy/retention/run'),
  myCorrections: () => GET('/api/v1/citizens/me/corrections'),
  requestCorrection: (body: CorrectionRequest) => POST('/api/v1/citizens/me/corrections', { body }),
  cancelCorrection: (c: Correction) => POST('/api/v1/citizens/me/corrections/{id}/cancel', { params: { path: { id: c.id } }, body: { version: c.version } }),
  corrections: (status?: ApiQuery<'/api/v1/privacy/corrections'>['status']) =>
    GET('/api/v1/privacy/corrections', { params: { query: { status, limit: 200 } } }),
  decide: (c: Correction, decision: CorrectionDecision, reason: string | null) =>
    POST('/api/v1/privacy/corrections/{id}/decision', { params: { path: { id: c.id } }, body: { version: c.version, decision, reason } }),
};
