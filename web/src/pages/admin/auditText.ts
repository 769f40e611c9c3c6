import { vi } from '../../i18n/vi';
import type { MessageKey, Translate } from '../../i18n';

/**
 * Audit action codes in words ("dossier.receive" → "Hồ sơ: Tiếp nhận hồ sơ", "user.create" → "Tạo
 * người dùng"). The code itself stays in the row's technical detail.
 */
const has = (k: string): k is MessageKey => k in vi;

export function auditActionText(t: Translate, action: string): string {
  const direct = `audit.act.${action}`;
  if (has(direct)) return t(direct);
  const parts = action.split('.');
  const entity = parts[0];
  const verb = parts[parts.length - 1];
  if (entity === 'dossier' && has(`dos.action.${verb}`)) return `${t('audit.ent.dossier')}: ${t(`dos.action.${verb}` as MessageKey)}`;
  const v = has(`audit.verb.${verb}`) ? t(`audit.verb.${verb}` as MessageKey) : null;
  const e = auditEntityText(t, parts.length > 2 ? parts.slice(0, -1).join('_') : entity);
  return v ? `${v} — ${e}` : action;
}

export function auditEntityText(t: Translate, entity: string): string {
  const k = `audit.ent.${entity}`;
  if (has(k)) return t(k);
  const first = entity.split(/[._]/)[0];
  return has(`audit.ent.${first}`) ? t(`audit.ent.${first}` as MessageKey) : entity;
}
