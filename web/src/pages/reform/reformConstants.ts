/**
 * Values the reform screens list, typed by the generated wire types (issue 23); reformConstants.test.ts
 * keeps each list equal to the server's constant (the types check each value, the test that none is missing).
 */
import type { ApiBody, ApiOk, Item } from '../../api/types';

/** A field of the reform plan's frame (khung kế hoạch CCHC), as the plan's items name it. */
export type Area = Item<ApiOk<'/api/v1/reform/plans/{id}'>['items']>['area'];
/** The frame's fields in its order (the server's REFORM_AREAS). */
export const AREAS: readonly Area[] = [
  'direction',
  'institution',
  'procedure',
  'organisation',
  'civil_service',
  'public_finance',
  'digital_government',
  'communication',
];
export const AREA_NAMES: Record<Area, { vi: string; en: string }> = {
  direction: { vi: 'Chỉ đạo, điều hành cải cách hành chính', en: 'Direction of administrative reform' },
  institution: { vi: 'Cải cách thể chế', en: 'Institutional reform' },
  procedure: { vi: 'Cải cách thủ tục hành chính', en: 'Administrative-procedure reform' },
  organisation: { vi: 'Cải cách tổ chức bộ máy hành chính nhà nước', en: 'Reform of the administrative apparatus' },
  civil_service: { vi: 'Cải cách chế độ công vụ', en: 'Civil-service reform' },
  public_finance: { vi: 'Cải cách tài chính công', en: 'Public-finance reform' },
  digital_government: { vi: 'Xây dựng và phát triển Chính phủ điện tử, Chính phủ số', en: 'E-government and digital government' },
  communication: { vi: 'Công tác tuyên truyền cải cách hành chính', en: 'Communication on administrative reform' },
};

type SipasResponse = ApiBody<'/api/v1/reform/sipas/responses', 'post'>;
/** A SIPAS survey's service sector (the server's SIPAS_SECTOR_KEYS). */
export type Sector = SipasResponse['sector'];
export const SECTORS: readonly Sector[] = ['administrative', 'education', 'health'];
/** How an answer reached us (the server's SIPAS_CHANNELS). */
export type Channel = NonNullable<SipasResponse['channel']>;
export const CHANNELS: readonly Channel[] = ['link', 'qr_counter', 'after_return'];
/** A provincial index the indices page follows (the server's INDEX_CODES). */
export type IndexCode = Item<ApiOk<'/api/v1/reform/indices'>['indices']>['code'];
export const INDEX_CODES: readonly IndexCode[] = ['PAR_INDEX', 'SIPAS', 'PAPI', 'PCI'];
