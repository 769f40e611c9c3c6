/** A bare Fastify server with one route, the baseline our /api/health is compared against. */
import Fastify from 'fastify';
const app = Fastify({ logger: false });
app.get('/api/health', async () => ({ status: 'ok', db: 'none', version: '0' }));
// A fixed body of the public lookup's shape: the baseline for lookups.
const lookup = { code: '000.00.15.H56-261123-0001', procedureName: 'Cấp Phiếu lý lịch tư pháp', receivingAgency: 'Trung tâm Phục vụ hành chính công tỉnh Thanh Hóa', applicantName: 'Nguyễn T. H. Đào', status: { code: 4, name: 'Đang xử lý' }, submittedAt: null, receivedAt: '2026-11-23T09:00:00+07:00', appointment: '2026-12-07T09:00:00+07:00', originalAppointment: '2026-12-07T09:00:00+07:00', returnedAt: null, steps: [{ at: '2026-11-23T09:00:00+07:00', name: 'Tiếp nhận hồ sơ', agency: 'Trung tâm', status: 'Được tiếp nhận' }] };
app.get('/api/v1/public/dossiers/:code', async () => lookup);
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
