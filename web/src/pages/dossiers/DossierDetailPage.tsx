import { useState, type FormEvent, type ReactNode } from 'react';
import { DossierTicketLine } from '../frontoffice/IntakeTicket';
import { ApiError, api, type User } from '../../api';
import { useI18n, type Translate } from '../../i18n';
import { errorText, useLoader, useSubmit, useTitle } from '../../hooks';
import { formatDate, todayInVietnam } from '../../format';
import { Link } from '../../router';
import { isStaff } from '../../nav';
import { Badge, Field, LoadError, Loading, Modal, Notice } from '../../components/ui';
import {
  availableDocuments,
  buildActionBody,
  CLOSED_STATUSES,
  DANGEROUS_ACTIONS,
  fieldsOf,
  formatMinute,
  formatVnd,
  leadStepNames,
  RETURN_CHANNELS,
  type ActionValues,
  type FeeRow,
  type FieldErrors,
  type FieldName,
} from './dossierRules';
import { documentUrl, dossiersApi, fileUrl, paymentTotal, type DossierView, type FeeOptions, type IdentityCheck, type TimelineEntry } from './dossiersApi';
import { actionName, Appointment, FlagBadges, known, listPathFor, Remaining, StatusBadge, statusName } from './shared';
import { SipasAfterReturnPrompt } from '../reform/SurveyPages';
import { WarehouseReuse } from './WarehouseReuse';
import { RiskCard } from '../direction/RiskCard';

type Msg = { kind: 'success' | 'error' | 'info'; text: string };

/** /ho-so/{id} — one dossier: where it is, what is due, its papers and history, and the actions this account may take. */
export function DossierDetailPage({ id, user }: { id: string; user: User }) {
  const { t } = useI18n();
  const [tick, setTick] = useState(0);
  const { data: d, error, loading } = useLoader(`${id}:${tick}`, (signal) => dossiersApi.get(id, signal));
  const proc = useLoader(`proc:${d?.procedure.code ?? ''}`, (signal) =>
    d ? dossiersApi.procedure(d.procedure.code, signal).catch(() => null) : Promise.resolve(null),
  );
  const [open, setOpen] = useState<{ type: string; name: string } | null>(null);
  const [msg, setMsg] = useState<Msg | null>(null);
  useTitle(d ? t('dos.detail.title', { code: d.code }) : t('dos.detail.loading'));

  if (error != null && !d) {
    const status = error instanceof ApiError ? error.status : 0;
    return (
      <div className="dos-page">
        <h1>{t('dos.detail.notAvailable')}</h1>
        {status === 404 || status === 400 ? (
          <Notice kind="error">{t('dos.detail.notFound')}</Notice>
        ) : (
          <LoadError error={error} onRetry={() => setTick((n) => n + 1)} />
        )}
        <Link to={listPathFor(user)} className="btn btn-secondary">
          {t('dos.detail.back')}
        </Link>
      </div>
    );
  }
  if (loading && !d) return <Loading />;
  if (!d) return null;

  const pv = proc.data;
  const dossierCase = pv && pv.version.versionId === d.procedure.versionId ? pv.content.cases.find((c) => c.key === d.procedure.caseKey) : null;
  const steps = leadStepNames(dossierCase) ?? null;
  const stepName = (i: number | null) =>
    i === null ? '' : steps?.[i] ? t('dos.detail.stepNamed', { n: i + 1, name: steps[i] }) : t('dos.detail.stepN', { n: i + 1 });
  const docs = availableDocuments(d);
  const closed = CLOSED_STATUSES.includes(d.status.code);
  const reload = () => setTick((n) => n + 1);

  return (
    <div className="dos-page dos-detail" data-testid="dossier-detail">
      <p className="dos-back">
        <Link to={listPathFor(user)}>‹ {t('dos.detail.back')}</Link>
      </p>
      <header className="dos-head card">
        <div className="dos-head-top">
          <div>
            <p className="dos-head-label">{t('dos.field.code')}</p>
            <h1 className="dos-head-code mono" data-testid="detail-code">
              {d.code}
            </h1>
            <p className="dos-head-proc">
              <span className="mono">{d.procedure.code}</span> — {d.procedure.name}
            </p>
            <p className="dos-head-proc" title={t('dos.field.lookupKeyHint')}>
              {t('dos.field.lookupKey')}:{' '}
              <span className="mono" data-testid="detail-lookup-key">
                {d.lookupKey}
              </span>
            </p>
            {user.kind === 'staff' && d.channel === 'counter' && <DossierTicketLine dossierId={d.id} />}
          </div>
          <div className="badge-list dos-head-badges">
            <StatusBadge status={d.status} />
            <FlagBadges flags={d.flags} />
          </div>
        </div>
        <dl className="dos-facts">
          <Fact label={t('dos.field.received')}>
            {d.receivedAt ? formatMinute(d.receivedAt) : d.submittedAt ? t('dos.detail.submittedOn', { at: formatMinute(d.submittedAt) }) : '—'}
          </Fact>
          <Fact label={t('dos.detail.appointmentOriginal')}>
            <Appointment iso={d.appointment.original} />
          </Fact>
          {d.appointment.current && d.appointment.current !== d.appointment.original && (
            <Fact label={t('dos.detail.appointmentCurrent')}>
              <Appointment iso={d.appointment.current} />
            </Fact>
          )}
          <Fact label={t('dos.field.remaining')}>
            <Remaining d={d} />
          </Fact>
          <Fact label={t('dos.field.channel')}>{t(`dos.channel.${d.channel}`)}</Fact>
          <Fact label={t('dos.detail.receivingAgency')}>{d.receivingAgency?.name ?? '—'}</Fact>
          {d.leadAgency && <Fact label={t('dos.detail.leadAgency')}>{d.leadAgency.name}</Fact>}
          {d.currentAgency && !closed && d.status.code !== 9 && (
            <Fact label={t('dos.detail.currentAgency')}>
              {d.currentAgency.name}
              {d.status.code === 4 && d.currentStep !== null && <span className="sub">{stepName(d.currentStep)}</span>}
            </Fact>
          )}
        </dl>
      </header>
      {/* Reform module (SIPAS): after a dossier is returned, its citizen is invited to an anonymous survey of the receiving agency; the link carries no dossier data. */}
      {d.status.code === 10 && user.roles.includes('citizen') && (
        <SipasAfterReturnPrompt agencyId={d.receivingAgency?.id} agencyName={d.receivingAgency?.name} />
      )}

      {msg && <Notice kind={msg.kind}>{msg.text}</Notice>}

      {d.allowedActions.length > 0 && (
        <section className="card dos-actions" aria-labelledby="dos-actions-title" data-testid="dossier-actions">
          <h2 id="dos-actions-title">{t('dos.detail.actions')}</h2>
          <div className="dos-action-buttons">
            {d.allowedActions.map((a) => (
              <button
                key={a.type}
                type="button"
                className={DANGEROUS_ACTIONS.includes(a.type) ? 'btn btn-secondary dos-danger' : 'btn btn-primary'}
                onClick={() => setOpen(a)}
                data-action={a.type}
              >
                {actionName(t, a.type, a.name)}
              </button>
            ))}
          </div>
        </section>
      )}

      {/* Direction module (issue 21 §2): the late-risk estimate of an open dossier, for staff. */}
      {!closed && d.status.code !== 9 && isStaff(user.roles) && <RiskCard dossierId={d.id} version={d.version} />}

      {docs.length > 0 && (
        <section className="card" aria-labelledby="dos-docs-title">
          <h2 id="dos-docs-title">{t('dos.detail.documents')}</h2>
          <ul className="dos-doc-list" data-testid="dossier-documents">
            {docs.map((k) => (
              <li key={k}>
                <a href={documentUrl(d.id, k)} target="_blank" rel="noopener" data-doc={k}>
                  {t(`dos.doc.${k}`)} <span className="muted">(PDF)</span>
                </a>
              </li>
            ))}
            {docs.includes('receipt') && (
              <li>
                {/* QĐ 766 indicator 5.4: the counter screen, anonymous to the officer (web/src/pages/quality/RatingPages.tsx). */}
                <a href={`/danh-gia-tai-quay/${d.id}`} data-testid="counter-rating">
                  {t('dos.counterRating')}
                </a>
              </li>
            )}
          </ul>
        </section>
      )}

      <div className="dos-columns">
        <div className="dos-col">
          <ApplicantCard d={d} />
          <ComponentsCard d={d} user={user} closed={closed} onUploaded={reload} />
          {!closed && user.roles.some((r) => ['one_stop_officer', 'specialist', 'unit_leader'].includes(r)) && d.applicant.kind === 'citizen' && (
            <WarehouseReuse d={d} onAttached={reload} />
          )}
          <StateCards d={d} />
        </div>
        <div className="dos-col">
          <Timeline d={d} t={t} admin={user.roles.includes('admin')} />
        </div>
      </div>

      {open && (
        <ActionDialog
          key={open.type}
          d={d}
          action={open}
          user={user}
          steps={steps}
          stepName={stepName}
          onClose={() => setOpen(null)}
          onDone={(text) => {
            setOpen(null);
            setMsg({ kind: 'success', text });
            reload();
          }}
          onConflict={(text) => {
            setOpen(null);
            setMsg({ kind: 'error', text: `${text} ${t('dos.detail.reloaded')}` });
            reload();
          }}
        />
      )}
    </div>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** Whether the applicant's personal ID was verified through VNeID or only self-declared (staff only). */
function IdVerification({ dossierId }: { dossierId: string }) {
  const { t } = useI18n();
  const { data } = useLoader(`idv:${dossierId}`, (signal) => dossiersApi.identity(dossierId, signal).catch((): IdentityCheck | null => null));
  if (!data) return null;
  if (!data.account)
    return (
      <span className="sub" data-testid="id-verification">
        {t('dos.applicant.noAccount')}
      </span>
    );
  return (
    <span className="sub" data-testid="id-verification">
      <Badge kind={data.verified ? 'success' : 'warning'}>
        {data.verified ? t(data.source === 'vneid_sandbox' ? 'dos.applicant.idVerifiedSandbox' : 'dos.applicant.idVerified') : t('dos.applicant.idUnverified')}
      </Badge>
      {data.sameId === false && <> {t('dos.applicant.otherAccount')}</>}
    </span>
  );
}

function ApplicantCard({ d }: { d: DossierView }) {
  const { t } = useI18n();
  const a = d.applicant;
  return (
    <section className="card" aria-labelledby="dos-app-title">
      <h2 id="dos-app-title">{t('dos.field.applicant')}</h2>
      <dl className="dos-dl">
        <Fact label={t(a.kind === 'citizen' ? 'dos.applicant.name' : 'dos.applicant.orgName')}>
          {a.name} <span className="muted">({t(`dos.applicantKind.${a.kind}`)})</span>
        </Fact>
        <Fact label={t(a.kind === 'citizen' ? 'dos.applicant.personalId' : 'dos.applicant.taxCode')}>
          <span className="mono">{a.idNumber}</span>
          {a.kind === 'citizen' && <IdVerification dossierId={d.id} />}
        </Fact>
        {a.phone && <Fact label={t('dos.applicant.phone')}>{a.phone}</Fact>}
        {a.email && <Fact label={t('dos.applicant.email')}>{a.email}</Fact>}
        {a.address && <Fact label={t('dos.applicant.address')}>{a.address}</Fact>}
        {d.representative && (
          <Fact label={t('dos.intake.representative')}>
            {d.representative.name} · <span className="mono">{d.representative.idNumber}</span>
            <span className="sub">
              {t('dos.intake.authorisationRef')}: {d.representative.authorisationRef}
              {d.representative.relationship ? ` · ${d.representative.relationship}` : ''}
            </span>
          </Fact>
        )}
        {d.summary && <Fact label={t('dos.intake.summary')}>{d.summary}</Fact>}
      </dl>
    </section>
  );
}

function ComponentsCard({ d, user, closed, onUploaded }: { d: DossierView; user: User; closed: boolean; onUploaded: () => void }) {
  const { t } = useI18n();
  const byComponent = (i: number | null) => d.files.filter((f) => f.componentIndex === i && f.kind === 'component');
  const others = d.files.filter((f) => f.kind !== 'component' || f.componentIndex === null);
  const processor = user.roles.some((r) => r === 'specialist' || r === 'unit_leader');
  const mayUpload = !closed && user.roles.some((r) => ['one_stop_officer', 'specialist', 'unit_leader', 'citizen'].includes(r));
  const mayScan = !closed && user.roles.some((r) => ['one_stop_officer', 'specialist', 'unit_leader'].includes(r));
  return (
    <section className="card" aria-labelledby="dos-comp-title">
      <h2 id="dos-comp-title">{t('dos.intake.components')}</h2>
      {d.components.length === 0 && <p className="muted">{t('dos.detail.noComponents')}</p>}
      <ol className="dos-comp-list">
        {d.components.map((c) => (
          <li key={c.index}>
            <span>{c.name}</span>
            <span className="sub">
              {t('dos.detail.counts', { originals: c.originals, copies: c.copies })}
              {c.digitised ? ` · ${t('dos.intake.digitised')}` : ''}
              {c.reusedFrom
                ? ` · ${t('dos.detail.reusedFrom', { source: c.reusedFrom.startsWith('warehouse:') ? t('dos.reuse.warehouse') : known(t, `dos.source.${c.reusedFrom}`, c.reusedFrom) })}`
                : ''}
            </span>
            <FileLinks d={d} files={byComponent(c.index)} />
            {mayScan && !c.digitised && !c.reusedFrom && (
              <ScanForm
                d={d}
                index={c.index}
                name={c.name}
                stored={byComponent(c.index).filter((f) => !f.digitised && f.mimeType === 'application/pdf')}
                onDone={onUploaded}
              />
            )}
          </li>
        ))}
      </ol>
      {others.length > 0 && (
        <>
          <h3>{t('dos.detail.otherFiles')}</h3>
          <FileLinks d={d} files={others} />
        </>
      )}
      {mayUpload && <UploadForm d={d} allowResult={processor && d.status.code === 4} onUploaded={onUploaded} />}
    </section>
  );
}

function FileLinks({ d, files }: { d: DossierView; files: DossierView['files'] }) {
  const { t } = useI18n();
  if (!files.length) return null;
  return (
    <ul className="dos-files">
      {files.map((f) => (
        <li key={f.id}>
          <a href={fileUrl(d.id, f.id)} download={f.fileName}>
            {f.fileName}
          </a>{' '}
          <span className="muted small">
            ({Math.max(1, Math.round(f.sizeBytes / 1024))} KB · {formatMinute(f.uploadedAt)}
            {f.kind !== 'component' ? ` · ${known(t, `dos.fileKind.${f.kind}`, f.kind)}` : ''})
          </span>
          {f.signature && (
            <span className={`dos-sig dos-sig-${f.signature.status}`} data-testid="file-signature">
              {f.signature.status === 'valid' ? '✓ ' : f.signature.status === 'problem' ? '⚠ ' : ''}
              {f.signature.verdict}
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}

/** Scan of one component at the counter: photos (a tablet's camera) or a scanner's PDF, and the officer's confirmation. */
function ScanForm({ d, index, name, stored, onDone }: { d: DossierView; index: number; name: string; stored: DossierView['files']; onDone: () => void }) {
  const { t } = useI18n();
  const [files, setFiles] = useState<File[]>([]);
  const [matches, setMatches] = useState(false);
  const { busy, run: attempt, message: msg, setMessage: setMsg } = useSubmit();
  const id = `scan-${index}`;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!files.length || busy) {
      setMsg({ kind: 'error', text: t('dos.scan.choose') });
      return;
    }
    await attempt(async () => {
      const r = await dossiersApi.scanComponent(d.id, index, files, matches);
      setMsg({ kind: 'success', text: t(r.digitised ? 'dos.scan.confirmed' : 'dos.scan.stored') });
      setFiles([]);
      onDone();
    });
  };
  const confirm = async (fileId: string) => {
    if (busy) return;
    await attempt(async () => {
      await dossiersApi.confirmScan(d.id, index, fileId);
      onDone();
    });
  };
  return (
    <form className="dos-scan-form" onSubmit={submit} aria-label={t('dos.scan.title', { name })}>
      {msg && <Notice kind={msg.kind}>{msg.text}</Notice>}
      {stored.map((f) => (
        <p key={f.id} className="dos-scan-stored">
          <button type="button" className="btn btn-secondary" disabled={busy} onClick={() => void confirm(f.id)}>
            {t('dos.scan.confirmStored', { file: f.fileName })}
          </button>
        </p>
      ))}
      <div className="field">
        <label htmlFor={id}>{t('dos.scan.pages')}</label>
        <input id={id} type="file" multiple accept="image/*,application/pdf" capture="environment" onChange={(e) => setFiles([...(e.target.files ?? [])])} />
      </div>
      <label className="dos-check">
        <input type="checkbox" checked={matches} onChange={(e) => setMatches(e.target.checked)} /> {t('dos.scan.matches')}
      </label>
      <button type="submit" className="btn btn-secondary" disabled={busy}>
        {t('dos.scan.submit')}
      </button>
    </form>
  );
}

function UploadForm({ d, allowResult, onUploaded }: { d: DossierView; allowResult: boolean; onUploaded: () => void }) {
  const { t } = useI18n();
  const [target, setTarget] = useState(d.components.length ? `c:${d.components[0].index}` : 'other');
  const [file, setFile] = useState<File | null>(null);
  const { busy, run: attempt, message: msg, setMessage: setMsg } = useSubmit();
  const [inputKey, setInputKey] = useState(0);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!file || busy) {
      setMsg({ kind: 'error', text: t('dos.upload.choose') });
      return;
    }
    await attempt(async () => {
      const opts = target.startsWith('c:')
        ? { componentIndex: Number(target.slice(2)), kind: 'component' as const }
        : { kind: target as 'result' | 'supplement' | 'other' };
      await dossiersApi.upload(d.id, file, opts);
      setMsg({ kind: 'success', text: t('dos.upload.done') });
      setFile(null);
      setInputKey((n) => n + 1);
      onUploaded();
    });
  };
  return (
    <form className="dos-upload-form" onSubmit={submit}>
      <h3>{t('dos.upload.title')}</h3>
      {msg && <Notice kind={msg.kind}>{msg.text}</Notice>}
      <div className="dos-upload-row">
        <div className="field">
          <label htmlFor="up-target">{t('dos.upload.for')}</label>
          <select id="up-target" value={target} onChange={(e) => setTarget(e.target.value)}>
            {d.components.map((c) => (
              <option key={c.index} value={`c:${c.index}`}>
                {c.name}
              </option>
            ))}
            <option value="supplement">{t('dos.fileKind.supplement')}</option>
            {allowResult && <option value="result">{t('dos.fileKind.result')}</option>}
            <option value="other">{t('dos.fileKind.other')}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="up-file">{t('dos.upload.file')}</label>
          <input key={inputKey} id="up-file" type="file" accept=".pdf,.jpg,.jpeg,.png,.docx,.xlsx" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </div>
        <button type="submit" className="btn btn-secondary" disabled={busy}>
          {t('dos.upload.submit')}
        </button>
      </div>
      <p className="field-hint">{t('dos.upload.hint')}</p>
    </form>
  );
}

/** Supplements, payments, apology, result, return, closure — shown only when they exist. */
function StateCards({ d }: { d: DossierView }) {
  const { t } = useI18n();
  const rows: ReactNode[] = [];
  d.supplements.forEach((s, i) => {
    rows.push(
      <Fact key={`s${i}`} label={t(s.phase === 'pre_receipt' ? 'dos.detail.supplementPre' : 'dos.detail.supplement')}>
        {formatMinute(s.requestedAt)} — {s.reason}
        <ul className="dos-items">
          {s.items.map((it) => (
            <li key={it}>{it}</li>
          ))}
        </ul>
        {s.deadline && <span className="sub">{t('dos.detail.supplementDeadline', { at: formatMinute(s.deadline) })}</span>}
        <span className="sub">{s.receivedAt ? t('dos.detail.supplementReceived', { at: formatMinute(s.receivedAt) }) : t('dos.detail.supplementWaiting')}</span>
      </Fact>,
    );
  });
  d.payments.forEach((p, i) => {
    const total = paymentTotal(p.items);
    rows.push(
      <Fact key={`p${i}`} label={t('dos.detail.payment')}>
        {p.items
          .map((x) => `${x.name}: ${formatVnd(x.amount)} đ${x.reductionPercent ? ` − ${x.reductionPercent}% = ${formatVnd(x.due ?? x.amount)} đ` : ''}`)
          .join('; ')}{' '}
        — <strong data-testid="payment-total">{t('dos.detail.total', { amount: formatVnd(total) })}</strong>
        <span className="sub">
          {p.paidAt ? t('dos.detail.paidAt', { at: formatMinute(p.paidAt) }) + (p.paidOnline ? ` (${t('dos.detail.online')})` : '') : t('dos.detail.unpaid')}
        </span>
      </Fact>,
    );
  });
  if (d.apology)
    rows.push(
      <Fact key="apology" label={t('dos.detail.apology')}>
        {formatMinute(d.apology.at)} — {d.apology.reason}
        <span className="sub">
          {t('dos.detail.apologyMoved', { from: formatMinute(d.apology.previousAppointment), to: formatMinute(d.apology.newAppointment) })}
        </span>
      </Fact>,
    );
  if (d.result)
    rows.push(
      <Fact key="result" label={t('dos.detail.result')}>
        {t('dos.detail.resultText', { number: d.result.decisionNumber, signer: d.result.signer, date: formatDate(d.result.signedOn) })}
      </Fact>,
    );
  if (d.returnInfo)
    rows.push(
      <Fact key="return" label={t('dos.detail.returned')}>
        {formatMinute(d.returnInfo.at)} — {t(`dos.returnChannel.${d.returnInfo.channel}`)} — {d.returnInfo.receivedBy}
        {d.returnInfo.trackingNumber && (
          <span className="sub">
            {t('dos.form.trackingNumber')}: {d.returnInfo.trackingNumber}
          </span>
        )}
      </Fact>,
    );
  if (d.closure)
    rows.push(
      <Fact key="closure" label={t(d.closure.document ? 'dos.closure.refusedAfterAppraisal' : `dos.closure.${d.closure.kind}`)}>
        {formatMinute(d.closure.at)} — {d.closure.reason}
        {d.closure.reference && <span className="sub">{d.closure.reference}</span>}
        {d.closure.document && (
          <span className="sub" data-testid="written-refusal">
            {t('dos.detail.writtenRefusal', { number: d.closure.document.number })}{' '}
            <a href={documentUrl(d.id, 'appraisal-refusal')} target="_blank" rel="noopener">
              {t('dos.doc.appraisal-refusal')} (PDF)
            </a>
          </span>
        )}
      </Fact>,
    );
  if (!rows.length) return null;
  return (
    <section className="card" aria-labelledby="dos-state-title">
      <h2 id="dos-state-title">{t('dos.detail.progress')}</h2>
      <dl className="dos-dl">{rows}</dl>
    </section>
  );
}

const PAYLOAD_KEYS = [
  'reason',
  'items',
  'task',
  'note',
  'decisionNumber',
  'signer',
  'signedOn',
  'receivedBy',
  'trackingNumber',
  'reference',
  'newAppointment',
  'deadline',
  'appointment',
] as const;

/** The notable facts of one action's payload, as short lines. */
export function payloadLines(t: Translate, p: Record<string, unknown> | null): string[] {
  if (!p) return [];
  const out: string[] = [];
  for (const k of PAYLOAD_KEYS) {
    const v = p[k];
    if (v === undefined || v === null || v === '') continue;
    let text: string;
    if (Array.isArray(v))
      text = v
        .map((x) =>
          typeof x === 'object' && x ? `${(x as { name?: string }).name ?? ''}: ${formatVnd(Number((x as { amount?: number }).amount ?? 0))} đ` : String(x),
        )
        .join('; ');
    else if (k === 'newAppointment' || k === 'deadline' || k === 'appointment') text = formatMinute(String(v));
    else if (k === 'signedOn') text = formatDate(String(v));
    else text = String(v);
    if (text) out.push(`${t(`dos.payload.${k}`)}: ${text}`);
  }
  return out;
}

function Timeline({ d, t, admin }: { d: DossierView; t: Translate; admin: boolean }) {
  return (
    <section className="card" aria-labelledby="dos-tl-title">
      <h2 id="dos-tl-title">{t('dos.detail.timeline')}</h2>
      {d.timeline.length === 0 && <p className="muted">{t('dos.detail.noTimeline')}</p>}
      <ol className="dos-timeline" data-testid="dossier-timeline">
        {d.timeline.map((e: TimelineEntry) => (
          <li key={e.seq} className="dos-tl-item">
            <div className="dos-tl-when">{formatMinute(e.at)}</div>
            <div className="dos-tl-what">
              <strong>{actionName(t, e.type, e.name)}</strong>
              <span className="sub">
                {[e.actorName ? (e.actorTitle ? `${e.actorName} (${e.actorTitle})` : e.actorName) : null, e.agency].filter(Boolean).join(' · ')}
                {e.toStatus !== null && e.toStatus !== e.fromStatus ? ` → ${statusName(t, e.toStatus, String(e.toStatus))}` : ''}
              </span>
              {payloadLines(t, e.payload).map((l) => (
                <span key={l} className="dos-tl-note">
                  {l}
                </span>
              ))}
              {e.law && <span className="dos-tl-note muted">{t('dos.detail.law', { law: e.law })}</span>}
              {admin && (
                <details className="dos-tl-tech">
                  <summary>{t('dos.detail.technical')}</summary>
                  <pre>{JSON.stringify({ seq: e.seq, type: e.type, username: e.actor, payload: e.payload }, null, 2)}</pre>
                </details>
              )}
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}

function ActionDialog({
  d,
  action,
  user,
  steps,
  stepName,
  onClose,
  onDone,
  onConflict,
}: {
  d: DossierView;
  action: { type: string; name: string };
  user: User;
  steps: string[] | null;
  stepName: (i: number | null) => string;
  onClose: () => void;
  onDone: (text: string) => void;
  onConflict: (text: string) => void;
}) {
  const { t } = useI18n();
  const specs = fieldsOf(action.type) ?? [];
  const has = (n: FieldName) => specs.some((s) => s.name === n);
  const req = (n: FieldName) => specs.some((s) => s.name === n && s.required);
  const [v, setV] = useState<ActionValues>(() => ({
    signedOn: todayInVietnam(),
    // "Trả kết quả" defaults to the way the applicant chose to receive the result.
    channel: action.type === 'return_result' ? (d.resultChannel ?? 'counter') : undefined,
    receivedBy: action.type === 'return_result' ? d.applicant.name : undefined,
    toStep: action.type === 'send_back' && d.currentStep ? String(d.currentStep - 1) : undefined,
    fees: d.fees && d.fees.suggested.length ? feeRowsOf(d.fees, d.fees.suggested) : [{ name: '', amount: '' }],
  }));
  const [errors, setErrors] = useState<FieldErrors>({});
  // One intent per dialog: its Idempotency-Key is kept across retries until the dialog closes.
  const acting = useSubmit();
  const { busy, error: failure } = acting;
  const needAgencies = has('toAgencyId');
  const agencies = useLoader(`agencies:${needAgencies}`, (signal) => (needAgencies ? dossiersApi.agencies(signal) : Promise.resolve(null)));
  const needUsers = has('officerId') && user.roles.includes('unit_leader') && !!user.agency;
  const users = useLoader(`users:${needUsers}`, (signal) =>
    needUsers ? api.users({ agencyId: user.agency!.id, kind: 'staff', limit: 200 }, signal) : Promise.resolve(null),
  );
  const set = (patch: Partial<ActionValues>) => setV((x) => ({ ...x, ...patch }));
  const err = (n: FieldName) => (errors[n] ? t(errors[n]!) : null);
  const name = actionName(t, action.type, action.name);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const built = buildActionBody(action.type, d.version, v);
    if (!built.ok) {
      setErrors(built.errors);
      return;
    }
    setErrors({});
    const r = await acting.run(
      (key) => dossiersApi.act(d.id, built.body, key),
      (ex) => {
        if (!(ex instanceof ApiError && ex.status === 409)) return false;
        onConflict(errorText(ex, t));
        return true;
      },
    );
    if (r.ok) onDone(t('dos.detail.done', { action: name }));
  };

  const text = (n: FieldName, label: string, opts: { area?: boolean; hint?: string; type?: string } = {}) => (
    <Field id={`act-${n}`} label={label} required={req(n)} hint={opts.hint} error={err(n)}>
      {opts.area ? (
        <textarea
          id={`act-${n}`}
          rows={n === 'items' ? 4 : 3}
          value={String(v[n as keyof ActionValues] ?? '')}
          onChange={(e) => set({ [n]: e.target.value } as Partial<ActionValues>)}
        />
      ) : (
        <input
          id={`act-${n}`}
          type={opts.type ?? 'text'}
          value={String(v[n as keyof ActionValues] ?? '')}
          onChange={(e) => set({ [n]: e.target.value } as Partial<ActionValues>)}
        />
      )}
    </Field>
  );
  const resultFiles = d.files.filter((f) => f.kind === 'result');
  const agencyOptions = (agencies.data?.items ?? []).filter(
    (a) =>
      !a.validTo &&
      a.id !== d.currentAgency?.id &&
      ['department', 'district_people_committee', 'commune_people_committee', 'police', 'provincial_people_committee', 'other'].includes(a.kind),
  );

  return (
    <Modal title={name} onClose={onClose} wide={has('fees') || has('items')}>
      <form onSubmit={submit} noValidate className="dos-action-form" data-testid="action-form">
        <p className="muted small">
          {d.code} · {d.procedure.name}
        </p>
        {known(t, `dos.actionHint.${action.type}`, '') && <p className="field-hint">{known(t, `dos.actionHint.${action.type}`, '')}</p>}
        {failure && <Notice kind="error">{failure}</Notice>}
        {errors.form && <Notice kind="error">{t(errors.form)}</Notice>}
        {has('toAgencyId') && (
          <Field
            id="act-toAgencyId"
            label={t(action.type === 'transfer' ? 'dos.form.partnerAgency' : 'dos.form.toAgency')}
            required={req('toAgencyId')}
            hint={action.type === 'forward' ? t('dos.form.toAgencyHint') : undefined}
            error={err('toAgencyId')}
          >
            <select id="act-toAgencyId" value={v.toAgencyId ?? ''} onChange={(e) => set({ toAgencyId: e.target.value })}>
              <option value="">
                {action.type === 'forward'
                  ? d.forwardTo
                    ? t('dos.form.competentDefaultNamed', { agency: d.forwardTo.name })
                    : t('dos.form.competentDefault')
                  : t('dos.form.choose')}
              </option>
              {agencyOptions.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          </Field>
        )}
        {has('officerId') && (
          <Field id="act-officerId" label={t('dos.form.officer')} error={err('officerId')}>
            {users.data ? (
              <select id="act-officerId" value={v.officerId ?? ''} onChange={(e) => set({ officerId: e.target.value })}>
                <option value="">{t('dos.form.choose')}</option>
                {users.data.items
                  .filter((u) => u.active && u.roles.some((r) => r === 'specialist' || r === 'unit_leader'))
                  .map((u) => (
                    <option key={u.id} value={u.id}>
                      {u.fullName} ({u.username})
                    </option>
                  ))}
              </select>
            ) : (
              <input id="act-officerId" value={v.officerId ?? ''} onChange={(e) => set({ officerId: e.target.value })} placeholder="UUID" />
            )}
          </Field>
        )}
        {has('departmentId') && text('departmentId', t('dos.form.department'))}
        {has('toStep') && (
          <Field id="act-toStep" label={t('dos.form.toStep')} required error={err('toStep')}>
            <select id="act-toStep" value={v.toStep ?? ''} onChange={(e) => set({ toStep: e.target.value })}>
              {Array.from({ length: d.currentStep ?? 0 }, (_, i) => (
                <option key={i} value={i}>
                  {stepName(i)}
                </option>
              ))}
            </select>
          </Field>
        )}
        {has('task') && text('task', t('dos.form.task'), { area: true })}
        {has('budgetDays') && text('budgetDays', t('dos.form.budgetDays'), { type: 'number', hint: t('dos.form.budgetDaysHint') })}
        {has('reason') && text('reason', t('dos.form.reason'), { area: true })}
        {has('items') && text('items', t('dos.form.items'), { area: true, hint: t('dos.form.itemsHint') })}
        {has('deadline') && text('deadline', t('dos.form.deadline'), { type: 'datetime-local', hint: t('dos.form.deadlineHint') })}
        {has('fees') && <FeeRows rows={v.fees ?? []} catalogue={d.fees ?? null} onChange={(fees) => set({ fees })} error={err('fees')} />}
        {has('paidOnline') && (
          <label className="dos-check">
            <input type="checkbox" checked={v.paidOnline === true} onChange={(e) => set({ paidOnline: e.target.checked })} /> {t('dos.form.paidOnline')}
          </label>
        )}
        {has('decisionNumber') && text('decisionNumber', t('dos.form.decisionNumber'))}
        {has('signer') && text('signer', t('dos.form.signer'))}
        {has('signedOn') && text('signedOn', t('dos.form.signedOn'), { type: 'date' })}
        {has('fileId') && resultFiles.length > 0 && (
          <Field id="act-fileId" label={t('dos.form.resultFile')}>
            <select id="act-fileId" value={v.fileId ?? ''} onChange={(e) => set({ fileId: e.target.value })}>
              <option value="">{t('dos.form.noFile')}</option>
              {resultFiles.map((f) => (
                <option key={f.id} value={f.id}>
                  {f.fileName}
                  {f.signature?.status === 'valid' ? ` (${t('dos.form.fileSigned')})` : ''}
                </option>
              ))}
            </select>
          </Field>
        )}
        {action.type === 'result_ready' && (
          <p className="field-hint" data-testid="sign-hint">
            {t('dos.form.resultSignHint')}
          </p>
        )}
        {has('channel') && (
          <fieldset className="dos-inline-radios">
            <legend>{t('dos.form.returnChannel')}</legend>
            {RETURN_CHANNELS.map((c) => (
              <label key={c} className="dos-radio">
                <input type="radio" name="ret-channel" checked={v.channel === c} onChange={() => set({ channel: c })} /> {t(`dos.returnChannel.${c}`)}
              </label>
            ))}
          </fieldset>
        )}
        {has('receivedBy') && text('receivedBy', t(v.channel === 'counter' ? 'dos.form.receivedBy' : 'dos.form.receivedAt'))}
        {has('trackingNumber') && v.channel === 'post' && text('trackingNumber', t('dos.form.trackingNumber'))}
        {has('newAppointment') && text('newAppointment', t('dos.form.newAppointment'), { type: 'datetime-local', hint: t('dos.form.newAppointmentHint') })}
        {has('reference') && text('reference', t('dos.form.reference'))}
        {has('note') && text('note', action.type === 'next_step' ? t('dos.form.opinion') : t('dos.form.note'), { area: true })}
        {specs.length === 0 && <p>{t('dos.form.confirm', { action: name })}</p>}
        {steps && action.type === 'next_step' && d.currentStep !== null && steps[d.currentStep + 1] && (
          <p className="muted">{t('dos.form.nextStepIs', { step: steps[d.currentStep + 1] })}</p>
        )}
        <div className="form-actions">
          <button type="button" className="btn btn-secondary" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button
            type="submit"
            className={DANGEROUS_ACTIONS.includes(action.type) ? 'btn btn-danger' : 'btn btn-primary'}
            disabled={busy}
            data-testid="action-submit"
          >
            {busy ? t('common.saving') : name}
          </button>
        </div>
      </form>
    </Modal>
  );
}

const feeRowsOf = (c: FeeOptions, sel: readonly number[]): FeeRow[] =>
  [...sel].sort((a, b) => a - b).map((i) => ({ name: c.lines[i].name, amount: c.lines[i].amountVnd === null ? '' : formatVnd(c.lines[i].amountVnd!) }));

function FeeRows({
  rows,
  catalogue,
  onChange,
  error,
}: {
  rows: FeeRow[];
  catalogue: FeeOptions | null;
  onChange: (rows: FeeRow[]) => void;
  error: string | null;
}) {
  const { t } = useI18n();
  const [sel, setSel] = useState<number[]>(catalogue?.suggested ?? []);
  const setRow = (i: number, patch: Partial<FeeRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const choose = (next: number[]) => {
    setSel(next);
    onChange(next.length ? feeRowsOf(catalogue!, next) : [{ name: '', amount: '' }]);
  };
  const groups = catalogue ? [...new Set(catalogue.lines.map((l) => l.alternativeGroup).filter((g): g is string => !!g))] : [];
  const lineLabel = (l: FeeOptions['lines'][number]) =>
    `${l.name} — ${l.amountVnd === null ? t('dos.fee.unknownAmount') : `${formatVnd(l.amountVnd)} đ`}${l.appliesTo?.length ? ` (${l.appliesTo.map((g) => t(`dos.fee.group.${g}` as 'dos.fee.group.student')).join(', ')})` : ''}${l.onRequest ? ` — ${t('dos.fee.onRequest')}` : ''}`;
  // What the applicant will pay for the rows as they stand (online reduction of the catalogue line applied).
  const reductionOf = (name: string) => catalogue?.lines.find((l) => l.name === name)?.reductionPercent ?? 0;
  const amounts = rows.map((r) => Number(r.amount.replace(/[.\s]/g, '')));
  const total = rows.every((r, i) => !r.name.trim() || Number.isInteger(amounts[i]))
    ? rows.reduce((n, r, i) => (r.name.trim() && amounts[i] > 0 ? n + amounts[i] - Math.ceil((amounts[i] * reductionOf(r.name.trim())) / 100) : n), 0)
    : null;
  return (
    <fieldset className={error ? 'dos-fees field-invalid' : 'dos-fees'}>
      <legend>{t('dos.form.fees')}</legend>
      <p className="field-hint">{catalogue ? t('dos.fee.hint') : t('dos.form.feesHint')}</p>
      {catalogue &&
        groups.map((g) => (
          <fieldset key={g} className="dos-fee-choice" data-testid={`fee-group-${g}`}>
            <legend>{t('dos.fee.alternatives')}</legend>
            {catalogue.lines.map((l, i) =>
              l.alternativeGroup !== g ? null : (
                <label key={i} className="choice">
                  <input
                    type="radio"
                    name={`fee-${g}`}
                    checked={sel.includes(i)}
                    onChange={() => choose([...sel.filter((j) => catalogue.lines[j].alternativeGroup !== g), i])}
                  />{' '}
                  {lineLabel(l)}
                </label>
              ),
            )}
          </fieldset>
        ))}
      {catalogue && catalogue.lines.some((l) => !l.alternativeGroup) && (
        <div className="dos-fee-choice">
          {catalogue.lines.map((l, i) =>
            l.alternativeGroup ? null : (
              <label key={i} className="choice">
                <input type="checkbox" checked={sel.includes(i)} onChange={(e) => choose(e.target.checked ? [...sel, i] : sel.filter((j) => j !== i))} />{' '}
                {lineLabel(l)}
              </label>
            ),
          )}
        </div>
      )}
      {rows.map((r, i) => (
        <div key={i} className="dos-fee-row">
          <label>
            <span className="visually-hidden">{t('dos.form.feeName')}</span>
            <input value={r.name} placeholder={t('dos.form.feeName')} onChange={(e) => setRow(i, { name: e.target.value })} />
          </label>
          <label>
            <span className="visually-hidden">{t('dos.form.feeAmount')}</span>
            <input value={r.amount} inputMode="numeric" placeholder={t('dos.form.feeAmount')} onChange={(e) => setRow(i, { amount: e.target.value })} />
          </label>
        </div>
      ))}
      <button type="button" className="btn btn-link" onClick={() => onChange([...rows, { name: '', amount: '' }])}>
        + {t('dos.form.addFee')}
      </button>
      {total !== null && total > 0 && (
        <p data-testid="fee-dialog-total">
          <strong>{t('dos.fee.total', { amount: formatVnd(total) })}</strong>
        </p>
      )}
      {error && <p className="field-error">{error}</p>}
    </fieldset>
  );
}
