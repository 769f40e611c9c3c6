import { useState, type FormHTMLAttributes, type InputHTMLAttributes, type ReactNode } from 'react';
import { useI18n } from '../i18n';
import { Field } from './ui';

/**
 * A list page's filter bar: `form.filters.card[role=search]`, its fields, then the submit button
 * ("Tìm kiếm" unless `submitLabel`) and any `actions` after it. The submit calls `onSubmit` without
 * reloading the page; other form attributes (`action`, `method`) pass through for the no-script case.
 */
export function FilterBar({
  onSubmit,
  submitLabel,
  className,
  search = true,
  actions,
  children,
  ...form
}: {
  onSubmit: () => void;
  submitLabel?: string;
  className?: string;
  /** `role="search"` on the form (a search landmark); false for other filters, e.g. a date range. */
  search?: boolean;
  actions?: ReactNode;
  children: ReactNode;
} & Omit<FormHTMLAttributes<HTMLFormElement>, 'onSubmit' | 'className' | 'role' | 'children'>) {
  const { t } = useI18n();
  return (
    <form
      className={className ? `filters card ${className}` : 'filters card'}
      role={search ? 'search' : undefined}
      {...form}
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      {children}
      <div className="filters-actions">
        <button type="submit" className="btn btn-primary">
          {submitLabel ?? t('common.search')}
        </button>
        {actions}
      </div>
    </form>
  );
}

interface FieldProps {
  id: string;
  label: string;
  /** Takes the spare width of the bar (`.field.grow`). */
  grow?: boolean;
  /** A hint under the control (`#<id>-hint`, tied by aria-describedby on inputs). */
  hint?: string;
  /** More classes on the `.field` wrapper. */
  fieldClassName?: string;
}

/** The hint's id for aria-describedby, when the field has a hint. */
const describedBy = (f: FieldProps): string | undefined => (f.hint ? `${f.id}-hint` : undefined);

const fieldClass = (grow?: boolean, extra?: string) => [grow && 'grow', extra].filter(Boolean).join(' ') || undefined;

/** A labelled field of a filter bar around any control whose id is `id`. */
export function FilterField({ id, label, grow, hint, fieldClassName, children }: FieldProps & { children: ReactNode }) {
  return (
    <Field id={id} label={label} hint={hint} className={fieldClass(grow, fieldClassName)}>
      {children}
    </Field>
  );
}

/** A text, search or date input in a filter bar; `onChange` receives the new value. */
export function FilterInput({
  id,
  label,
  grow,
  hint,
  fieldClassName,
  value,
  onChange,
  ...input
}: FieldProps & { value: string; onChange: (value: string) => void } & Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'value' | 'onChange'>) {
  const field = { id, label, grow, hint, fieldClassName };
  return (
    <FilterField {...field}>
      <input id={id} value={value} onChange={(e) => onChange(e.target.value)} aria-describedby={describedBy(field)} {...input} />
    </FilterField>
  );
}

export interface SelectOption<V extends string> {
  value: V;
  label: string;
}

/** A select in a filter bar; `options` in order (put "all" first where there is one). */
export function FilterSelect<V extends string>({
  id,
  label,
  grow,
  hint,
  fieldClassName,
  value,
  onChange,
  options,
  name,
}: FieldProps & { value: V; onChange: (value: V) => void; options: readonly SelectOption<V>[]; name?: string }) {
  const field = { id, label, grow, hint, fieldClassName };
  return (
    <FilterField {...field}>
      <select id={id} name={name} value={value} onChange={(e) => onChange(e.target.value as V)} aria-describedby={describedBy(field)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FilterField>
  );
}

type FilterValues = Record<string, string | boolean>;
/** `false` in the initial values means a boolean filter, not the literal type `false`. */
type Widened<F> = { [K in keyof F]: F[K] extends boolean ? boolean : F[K] };

const trimmed = <F extends FilterValues>(f: F): F => Object.fromEntries(Object.entries(f).map(([k, v]) => [k, typeof v === 'string' ? v.trim() : v])) as F;

/**
 * The state of a filtered, paginated list: the `draft` being typed in the filter bar, the `filter`
 * applied (strings trimmed) by `apply()` — which also goes back to the first page — and the `offset`.
 * `key` names the filter and offset, for `useLoader`.
 */
export function useListFilter<F extends FilterValues>(initial: F) {
  type S = Widened<F>;
  const [draft, setDraft] = useState<S>(initial as S);
  const [filter, setFilter] = useState<S>(initial as S);
  const [offset, setOffset] = useState(0);
  const set = <K extends keyof S>(k: K, v: S[K]) => setDraft((d) => ({ ...d, [k]: v }));
  const apply = () => {
    setFilter(trimmed(draft));
    setOffset(0);
  };
  return { draft, set, filter, apply, offset, setOffset, key: JSON.stringify([filter, offset]) };
}
