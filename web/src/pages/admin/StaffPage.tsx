import { useMemo, useState, type FormEvent } from 'react';
import { api, STAFF_ROLES, type Agency, type Role, type StaffUser } from '../../api';
import { useI18n } from '../../i18n';
import { errorText, useLoader, useTitle } from '../../hooks';
import { Badge, Field, LoadError, Loading, Modal, Notice, PageHeader, Pagination } from '../../components/ui';
import { flattenTree } from './agencyTree';

const LIMIT = 20;
const MIN_PASSWORD = 8;

function AgencySelect({ id, agencies, value, onChange, emptyLabel, required }: { id: string; agencies: Agency[]; value: string; onChange: (v: string) => void; emptyLabel: string; required?: boolean }) {
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
          {' '}*
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

function UserForm({ agencies, editing, onDone, onCancel }: { agencies: Agency[]; editing: StaffUser | null; onDone: (u: StaffUser) => void; onCancel: () => void }) {
  const { t } = useI18n();
  const [username, setUsername] = useState(editing?.username ?? '');
  const [fullName, setFullName] = useState(editing?.fullName ?? '');
  const [password, setPassword] = useState('');
  const [agencyId, setAgencyId] = useState(editing?.agency?.id ?? '');
  const [roles, setRoles] = useState<Role[]>(editing?.roles ?? []);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    if (!agencyId) return setError(t('staff.agencyRequired'));
    if (roles.length === 0) return setError(t('staff.rolesRequired'));
    if (!editing && password.length < MIN_PASSWORD) return setError(t('staff.passwordTooShort'));
    setBusy(true);
    setError(null);
    try {
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
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      setBusy(false);
    }
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
      <div className="form-actions span-2">
        <button type="button" className="btn btn-secondary" onClick={onCancel}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? t('common.saving') : t('common.save')}
        </button>
      </div>
    </form>
  );
}

function ResetPasswordForm({ user, onDone, onCancel }: { user: StaffUser; onDone: () => void; onCancel: () => void }) {
  const { t } = useI18n();
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    if (password.length < MIN_PASSWORD) return setError(t('staff.passwordTooShort'));
    setBusy(true);
    setError(null);
    try {
      await api.updateUser(user.id, { password });
      onDone();
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      setBusy(false);
    }
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
      <div className="form-actions">
        <button type="button" className="btn btn-secondary" onClick={onCancel}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? t('common.saving') : t('staff.resetPassword')}
        </button>
      </div>
    </form>
  );
}

type Dialog = { kind: 'create' } | { kind: 'edit'; user: StaffUser } | { kind: 'reset'; user: StaffUser } | null;

export function StaffPage() {
  const { t } = useI18n();
  useTitle(t('staff.title'));
  type KindFilter = 'staff' | 'citizen' | '';
  const [draft, setDraft] = useState<{ q: string; agencyId: string; kind: KindFilter }>({ q: '', agencyId: '', kind: 'staff' });
  const [filter, setFilter] = useState<{ q: string; agencyId: string; kind: KindFilter }>({ q: '', agencyId: '', kind: 'staff' });
  const [offset, setOffset] = useState(0);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [notice, setNotice] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const [pending, setPending] = useState<string | null>(null);

  const agencies = useLoader('agencies', (signal) => api.allAgencies(signal));
  const users = useLoader(JSON.stringify([filter, offset]), (signal) => api.users({ ...filter, limit: LIMIT, offset }, signal));
  const agencyList = agencies.data?.items ?? [];

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setFilter({ q: draft.q.trim(), agencyId: draft.agencyId, kind: draft.kind });
    setOffset(0);
  };

  const setActive = async (u: StaffUser, active: boolean) => {
    if (!active && !window.confirm(t('staff.confirmDeactivate', { username: u.username }))) return;
    setPending(u.id);
    setNotice(null);
    try {
      await api.updateUser(u.id, { active });
      setNotice({ kind: 'success', text: t(active ? 'staff.activated' : 'staff.deactivated', { username: u.username }) });
      users.reload();
    } catch (err) {
      setNotice({ kind: 'error', text: errorText(err, t) });
    } finally {
      setPending(null);
    }
  };

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
      <form className="filters card" role="search" onSubmit={submit}>
        <div className="field">
          <label htmlFor="staff-q">{t('common.keyword')}</label>
          <input id="staff-q" type="search" value={draft.q} onChange={(e) => setDraft((d) => ({ ...d, q: e.target.value }))} />
        </div>
        <div className="field grow">
          <label htmlFor="staff-agency">{t('staff.agency')}</label>
          <AgencySelect id="staff-agency" agencies={agencyList} value={draft.agencyId} onChange={(agencyId) => setDraft((d) => ({ ...d, agencyId }))} emptyLabel={t('staff.anyAgency')} />
        </div>
        <div className="field">
          <label htmlFor="staff-kind">{t('staff.kind')}</label>
          <select id="staff-kind" value={draft.kind} onChange={(e) => setDraft((d) => ({ ...d, kind: e.target.value as KindFilter }))}>
            <option value="staff">{t('staff.kindStaff')}</option>
            <option value="citizen">{t('staff.kindCitizen')}</option>
            <option value="">{t('common.all')}</option>
          </select>
        </div>
        <div className="filters-actions">
          <button type="submit" className="btn btn-primary">
            {t('common.search')}
          </button>
        </div>
      </form>

      {users.error != null && <LoadError error={users.error} onRetry={users.reload} />}
      {agencies.error != null && <LoadError error={agencies.error} onRetry={agencies.reload} />}
      {users.loading && !users.data && <Loading />}
      {users.data && (
        <>
          <div className="table-wrap" aria-busy={users.loading}>
            <table className="data-table">
              <caption className="visually-hidden">{t('staff.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('staff.username')}</th>
                  <th scope="col">{t('staff.fullName')}</th>
                  <th scope="col">{t('staff.agency')}</th>
                  <th scope="col">{t('staff.roles')}</th>
                  <th scope="col">{t('staff.status')}</th>
                  <th scope="col">{t('common.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {users.data.items.length === 0 && (
                  <tr>
                    <td colSpan={6} className="empty">
                      {t('common.noResults')}
                    </td>
                  </tr>
                )}
                {users.data.items.map((u) => (
                  <tr key={u.id} className={u.active ? undefined : 'row-muted'}>
                    <td className="mono">{u.username}</td>
                    <th scope="row" className="cell-name">
                      {u.fullName}
                      {u.kind === 'citizen' && (
                        <>
                          {' '}
                          <Badge>{t('staff.kindCitizen')}</Badge>
                        </>
                      )}
                    </th>
                    <td className="col-agency">{u.agency?.name ?? t('common.none')}</td>
                    <td>
                      <span className="badge-list">
                        {u.roles.map((r) => (
                          <Badge key={r} kind="info">
                            {t(`role.${r}`)}
                          </Badge>
                        ))}
                      </span>
                    </td>
                    <td>{u.active ? <Badge kind="success">{t('staff.active')}</Badge> : <Badge kind="danger">{t('staff.inactive')}</Badge>}</td>
                    <td className="col-actions">
                      <div className="row-actions">
                        <button type="button" className="btn btn-small btn-secondary" onClick={() => setDialog({ kind: 'edit', user: u })} aria-label={`${t('common.edit')}: ${u.username}`}>
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
                          disabled={pending === u.id}
                          onClick={() => setActive(u, !u.active)}
                          aria-label={`${u.active ? t('staff.deactivate') : t('staff.activate')}: ${u.username}`}
                        >
                          {u.active ? t('staff.deactivate') : t('staff.activate')}
                        </button>
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination total={users.data.total} limit={LIMIT} offset={offset} onChange={setOffset} />
        </>
      )}

      {dialog && dialog.kind !== 'reset' && (
        <Modal title={dialog.kind === 'create' ? t('staff.createTitle') : t('staff.editTitle', { username: dialog.user.username })} onClose={() => setDialog(null)} wide>
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
