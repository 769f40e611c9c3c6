import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useI18n } from '../i18n';
import { errorText } from '../hooks';

/** A page heading block with an optional intro and actions on the right. */
export function PageHeader({ title, intro, actions }: { title: string; intro?: string; actions?: ReactNode }) {
  return (
    <div className="page-header">
      <div>
        <h1>{title}</h1>
        {intro && <p className="page-intro">{intro}</p>}
      </div>
      {actions && <div className="page-actions">{actions}</div>}
    </div>
  );
}

/** Success / error notices, announced to screen readers. */
export function Notice({ kind, children }: { kind: 'success' | 'error' | 'info'; children: ReactNode }) {
  return (
    <div className={`notice notice-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}

export function LoadError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  return (
    <Notice kind="error">
      {t('common.loadError', { detail: errorText(error, t) })}{' '}
      {onRetry && (
        <button type="button" className="btn btn-link" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </Notice>
  );
}

export function Loading() {
  const { t } = useI18n();
  return (
    <p className="loading" role="status">
      <span className="spinner" aria-hidden="true" /> {t('app.loading')}
    </p>
  );
}

/** Prev/next pagination with "showing a–b of n". */
/**
 * Previous/next paging. With `total` null (a list that is not counted) `hasMore` says whether a next
 * page exists, and the range and page are shown without the total.
 */
export function Pagination({
  total,
  limit,
  offset,
  onChange,
  hasMore,
  shown,
}: {
  total: number | null;
  limit: number;
  offset: number;
  onChange: (offset: number) => void;
  hasMore?: boolean;
  shown?: number;
}) {
  const { t } = useI18n();
  if (total === null) {
    const n = shown ?? limit;
    if (n <= 0 && offset <= 0) return null;
    return (
      <nav className="pagination" aria-label={t('a11y.pagination')}>
        <span className="pagination-range">{t('common.rangeOpen', { from: n > 0 ? offset + 1 : offset, to: offset + n })}</span>
        <span className="pagination-buttons">
          <button type="button" className="btn btn-secondary" disabled={offset <= 0} onClick={() => onChange(Math.max(0, offset - limit))}>
            ‹ {t('common.prev')}
          </button>
          <span className="pagination-page">{t('common.pageOpen', { page: Math.floor(offset / limit) + 1 })}</span>
          <button type="button" className="btn btn-secondary" disabled={!hasMore} onClick={() => onChange(offset + limit)}>
            {t('common.next')} ›
          </button>
        </span>
      </nav>
    );
  }
  if (total <= 0) return null;
  const page = Math.floor(offset / limit) + 1;
  const pages = Math.max(1, Math.ceil(total / limit));
  const from = offset + 1;
  const to = Math.min(total, offset + limit);
  return (
    <nav className="pagination" aria-label={t('a11y.pagination')}>
      <span className="pagination-range">{t('common.range', { from, to, total })}</span>
      <span className="pagination-buttons">
        <button type="button" className="btn btn-secondary" disabled={offset <= 0} onClick={() => onChange(Math.max(0, offset - limit))}>
          ‹ {t('common.prev')}
        </button>
        <span className="pagination-page">{t('common.page', { page, pages })}</span>
        <button type="button" className="btn btn-secondary" disabled={to >= total} onClick={() => onChange(offset + limit)}>
          {t('common.next')} ›
        </button>
      </span>
    </nav>
  );
}

/** A modal dialog on the native <dialog> (focus trap, Esc to close, inert background). Mount it only while open. */
export function Modal({ title, onClose, children, wide }: { title: string; onClose: () => void; children: ReactNode; wide?: boolean }) {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const d = ref.current;
    const opener = document.activeElement as HTMLElement | null;
    if (d && !d.open) d.showModal();
    return () => {
      opener?.focus?.();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      className={wide ? 'modal modal-wide' : 'modal'}
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <div className="modal-head">
        <h2 id={titleId}>{title}</h2>
        <button type="button" className="modal-close" onClick={onClose} aria-label={t('common.close')}>
          <span aria-hidden="true">×</span>
        </button>
      </div>
      <div className="modal-body">{children}</div>
    </dialog>
  );
}

/** A labelled form field wrapper; `hint` and `error` are tied to the control via ids the caller passes. */
export function Field({
  id,
  label,
  required,
  hint,
  error,
  className,
  children,
}: {
  id: string;
  label: string;
  required?: boolean;
  hint?: string;
  error?: string | null;
  className?: string;
  children: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <div className={['field', error && 'field-invalid', className].filter(Boolean).join(' ')}>
      <label htmlFor={id}>
        {label}
        {required && (
          <span className="req" title={t('common.required')}>
            <span aria-hidden="true"> *</span>
            <span className="visually-hidden"> ({t('common.required')})</span>
          </span>
        )}
      </label>
      {children}
      {hint && (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

/** A form's closing row: Cancel, then the submit button (disabled and "Saving…" while busy). */
export function FormActions({ onCancel, busy, submitLabel, className }: { onCancel: () => void; busy?: boolean; submitLabel?: string; className?: string }) {
  const { t } = useI18n();
  return (
    <div className={className ? `form-actions ${className}` : 'form-actions'}>
      <button type="button" className="btn btn-secondary" onClick={onCancel}>
        {t('common.cancel')}
      </button>
      <button type="submit" className="btn btn-primary" disabled={busy}>
        {busy ? t('common.saving') : (submitLabel ?? t('common.save'))}
      </button>
    </div>
  );
}

export type BadgeKind = 'neutral' | 'success' | 'danger' | 'info' | 'warning';

export function Badge({ kind = 'neutral', children }: { kind?: BadgeKind; children: ReactNode }) {
  return <span className={`badge badge-${kind}`}>{children}</span>;
}
