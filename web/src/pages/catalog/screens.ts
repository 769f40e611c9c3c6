// The catalogue managers' screens: one chunk, loaded on first visit.
export { CatalogAdminPage } from './CatalogAdminPage';
export { CatalogEditPage } from './CatalogEditPage';
