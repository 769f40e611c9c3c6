import { useState } from 'react';
import type { ApiOk, Item, Known } from '../../api/types';
import { useI18n } from '../../i18n';
import { useSubmit } from '../../hooks';
import { Notice } from '../../components/ui';
import { dossiersApi, type DossierView } from './dossiersApi';

/** Wire types: aliases of the types generated from the OpenAPI description (web/src/api/schema.d.ts). */
type WarehouseView = ApiOk<'/api/v1/citizens/warehouse/by-dossier/{dossierId}'>;
/** An open object in the description: its known properties only. */
type WarehouseItem = Known<Item<WarehouseView['items']>>;

/**
 * Re-use at the counter and in processing (issue 19 §3): the officer opens the applicant's data
 * warehouse (the read is logged for the citizen), picks a stored document for a component and
 * attaches it instead of asking for it again, recording the applicant's consent where it is needed.
 */
export function WarehouseReuse({ d, onAttached }: { d: DossierView; onAttached: () => void }) {
  const { t } = useI18n();
  const [items, setItems] = useState<WarehouseItem[] | null>(null);
  const { busy, run: attempt, message: msg, setMessage: setMsg } = useSubmit();
  const [target, setTarget] = useState<Record<string, string>>({});
  const [consent, setConsent] = useState(false);
  const open = async () => {
    await attempt(async () => {
      const r = await dossiersApi.warehouse(d.id);
      setItems(r.items.filter((i) => i.hasFile && i.kind !== 'profile'));
    });
  };
  const attach = async (item: WarehouseItem) => {
    const index = Number(target[item.id] ?? d.components[0]?.index ?? 0);
    await attempt(async () => {
      await dossiersApi.reuseFromWarehouse(d.id, item.id, index, consent);
      setMsg({ kind: 'success', text: t('dos.reuse.done', { title: item.title }) });
      onAttached();
    });
  };
  return (
    <section className="card" aria-labelledby="dos-reuse-title">
      <h2 id="dos-reuse-title">{t('dos.reuse.title')}</h2>
      {msg && <Notice kind={msg.kind}>{msg.text}</Notice>}
      {items === null ? (
        <>
          <p className="field-hint">{t('dos.reuse.intro')}</p>
          <button type="button" className="btn btn-secondary" disabled={busy} onClick={() => void open()}>
            {t('dos.reuse.open')}
          </button>
        </>
      ) : items.length === 0 ? (
        <p className="muted">{t('dos.reuse.empty')}</p>
      ) : (
        <>
          <label className="dos-check">
            <input type="checkbox" checked={consent} onChange={(e) => setConsent(e.target.checked)} /> {t('dos.reuse.consent')}
          </label>
          <ul className="dos-reuse-list">
            {items.map((i) => (
              <li key={i.id}>
                <span>
                  {i.title} {i.certified ? <span className="muted">· {t('dos.reuse.certified')}</span> : null}{' '}
                  {i.kind === 'result' ? <span className="muted">· {t('dos.reuse.result')}</span> : null}
                </span>
                <span className="dos-reuse-actions">
                  <label className="visually-hidden" htmlFor={`reuse-${i.id}`}>
                    {t('dos.reuse.for', { title: i.title })}
                  </label>
                  <select
                    id={`reuse-${i.id}`}
                    value={target[i.id] ?? String(d.components[0]?.index ?? '')}
                    onChange={(e) => setTarget({ ...target, [i.id]: e.target.value })}
                  >
                    {d.components.map((c) => (
                      <option key={c.index} value={c.index}>
                        {c.name}
                      </option>
                    ))}
                  </select>
                  <button type="button" className="btn btn-secondary" disabled={busy || d.components.length === 0} onClick={() => void attach(i)}>
                    {t('dos.reuse.attach')}
                  </button>
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
