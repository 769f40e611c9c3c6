import { useMemo, useState, type FormEvent } from 'react';
import { api, AGENCY_KINDS, type Agency, type AgencyInput, type AgencyKind, type AgencyPatch } from '../../api';
import { useI18n } from '../../i18n';
import { useLoader, useTitle, useSubmit } from '../../hooks';
import { formatDate, isExpired } from '../../format';
import { Badge, Field, FormActions, LoadError, Loading, Modal, Notice, PageHeader } from '../../components/ui';
import { DataTable, type MaybeColumn } from '../../components/DataTable';
import { FilterBar, FilterInput } from '../../components/filters';
import { flattenTree, subtreeIds } from './agencyTree';

interface FormState {
  code: string;
  name: string;
  shortName: string;
  kind: AgencyKind | '';
  parentId: string;
  unitCode: string;
  validTo: string;
  successorIds: string[];
}

const emptyForm: FormState = { code: '', name: '', shortName: '', kind: '', parentId: '', unitCode: '', validTo: '', successorIds: [] };
const AGENCY_CODE_PATTERN = '[0-9A-Z]{2,3}(\\.[0-9A-Z]{2,3}){1,4}';
const UNIT_CODE_PATTERN = '\\d{2,5}';

function formOf(a: Agency): FormState {
  return {
    code: a.code,
    name: a.name,
    shortName: a.shortName ?? '',
    kind: a.kind,
    parentId: a.parentId ?? '',
    unitCode: a.unitCode ?? '',
    validTo: a.validTo?.slice(0, 10) ?? '',
    successorIds: a.successorIds,
  };
}

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));

function SuccessorPicker({ all, self, value, onChange }: { all: Agency[]; self: string; value: string[]; onChange: (ids: string[]) => void }) {
  const { t } = useI18n();
  const [filter, setFilter] = useState('');
  const f = filter.trim().toLocaleLowerCase('vi');
  const candidates = all
    .filter((a) => a.id !== self && (value.includes(a.id) || !isExpired(a.validTo)))
    .filter((a) => value.includes(a.id) || !f || a.name.toLocaleLowerCase('vi').includes(f) || a.code.toLowerCase().includes(f))
    .sort((a, b) => Number(value.includes(b.id)) - Number(value.includes(a.id)))
    .slice(0, 100);
  return (
    <fieldset className="picker">
      <legend>{t('agencies.successors')}</legend>
      <p className="field-hint" id="ag-succ-hint">
        {t('agencies.successorsHint')}
      </p>
      <label htmlFor="ag-succ-filter" className="visually-hidden">
        {t('agencies.successorsFilter')}
      </label>
      <input
        id="ag-succ-filter"
        type="search"
        value={filter}
        onChange={(e) => setFilter(e.target.value)}
        placeholder={t('agencies.successorsFilter')}
        aria-describedby="ag-succ-hint"
      />
      <div className="picker-list">
        {candidates.map((a) => (
          <div className="field-check" key={a.id}>
            <input
              id={`succ-${a.id}`}
              type="checkbox"
              checked={value.includes(a.id)}
              onChange={(e) => onChange(e.target.checked ? [...value, a.id] : value.filter((x) => x !== a.id))}
            />
            <label htmlFor={`succ-${a.id}`}>
              {a.name} <span className="muted mono">({a.code})</span>
            </label>
          </div>
        ))}
        {candidates.length === 0 && <p className="muted">{t('common.noResults')}</p>}
      </div>
    </fieldset>
  );
}

function AgencyForm({ all, editing, onDone, onCancel }: { all: Agency[]; editing: Agency | null; onDone: (a: Agency) => void; onCancel: () => void }) {
  const { t } = useI18n();
  const [form, setForm] = useState<FormState>(editing ? formOf(editing) : emptyForm);
  const { busy, run: attempt, error } = useSubmit();
  const set = <K extends keyof FormState>(k: K, v: FormState[K]) => setForm((f) => ({ ...f, [k]: v }));

  // Parents: agencies still in force, never the agency itself or one of its descendants (the current parent stays listed).
  const parentOptions = useMemo(() => {
    const excluded = editing ? subtreeIds(all, editing.id) : new Set<string>();
    return flattenTree(all).filter(({ item }) => !excluded.has(item.id) && (!isExpired(item.validTo) || item.id === editing?.parentId));
  }, [all, editing]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const kind = form.kind;
    if (busy || !kind) return;
    await attempt(async () => {
      let saved: Agency;
      if (editing) {
        const before = formOf(editing);
        const patch: AgencyPatch = {};
        if (form.code.trim() !== before.code) patch.code = form.code.trim();
        if (form.name.trim() !== before.name) patch.name = form.name.trim();
        if (form.shortName.trim() !== before.shortName && form.shortName.trim()) patch.shortName = form.shortName.trim();
        if (kind !== before.kind) patch.kind = kind;
        if (form.parentId !== before.parentId) patch.parentId = form.parentId || null;
        if (form.unitCode.trim() !== before.unitCode) patch.unitCode = form.unitCode.trim();
        if (form.validTo !== before.validTo) patch.validTo = form.validTo || null;
        if (!sameSet(form.successorIds, before.successorIds)) patch.successorIds = form.successorIds;
        if (Object.keys(patch).length === 0) saved = editing;
        else {
          if (editing.version !== undefined) patch.version = editing.version;
          saved = await api.updateAgency(editing.id, patch);
        }
      } else {
        const input: AgencyInput = { code: form.code.trim(), name: form.name.trim(), kind, unitCode: form.unitCode.trim() };
        if (form.shortName.trim()) input.shortName = form.shortName.trim();
        if (form.parentId) input.parentId = form.parentId;
        saved = await api.createAgency(input);
      }
      onDone(saved);
    });
  };

  return (
    <form onSubmit={submit} className="form-grid">
      {error && (
        <div className="span-2">
          <Notice kind="error">{error}</Notice>
        </div>
      )}
      <Field id="ag-code" label={t('agencies.code')} required hint={t('agencies.codeHint')}>
        <input
          id="ag-code"
          required
          pattern={!editing || form.code !== editing.code ? AGENCY_CODE_PATTERN : undefined}
          maxLength={40}
          value={form.code}
          onChange={(e) => set('code', e.target.value.toUpperCase())}
          spellCheck={false}
          autoCapitalize="characters"
          aria-describedby="ag-code-hint"
          autoFocus
        />
      </Field>
      <Field id="ag-kind" label={t('agencies.kind')} required>
        <select id="ag-kind" required value={form.kind} onChange={(e) => set('kind', e.target.value as AgencyKind)}>
          <option value="" disabled>
            —
          </option>
          {AGENCY_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`agencyKind.${k}`)}
            </option>
          ))}
        </select>
      </Field>
      <div className="span-2">
        <Field id="ag-name" label={t('agencies.name')} required>
          <input id="ag-name" required minLength={2} maxLength={300} value={form.name} onChange={(e) => set('name', e.target.value)} />
        </Field>
      </div>
      <Field id="ag-short" label={t('agencies.shortName')}>
        <input id="ag-short" maxLength={100} value={form.shortName} onChange={(e) => set('shortName', e.target.value)} />
      </Field>
      <Field id="ag-unit" label={t('agencies.unitCode')} required={!editing || !!editing.unitCode} hint={t('agencies.unitCodeHint')}>
        <input
          id="ag-unit"
          required={!editing || !!editing.unitCode}
          pattern={!editing || form.unitCode !== (editing.unitCode ?? '') ? UNIT_CODE_PATTERN : undefined}
          value={form.unitCode}
          onChange={(e) => set('unitCode', e.target.value.trim())}
          spellCheck={false}
          inputMode="numeric"
          aria-describedby="ag-unit-hint"
        />
      </Field>
      <div className="span-2">
        <Field id="ag-parent" label={t('agencies.parent')}>
          <select id="ag-parent" value={form.parentId} onChange={(e) => set('parentId', e.target.value)}>
            <option value="">{t('agencies.noParent')}</option>
            {parentOptions.map(({ item, depth }) => (
              <option key={item.id} value={item.id}>
                {'\u00a0\u00a0'.repeat(depth) + (depth ? '└ ' : '') + item.name} ({item.code})
              </option>
            ))}
          </select>
        </Field>
      </div>
      {editing && (
        <>
          <Field id="ag-validto" label={t('agencies.validTo')} hint={t('agencies.validToHint')}>
            <input
              id="ag-validto"
              type="date"
              value={form.validTo}
              min={editing.validFrom.slice(0, 10)}
              onChange={(e) => set('validTo', e.target.value)}
              aria-describedby="ag-validto-hint"
            />
          </Field>
          <div className="span-2">
            <SuccessorPicker all={all} self={editing.id} value={form.successorIds} onChange={(ids) => set('successorIds', ids)} />
          </div>
        </>
      )}
      <FormActions className="span-2" onCancel={onCancel} busy={busy} />
    </form>
  );
}

export function AgenciesPage() {
  const { t } = useI18n();
  useTitle(t('agencies.title'));
  const [draftQ, setDraftQ] = useState('');
  const [q, setQ] = useState('');
  const [editing, setEditing] = useState<Agency | 'new' | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const all = useLoader('all', (signal) => api.allAgencies(signal));
  const found = useLoader(`q:${q}`, (signal) => (q ? api.agencies({ q, limit: 500 }, signal) : Promise.resolve(null)));

  const allItems = all.data?.items ?? [];
  const byId = useMemo(() => new Map(allItems.map((a) => [a.id, a])), [allItems]);
  const rows = useMemo(() => {
    if (q) return (found.data?.items ?? []).map((item) => ({ item, depth: 0 }));
    return flattenTree(allItems);
  }, [q, found.data, allItems]);

  const nameOf = (id: string | null) => (id ? (byId.get(id)?.name ?? id) : t('common.none'));
  const error = all.error ?? found.error;
  const loading = all.loading || (q !== '' && found.loading);

  const columns: MaybeColumn<{ item: Agency; depth: number }>[] = [
    {
      header: t('agencies.name'),
      rowHeader: true,
      className: 'tree-cell',
      cellProps: ({ depth }) => ({ style: { paddingInlineStart: `${0.75 + depth * 1.25}rem` } }),
      cell: ({ item: a, depth }) => (
        <>
          {depth > 0 && (
            <span className="tree-branch" aria-hidden="true">
              └{' '}
            </span>
          )}
          <span className="tree-name">{a.name}</span>
          {a.shortName && a.shortName !== a.name && <span className="sub">{a.shortName}</span>}
        </>
      ),
    },
    { header: t('agencies.code'), className: 'mono', cell: ({ item }) => item.code },
    { header: t('agencies.kind'), className: 'col-kind', cell: ({ item }) => t(`agencyKind.${item.kind}`) },
    q !== '' && { header: t('agencies.parent'), cell: ({ item }) => nameOf(item.parentId) },
    {
      header: <abbr title={t('agencies.unitCode')}>{t('agencies.unitCodeShort')}</abbr>,
      className: 'mono',
      cell: ({ item }) => item.unitCode || t('common.none'),
    },
    {
      header: t('common.validity'),
      nowrap: true,
      cell: ({ item: a }) => (
        <>
          {a.validTo ? t('common.fromTo', { from: formatDate(a.validFrom), to: formatDate(a.validTo) }) : t('common.from', { date: formatDate(a.validFrom) })}
          {isExpired(a.validTo) && (
            <>
              <br />
              <Badge kind="neutral">{t('common.expired')}</Badge>
            </>
          )}
        </>
      ),
    },
    {
      header: t('agencies.successors'),
      cell: ({ item: a }) =>
        a.successorIds.length === 0
          ? t('common.none')
          : a.successorIds.map((id) => (
              <span key={id} className="successor">
                → {nameOf(id)}
              </span>
            )),
    },
    {
      header: <span className="visually-hidden">{t('common.actions')}</span>,
      cell: ({ item: a }) => (
        <button type="button" className="btn btn-small btn-secondary" onClick={() => setEditing(a)} aria-label={`${t('common.edit')}: ${a.name}`}>
          {t('common.edit')}
        </button>
      ),
    },
  ];

  return (
    <div className="admin-page">
      <PageHeader
        title={t('agencies.title')}
        intro={t('agencies.intro')}
        actions={
          <button type="button" className="btn btn-primary" onClick={() => setEditing('new')} disabled={!all.data}>
            + {t('agencies.create')}
          </button>
        }
      />
      {notice && <Notice kind="success">{notice}</Notice>}
      <FilterBar onSubmit={() => setQ(draftQ.trim())}>
        <FilterInput
          id="ag-q"
          label={t('common.keyword')}
          grow
          type="search"
          value={draftQ}
          onChange={setDraftQ}
          placeholder={t('agencies.searchPlaceholder')}
        />
      </FilterBar>

      {error != null && (
        <LoadError
          error={error}
          onRetry={() => {
            all.reload();
            found.reload();
          }}
        />
      )}
      {loading && rows.length === 0 && <Loading />}
      {all.data && (
        <>
          <p className="muted">{t('common.total', { total: q ? (found.data?.total ?? 0) : all.data.total })}</p>
          <DataTable
            columns={columns}
            rows={rows}
            rowKey={({ item }) => item.id}
            rowClassName={({ item }) => (isExpired(item.validTo) ? 'row-muted' : undefined)}
            caption={t('agencies.title')}
            className="tree-table"
            empty={loading ? undefined : t('common.noResults')}
            busy={loading}
          />
        </>
      )}

      {editing && (
        <Modal title={editing === 'new' ? t('agencies.createTitle') : t('agencies.editTitle')} onClose={() => setEditing(null)} wide>
          <AgencyForm
            all={allItems}
            editing={editing === 'new' ? null : editing}
            onCancel={() => setEditing(null)}
            onDone={(saved) => {
              setNotice(editing === 'new' ? t('agencies.created', { name: saved.name }) : t('agencies.updated', { name: saved.name }));
              setEditing(null);
              all.reload();
              found.reload();
            }}
          />
        </Modal>
      )}
    </div>
  );
}
