import { useMemo, useState, type FormEvent } from 'react';
import { api, STAFF_ROLES, type Agency, type Role, type StaffUser } from '../../api';
import { useI18n } from '../../i18n';
import { useLoader, useTitle, useSubmit } from '../../hooks';
import { Badge, Field, FormActions, LoadError, Modal, Notice, PageHeader } from '../../components/ui';
import { PagedTable, type Column } from '../../components/DataTable';
import { FilterBar, FilterField, FilterInput, FilterSelect, useListFilter } from '../../components/filters';
import { flattenTree } from './agencyTree';

const LIMIT = 20;
const MIN_PASSWORD = 8;

function AgencySelect({
  id,
  agencies,
  value,
  onChange,
  emptyLabel,
  required,
}: {
  id: string;
  agencies: Agency[];
  value: string;
  onChange: (v: string) => void;
  emptyLabel: string;
  required?: boolean;
}) {
  const options = useMemo(() => flattenTree(agencies), [agencies]);
  return (
    <select id={id} value={value} onChange={(e) => onChange(e.target.value)} required={required}>
      <option value="">{emptyLabel}</option>
      {options.map(({ item, depth }) => (
        <option key={item.id} value={item.id}>
          {'\u00a0\u00a0'.repeat(depth) + (depth ? '└ ' : '') + item.name}
        </option>
      ))}
    </select>
  );
}

function RoleCheckboxes({ value, onChange, invalid }: { value: Role[]; onChange: (roles: Role[]) => void; invalid?: boolean }) {
  const { t } = useI18n();
  return (
    <fieldset className={invalid ? 'checkbox-group field-invalid' : 'checkbox-group'}>
      <legend>
        {t('staff.roles')}
        <span className="req" aria-hidden="true">
          {' '}
          *
        </span>
        <span className="visually-hidden"> ({t('common.required')})</span>
      </legend>
      {STAFF_ROLES.map((r) => (
        <div className="field-check" key={r}>
          <input
            id={`role-${r}`}
            type="checkbox"
            checked={value.includes(r)}
            onChange={(e) => onChange(e.target.checked ? [...value, r] : value.filter((x) => x !== r))}
          />
          <label htmlFor={`role-${r}`}>{t(`role.${r}`)}</label>
        </div>
      ))}
    </fieldset>
  );
}

function UserForm({
  agencies,
  editing,
  onDone,
  onCancel,
}: {
  agencies: Agency[];
  editing: StaffUser | null;
  onDone: (u: StaffUser) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const [username, setUsername] = useState(editing?.username ?? '');
  const [fullName, setFullName] = useState(editing?.fullName ?? '');
  const [password, setPassword] = useState('');
  const [agencyId, setAgencyId] = useState(editing?.agency?.id ?? '');
  const [roles, setRoles] = useState<Role[]>(editing?.roles ?? []);
  const { busy, run: attempt, error, setError } = useSubmit();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    if (!agencyId) return setError(t('staff.agencyRequired'));
    if (roles.length === 0) return setError(t('staff.rolesRequired'));
    if (!editing && password.length < MIN_PASSWORD) return setError(t('staff.passwordTooShort'));
    await attempt(async () => {
      const ordered = STAFF_ROLES.filter((r) => roles.includes(r));
      let saved: StaffUser;
      if (editing) {
        const patch: { fullName?: string; roles?: Role[]; agencyId?: string } = {};
        if (fullName.trim() !== editing.fullName) patch.fullName = fullName.trim();
        if (agencyId !== (editing.agency?.id ?? '')) patch.agencyId = agencyId;
        if (ordered.join() !== STAFF_ROLES.filter((r) => editing.roles.includes(r)).join()) patch.roles = ordered;
        saved = Object.keys(patch).length ? await api.updateUser(editing.id, patch) : editing;
      } else {
        saved = await api.createUser({ username: username.trim(), fullName: fullName.trim(), password, agencyId, roles: ordered });
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
      <Field id="u-username" label={t('staff.username')} required>
        <input
          id="u-username"
          required
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          readOnly={!!editing}
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          autoFocus={!editing}
        />
      </Field>
      <Field id="u-fullname" label={t('staff.fullName')} required>
        <input id="u-fullname" required value={fullName} onChange={(e) => setFullName(e.target.value)} autoComplete="off" autoFocus={!!editing} />
      </Field>
      {!editing && (
        <Field id="u-password" label={t('staff.password')} required hint={t('staff.passwordHint')}>
          <input
            id="u-password"
            type="password"
            required
            minLength={MIN_PASSWORD}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoComplete="new-password"
            aria-describedby="u-password-hint"
          />
        </Field>
      )}
      <div className={editing ? 'span-2' : undefined}>
        <Field id="u-agency" label={t('staff.agency')} required>
          <AgencySelect id="u-agency" agencies={agencies} value={agencyId} onChange={setAgencyId} emptyLabel={t('staff.chooseAgency')} required />
        </Field>
      </div>
      <div className="span-2">
        <RoleCheckboxes value={roles} onChange={setRoles} />
      </div>
      <FormActions className="span-2" onCancel={onCancel} busy={busy} />
    </form>
  );
}

function ResetPasswordForm({ user, onDone, onCancel }: { user: StaffUser; onDone: () => void; onCancel: () => void }) {
  const { t } = useI18n();
  const [password, setPassword] = useState('');
  const { busy, run: attempt, error, setError } = useSubmit();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    if (password.length < MIN_PASSWORD) return setError(t('staff.passwordTooShort'));
    await attempt(async () => {
      await api.updateUser(user.id, { password });
      onDone();
    });
  };
  return (
    <form onSubmit={submit}>
      {error && <Notice kind="error">{error}</Notice>}
      <Field id="reset-password" label={t('staff.newPassword')} required hint={t('staff.passwordHint')}>
        <input
          id="reset-password"
          type="password"
          required
          minLength={MIN_PASSWORD}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          autoComplete="new-password"
          aria-describedby="reset-password-hint"
          autoFocus
        />
      </Field>
      <FormActions onCancel={onCancel} busy={busy} submitLabel={t('staff.resetPassword')} />
    </form>
  );
}

type Dialog = { kind: 'create' } | { kind: 'edit'; user: StaffUser } | { kind: 'reset'; user: StaffUser } | null;

export function StaffPage() {
  const { t } = useI18n();
  useTitle(t('staff.title'));
  const { draft, set, filter, apply, offset, setOffset, key } = useListFilter<{ q: string; agencyId: string; kind: 'staff' | 'citizen' | '' }>({
    q: '',
    agencyId: '',
    kind: 'staff',
  });
  const [dialog, setDialog] = useState<Dialog>(null);
  // One (de)activation at a time: every row's button waits while one is on its way.
  const { busy, run: attempt, message: notice, setMessage: setNotice } = useSubmit();

  const agencies = useLoader('agencies', (signal) => api.allAgencies(signal));
  const users = useLoader(key, (signal) => api.users({ ...filter, limit: LIMIT, offset }, signal));
  const agencyList = agencies.data?.items ?? [];

  const setActive = async (u: StaffUser, active: boolean) => {
    if (!active && !window.confirm(t('staff.confirmDeactivate', { username: u.username }))) return;
    await attempt(async () => {
      await api.updateUser(u.id, { active });
      setNotice({ kind: 'success', text: t(active ? 'staff.activated' : 'staff.deactivated', { username: u.username }) });
      users.reload();
    });
  };

  const columns: Column<StaffUser>[] = [
    { header: t('staff.username'), className: 'mono', cell: (u) => u.username },
    {
      header: t('staff.fullName'),
      rowHeader: true,
      className: 'cell-name',
      cell: (u) => (
        <>
          {u.fullName}
          {u.kind === 'citizen' && (
            <>
              {' '}
              <Badge>{t('staff.kindCitizen')}</Badge>
            </>
          )}
        </>
      ),
    },
    { header: t('staff.agency'), className: 'col-agency', cell: (u) => u.agency?.name ?? t('common.none') },
    {
      header: t('staff.roles'),
      cell: (u) => (
        <span className="badge-list">
          {u.roles.map((r) => (
            <Badge key={r} kind="info">
              {t(`role.${r}`)}
            </Badge>
          ))}
        </span>
      ),
    },
    {
      header: t('staff.status'),
      cell: (u) => (u.active ? <Badge kind="success">{t('staff.active')}</Badge> : <Badge kind="danger">{t('staff.inactive')}</Badge>),
    },
    {
      header: t('common.actions'),
      className: 'col-actions',
      cell: (u) => (
        <div className="row-actions">
          <button
            type="button"
            className="btn btn-small btn-secondary"
            onClick={() => setDialog({ kind: 'edit', user: u })}
            aria-label={`${t('common.edit')}: ${u.username}`}
          >
            {t('common.edit')}
          </button>
          <button
            type="button"
            className="btn btn-small btn-secondary"
            onClick={() => setDialog({ kind: 'reset', user: u })}
            aria-label={`${t('staff.resetPassword')}: ${u.username}`}
          >
            {t('staff.resetPassword')}
          </button>
          <button
            type="button"
            className={u.active ? 'btn btn-small btn-danger' : 'btn btn-small btn-secondary'}
            disabled={busy}
            onClick={() => setActive(u, !u.active)}
            aria-label={`${u.active ? t('staff.deactivate') : t('staff.activate')}: ${u.username}`}
          >
            {u.active ? t('staff.deactivate') : t('staff.activate')}
          </button>
        </div>
      ),
    },
  ];

  return (
    <div className="admin-page">
      <PageHeader
        title={t('staff.title')}
        intro={t('staff.intro')}
        actions={
          <button type="button" className="btn btn-primary" onClick={() => setDialog({ kind: 'create' })} disabled={!agencies.data}>
            + {t('staff.create')}
          </button>
        }
      />
      {notice && <Notice kind={notice.kind}>{notice.text}</Notice>}
      <FilterBar onSubmit={apply}>
        <FilterInput id="staff-q" label={t('common.keyword')} type="search" value={draft.q} onChange={(v) => set('q', v)} />
        <FilterField id="staff-agency" label={t('staff.agency')} grow>
          <AgencySelect id="staff-agency" agencies={agencyList} value={draft.agencyId} onChange={(v) => set('agencyId', v)} emptyLabel={t('staff.anyAgency')} />
        </FilterField>
        <FilterSelect
          id="staff-kind"
          label={t('staff.kind')}
          value={draft.kind}
          onChange={(v) => set('kind', v)}
          options={[
            { value: 'staff', label: t('staff.kindStaff') },
            { value: 'citizen', label: t('staff.kindCitizen') },
            { value: '', label: t('common.all') },
          ]}
        />
      </FilterBar>

      {agencies.error != null && <LoadError error={agencies.error} onRetry={agencies.reload} />}
      <PagedTable
        list={users}
        limit={LIMIT}
        offset={offset}
        onOffset={setOffset}
        columns={columns}
        rowKey={(u) => u.id}
        rowClassName={(u) => (u.active ? undefined : 'row-muted')}
        caption={t('staff.title')}
        empty={t('common.noResults')}
      />

      {dialog && dialog.kind !== 'reset' && (
        <Modal
          title={dialog.kind === 'create' ? t('staff.createTitle') : t('staff.editTitle', { username: dialog.user.username })}
          onClose={() => setDialog(null)}
          wide
        >
          <UserForm
            agencies={agencyList}
            editing={dialog.kind === 'edit' ? dialog.user : null}
            onCancel={() => setDialog(null)}
            onDone={(saved) => {
              setNotice({ kind: 'success', text: t(dialog.kind === 'create' ? 'staff.created' : 'staff.updated', { username: saved.username }) });
              setDialog(null);
              users.reload();
            }}
          />
        </Modal>
      )}
      {dialog && dialog.kind === 'reset' && (
        <Modal title={t('staff.resetTitle', { username: dialog.user.username })} onClose={() => setDialog(null)}>
          <ResetPasswordForm
            user={dialog.user}
            onCancel={() => setDialog(null)}
            onDone={() => {
              setNotice({ kind: 'success', text: t('staff.passwordReset', { username: dialog.user.username }) });
              setDialog(null);
            }}
          />
        </Modal>
      )}
    </div>
  );
}
