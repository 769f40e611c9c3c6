/** The catalogue's addresses, shared by the route table and the pages (without loading the pages). */
export const PROCEDURES_PATH = '/thu-tuc';
export const CATALOG_ADMIN_PATH = '/quan-tri/thu-tuc';
