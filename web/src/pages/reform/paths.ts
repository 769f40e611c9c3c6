import type { Role } from '../../api';

/** The administrative-reform addresses, shared by the route table and the pages (without loading the pages). */
export const REFORM_PATHS = { dashboard: '/cai-cach-hanh-chinh', agency: '/cai-cach-hanh-chinh/co-quan' } as const;
export const REFORM_ROLES: readonly Role[] = ['home_affairs', 'admin', 'provincial_office'];
/** /cai-cach-hanh-chinh/chi-so-tinh — the province's PAR INDEX, SIPAS, PAPI and PCI over the years. */
export const INDICES_PATH = '/cai-cach-hanh-chinh/chi-so-tinh';
/** Screens of an agency's own reform work: the PAR INDEX self-assessment with evidence files, and the reform plans. */
export const AGENCY_PATHS = { self: '/cai-cach-hanh-chinh/don-vi', plans: '/cai-cach-hanh-chinh/don-vi/ke-hoach' } as const;
/** The public SIPAS survey (no login, anonymous) and Sở Nội vụ's questionnaire builder. */
export const SURVEY_PATH = '/khao-sat';
export const BUILDER_PATH = '/cai-cach-hanh-chinh/phieu-khao-sat';
