/** The org module's public surface: other modules import only from here. */
export { agencyScope, inScope, resolveAgencyByName, createOrgService, type OrgService } from './org.service.js';
export { getAgency, getAgencyByCode, agencySubtree, listAgencies } from './org.repo.js';
export type { Agency, Unit, StaffUser } from './org.schemas.js';
export { personName, agencyPlaceName, placeOfUnit, staffWithRoles } from './org.facade.js';
