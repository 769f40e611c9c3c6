/**
 * Compile-time checks of the typed client, read by `tsc -p web/tsconfig.json` and never run (nothing
 * imports this file, so it is not in the bundle). Each `@ts-expect-error` line is a mistake the typed
 * calls must refuse: if a change of client.ts let one compile, the unused directive fails `tsc`.
 */
import { DELETE, GET, POST, PUT, apiUrl, idempotency, multipart } from './client';
import { FO, deviceCall } from '../pages/frontoffice/foApi';

export function typedClientChecks(signal: AbortSignal): void {
  // The right calls compile.
  void GET('/api/v1/procedures/{code}', { params: { path: { code: '1.000' } }, signal });
  void GET('/api/v1/procedures', { params: { query: { q: 'hộ tịch', limit: 10 } } });
  void POST('/api/v1/payments', { params: { header: idempotency('k') }, body: { dossierId: 'd' } });
  void POST('/api/v1/task-files', multipart(new FormData()));
  void GET('/api/v1/auth/me', { quiet401: true });
  void apiUrl('/api/v1/plans/{id}/export.xlsx', { path: { id: 'p' } });
  void deviceCall(`${FO}/kiosk`);

  // @ts-expect-error: not a path of the description
  void GET('/api/v1/procedure/{code}', { params: { path: { code: '1.000' } } });
  // @ts-expect-error: the route has no PUT
  void PUT('/api/v1/quality/late/publish', { body: { month: '2026-01' } });
  // @ts-expect-error: the route has no DELETE
  void DELETE('/api/v1/procedures/{code}', { params: { path: { code: '1.000' } } });
  // @ts-expect-error: the path parameter is required
  void GET('/api/v1/tasks/{id}', { signal });
  // @ts-expect-error: a misspelt path parameter
  void GET('/api/v1/tasks/{id}', { params: { path: { ID: 't' } } });
  // @ts-expect-error: an unknown query parameter
  void GET('/api/v1/feedback/stats', { params: { query: { from: '2026-01-01', to: '2026-01-31', form: 'x' } } });
  // @ts-expect-error: a query parameter of the wrong type
  void GET('/api/v1/quality/late', { params: { query: { month: 7 } } });
  // @ts-expect-error: the body is required
  void POST('/api/v1/payments', {});
  // @ts-expect-error: a misspelt body property
  void POST('/api/v1/ratings/counter', { body: { dosierId: 'd' } });
  // @ts-expect-error: the header parameter's name
  void POST('/api/v1/payments', { params: { header: { 'idempotency-kye': 'k' } }, body: { dossierId: 'd' } });
  // @ts-expect-error: a download link on a path the description lacks
  void apiUrl('/api/v1/plans/{id}/export.xls', { path: { id: 'p' } });
  // @ts-expect-error: the link's path parameter is required
  void apiUrl('/api/v1/plans/{id}/export.xlsx');
  // @ts-expect-error: a paired device's path the description lacks
  void deviceCall(`${FO}/kiosc`);
}
