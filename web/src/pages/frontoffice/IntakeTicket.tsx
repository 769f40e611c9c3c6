import { useCallback, useEffect, useState } from 'react';
import { errorText } from '../../hooks';
import { useI18n } from '../../i18n';
import { Notice } from '../../components/ui';
import { useLocation } from '../../router';
import { foApi, type DossierTicket } from './foApi';
import { foText } from './texts';

/** The query of the reception form opened from the counter screen: ?so-thu-tu=<ticket id>&so=<number>. */
export const intakeFromTicketHref = (intakePath: string, ticket: { id: string; number: number }) => `${intakePath}?so-thu-tu=${ticket.id}&so=${ticket.number}`;

/**
 * The queue ticket the reception form was opened for (from the counter screen), and the link made
 * once the dossier is received: the dossier is created first, then linked to the ticket; when the
 * link fails the officer sees why (and can still give the dossier code when finishing the ticket).
 */
export function useIntakeTicket() {
  const { lang, t } = useI18n();
  const { search } = useLocation();
  const ticketId = search.get('so-thu-tu');
  const number = search.get('so');
  const [linked, setLinked] = useState<{ ok: boolean; text: string } | null>(null);
  const link = useCallback(
    async (dossierId: string) => {
      if (!ticketId) return;
      try {
        await foApi.linkDossier(ticketId, dossierId);
        setLinked({ ok: true, text: foText(lang, 'intakeLinked', { n: number ?? '' }) });
      } catch (e) {
        setLinked({ ok: false, text: foText(lang, 'intakeLinkFailed', { n: number ?? '', e: errorText(e, t) }) });
      }
    },
    [ticketId, number, lang, t],
  );
  const banner = ticketId ? (
    linked ? (
      <Notice kind={linked.ok ? 'success' : 'error'}>
        <span data-testid="intake-ticket-linked">{linked.text}</span>
      </Notice>
    ) : (
      <Notice kind="info">
        <span data-testid="intake-ticket">{foText(lang, 'intakeFromTicket', { n: number ?? '' })}</span>
      </Notice>
    )
  ) : null;
  return { ticketId, link, banner };
}

/** On a dossier received at a counter: the queue ticket it was received from (nothing when none or not visible). */
export function DossierTicketLine({ dossierId }: { dossierId: string }) {
  const { lang } = useI18n();
  const [ticket, setTicket] = useState<DossierTicket | null>(null);
  useEffect(() => {
    let live = true;
    foApi
      .dossierTicket(dossierId)
      .then((r) => live && setTicket(r.ticket))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [dossierId]);
  if (!ticket) return null;
  return (
    <p className="dos-head-proc" data-testid="dossier-ticket">
      {foText(lang, 'ticketOfDossier', {
        n: ticket.number,
        area: ticket.areaCode,
        c: ticket.counterNumber ?? '–',
        officer: ticket.officerName ?? '',
        booked: ticket.booked ? foText(lang, 'ticketBooked') : '',
      })}
    </p>
  );
}
