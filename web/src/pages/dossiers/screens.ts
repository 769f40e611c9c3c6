// The dossier screens of officers and citizens: one chunk, loaded on first visit.
export { IntakePage } from './IntakePage';
export { DossierListPage } from './DossierListPage';
export { DossierDetailPage } from './DossierDetailPage';
export { MyDossiersPage } from './MyDossiersPage';
