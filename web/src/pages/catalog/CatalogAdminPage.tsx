import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useLoader, useSubmit, useTitle, errorText } from '../../hooks';
import { useI18n } from '../../i18n';
import { Link, navigate } from '../../router';
import { Badge, FormActions, Modal, Notice, PageHeader, type BadgeKind } from '../../components/ui';
import { DataTable, PagedTable, type Column } from '../../components/DataTable';
import { FilterBar, FilterInput } from '../../components/filters';
import { catalogApi, type ImportJob, type ManagerItem, type ProcedureContent } from './catalogApi';
import { useCatalogT, type CatalogT } from './messages';
import './catalog.css';
import { CATALOG_ADMIN_PATH } from './paths';

export { CATALOG_ADMIN_PATH };
export const catalogEditPath = (code: string) => `${CATALOG_ADMIN_PATH}/${encodeURIComponent(code)}`;
const LIMIT = 20;

const STATE_BADGE: Record<ManagerItem['state'], BadgeKind> = {
  in_force: 'success',
  scheduled: 'info',
  draft_only: 'warning',
  abolished: 'danger',
  not_in_force: 'neutral',
};

/** Catalogue managers: list, create, import/export. `/quan-tri/thu-tuc` */
export function CatalogAdminPage() {
  const t = useCatalogT();
  const shell = useI18n().t;
  useTitle(t('admin.title'));
  const [draftQ, setDraftQ] = useState('');
  const [q, setQ] = useState('');
  const [offset, setOffset] = useState(0);
  const [creating, setCreating] = useState(false);
  const list = useLoader(JSON.stringify([q, offset]), (signal) => catalogApi.list({ q: q || undefined, limit: LIMIT, offset }, signal));

  const columns: Column<ManagerItem>[] = [
    { header: t('list.code'), className: 'mono nowrap', cell: (p) => p.code },
    { header: t('list.title'), cell: (p) => p.name },
    { header: t('list.field'), cell: (p) => p.field },
    {
      header: t('admin.state'),
      cell: (p) => (
        <>
          <Badge kind={STATE_BADGE[p.state]}>{t(`admin.state.${p.state}`)}</Badge>
          {p.draft && (
            <div className="small">
              <Badge kind="warning">{t('admin.hasDraft', { no: p.draft.versionNo })}</Badge>
            </div>
          )}
        </>
      ),
    },
    { header: t('admin.version'), nowrap: true, cell: (p) => (p.inForce ?? p.latest).versionNo },
    {
      header: shell('common.actions'),
      cell: (p) => (
        <Link to={catalogEditPath(p.code)} className="btn btn-secondary btn-small">
          {t('admin.open')}
        </Link>
      ),
    },
  ];

  return (
    <div className="admin-page catalog-admin">
      <PageHeader
        title={t('admin.title')}
        intro={t('admin.intro')}
        actions={
          <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
            {t('admin.create')}
          </button>
        }
      />
      <ImportExport t={t} onImported={list.reload} />
      <FilterBar
        onSubmit={() => {
          setQ(draftQ.trim());
          setOffset(0);
        }}
      >
        <FilterInput id="cat-q" label={shell('common.keyword')} type="search" value={draftQ} onChange={setDraftQ} placeholder={t('admin.searchPlaceholder')} />
      </FilterBar>
      <PagedTable
        list={list}
        limit={LIMIT}
        offset={offset}
        onOffset={setOffset}
        columns={columns}
        rowKey={(p) => p.procedureId}
        caption={t('admin.title')}
        empty={shell('common.noResults')}
      />
      {creating && <CreateDialog t={t} onClose={() => setCreating(false)} />}
    </div>
  );
}

function ImportExport({ t, onImported }: { t: CatalogT; onImported: () => void }) {
  const shell = useI18n().t;
  const fileRef = useRef<HTMLInputElement>(null);
  const [job, setJob] = useState<ImportJob | null>(null);
  const { busy: sending, run: attempt, error: err, setError: setErr } = useSubmit();
  // Busy while the file is on its way and until the import job it started ends.
  const busy = sending || (job !== null && job.status !== 'succeeded' && job.status !== 'failed');

  // Poll the job until it finishes.
  useEffect(() => {
    if (!job || job.status === 'succeeded' || job.status === 'failed') return;
    const timer = setTimeout(() => {
      catalogApi.importJob(job.id).then(setJob, (e: unknown) => setErr(errorText(e, shell)));
    }, 500);
    return () => clearTimeout(timer);
  }, [job, shell]);
  useEffect(() => {
    if (job?.status === 'succeeded') onImported();
  }, [job?.status]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const file = fileRef.current?.files?.[0];
    if (!file) return;
    setJob(null);
    await attempt(async () => setJob(await catalogApi.upload(file)));
  };

  return (
    <section className="card import-export" aria-labelledby="ie-title">
      <h2 id="ie-title">{t('admin.importExport')}</h2>
      <div className="import-export-row">
        <div className="export-links">
          <a className="btn btn-secondary" href={catalogApi.exportUrl('xlsx')} download>
            {t('admin.exportXlsx')}
          </a>
          <a className="btn btn-secondary" href={catalogApi.exportUrl('json')} download>
            {t('admin.exportJson')}
          </a>
        </div>
        <form className="inline-form" onSubmit={submit}>
          <div className="field">
            <label htmlFor="cat-import">{t('admin.importLabel')}</label>
            <input
              id="cat-import"
              ref={fileRef}
              type="file"
              accept=".xlsx,.json,application/json,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              aria-describedby="cat-import-hint"
            />
            <p className="field-hint" id="cat-import-hint">
              {t('admin.importHint')}
            </p>
          </div>
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? t('admin.importing') : t('admin.importButton')}
          </button>
        </form>
      </div>
      {err && <Notice kind="error">{err}</Notice>}
      {job && (job.status === 'queued' || job.status === 'validating' || job.status === 'applying') && (
        <div className="import-progress" role="status">
          <progress max={Math.max(1, job.total)} value={job.processed} /> {t('admin.importProgress', { phase: job.phase })}
        </div>
      )}
      {job?.status === 'succeeded' && job.result && (
        <Notice kind="success">{t('admin.importDone', { created: job.result.created, updated: job.result.updated, unchanged: job.result.unchanged })}</Notice>
      )}
      {job?.status === 'failed' && (
        <>
          <Notice kind="error">{t('admin.importFailed', { count: job.errorCount })}</Notice>
          <DataTable
            wrapClassName="import-errors"
            rowKey={(_, i) => String(i)}
            rows={job.errors}
            columns={[
              { header: t('admin.errSheet'), cell: (e) => e.sheet },
              { header: t('admin.errRow'), cell: (e) => e.row ?? '—' },
              { header: t('admin.errColumn'), cell: (e) => e.column ?? '—' },
              { header: t('admin.errMessage'), cell: (e) => e.message.replace(/^[^:]*: /, '') },
            ]}
          />
        </>
      )}
    </section>
  );
}

const TEMPLATE: ProcedureContent = {
  code: '',
  portalCode: null,
  name: '',
  field: '',
  levels: ['commune'],
  agencies: {
    competent: { kind: 'commune_people_committee', name: 'Ủy ban nhân dân cấp xã' },
    receiving: [{ kind: 'commune_service_centre', name: 'Trung tâm Phục vụ hành chính công cấp xã' }],
  },
  subjects: ['citizen'],
  onlineLevel: 'partial',
  channels: ['direct', 'online'],
  cases: [{ key: 'chuan', name: '', time: { amount: 3, unit: 'working_days', text: null }, fees: [] }],
  components: [{ name: '', originals: 1, copies: 0, required: true, condition: null, templateCode: null, replaceableByData: null }],
  result: { name: '', validityMonths: null },
  legalBasis: [],
  steps: [],
};

/** The procedure JSON typed in an editor, or the message for the text that is not JSON. */
export function parseContent(text: string, t: CatalogT): { content: ProcedureContent } | { error: string } {
  try {
    return { content: JSON.parse(text) as ProcedureContent };
  } catch (e) {
    return { error: t('edit.invalidJson', { detail: (e as Error).message }) };
  }
}

function CreateDialog({ t, onClose }: { t: CatalogT; onClose: () => void }) {
  const [text, setText] = useState(JSON.stringify(TEMPLATE, null, 2));
  const { busy, run: attempt, error: err, setError: setErr } = useSubmit();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const parsed = parseContent(text, t);
    if ('error' in parsed) return setErr(parsed.error);
    await attempt(async () => {
      const v = await catalogApi.create(parsed.content);
      navigate(catalogEditPath(v.code));
    });
  };
  return (
    <Modal title={t('admin.createTitle')} onClose={onClose} wide>
      <form onSubmit={submit}>
        <p className="field-hint">{t('admin.createHint')}</p>
        <div className="field">
          <label htmlFor="cat-new">{t('edit.draftJson')}</label>
          <textarea id="cat-new" className="json-editor" rows={22} value={text} onChange={(e) => setText(e.target.value)} spellCheck={false} />
        </div>
        {err && <Notice kind="error">{err}</Notice>}
        <FormActions onCancel={onClose} busy={busy} />
      </form>
    </Modal>
  );
}
