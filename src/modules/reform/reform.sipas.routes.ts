import { Type } from 'typebox';
import type { App } from '../../platform/http/server.js';
import { SipasQuestionnaire, SipasQuestionnaireList } from './reform.schemas.js';
import { contextOf } from '../../platform/http/server.js';
import type { Database } from '../../platform/db/database.js';
import { getAgency } from '../org/org.public.js';
import { notFound } from '../../platform/errors.js';
import { questionsForSector } from './reform.rules.js';
import { SIPAS_SECTORS } from './reform.sipas.js';
import { sipasPosterPdf, surveyUrl } from './reform.poster.js';
import type { ReformService } from './reform.service.js';
import { fileResponse, MIME } from '../../platform/http/openapi.js';

const Year = Type.Integer({ minimum: 2000, maximum: 2100 });
const Key = Type.String({ minLength: 1, maxLength: 40 });
const Sector = Type.String({ enum: SIPAS_SECTORS.map((s) => s.key) });
const Body = {
  title: Type.String({ minLength: 1, maxLength: 500 }),
  source: Type.Optional(Type.Union([Type.String({ maxLength: 4000 }), Type.Null()])),
  elements: Type.Array(Type.Object({ key: Key, name: Type.String({ minLength: 1, maxLength: 300 }) }, { additionalProperties: false }), {
    minItems: 1,
    maxItems: 20,
  }),
  questions: Type.Array(
    Type.Object(
      {
        key: Key,
        element: Key,
        text: Type.String({ minLength: 1, maxLength: 1000 }),
        sectors: Type.Union([Type.Array(Sector, { maxItems: 3 }), Type.Null()]),
      },
      { additionalProperties: false },
    ),
    { minItems: 1, maxItems: 100 },
  ),
};
const Create = Type.Object(
  {
    year: Year,
    copyFrom: Type.Optional(Type.String({ format: 'uuid' })),
    title: Type.Optional(Body.title),
    source: Body.source,
    elements: Type.Optional(Body.elements),
    questions: Type.Optional(Body.questions),
  },
  { additionalProperties: false },
);
const Update = Type.Object({ ...Body, rowVersion: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });
const Id = Type.Object({ id: Type.String({ format: 'uuid' }) });
const BUILDERS = ['home_affairs', 'admin'] as const;
const READERS = ['home_affairs', 'admin', 'provincial_office'] as const;

/** The SIPAS questionnaire builder (Sở Nội vụ) and the printable QR poster of a one-stop counter. */
export function registerReformSipasRoutes(app: App, svc: ReformService, d: { database: Database; publicBaseUrl: string; demo: boolean }): void {
  app.get(
    '/api/v1/reform/sipas/questionnaires',
    {
      config: { access: [...READERS] },
      schema: {
        response: { 200: SipasQuestionnaireList },
        tags: ['reform'],
        summary:
          'Các phiên bản phiếu khảo sát SIPAS (theo năm), số phiếu trả lời, có sửa được không (editable) và vì sao (locked: default | retired | responses)',
      },
    },
    async () => svc.listQuestionnaires(),
  );

  app.get(
    '/api/v1/reform/sipas/questionnaires/:id',
    {
      config: { access: [...READERS] },
      schema: { response: { 200: SipasQuestionnaire }, tags: ['reform'], summary: 'Một phiên bản phiếu khảo sát SIPAS', params: Id },
    },
    async (req) => svc.getQuestionnaire(req.params.id),
  );

  app.post(
    '/api/v1/reform/sipas/questionnaires',
    {
      config: { access: [...BUILDERS] },
      schema: {
        response: { 201: SipasQuestionnaire },
        tags: ['reform'],
        summary: 'Tạo phiên bản phiếu khảo sát mới cho một năm (soạn thảo), từ đầu hoặc sao từ một phiên bản có sẵn (copyFrom)',
        body: Create,
      },
    },
    async (req, reply) =>
      reply.status(201).send(await svc.createQuestionnaire(contextOf(req), req.body as Parameters<ReformService['createQuestionnaire']>[1])),
  );

  app.put(
    '/api/v1/reform/sipas/questionnaires/:id',
    {
      config: { access: [...BUILDERS] },
      schema: {
        response: { 200: SipasQuestionnaire },
        tags: ['reform'],
        summary:
          'Sửa phiếu khảo sát (khi đang soạn, hoặc đã áp dụng nhưng chưa có phiếu trả lời; 409 questionnaire_in_use khi đã có hoặc đã thôi áp dụng; phiếu mặc định 2640 không bao giờ sửa: 409 questionnaire_default, hãy sao thành phiên bản mới)',
        params: Id,
        body: Update,
      },
    },
    async (req) => svc.updateQuestionnaire(contextOf(req), req.params.id, req.body as Parameters<ReformService['updateQuestionnaire']>[2]),
  );

  app.post(
    '/api/v1/reform/sipas/questionnaires/:id/publish',
    {
      config: { access: [...BUILDERS] },
      schema: {
        response: { 200: SipasQuestionnaire },
        tags: ['reform'],
        summary: 'Áp dụng phiên bản phiếu cho năm của nó (phiên bản đang áp dụng của năm đó thôi áp dụng)',
        params: Id,
      },
    },
    async (req) => svc.publishQuestionnaire(contextOf(req), req.params.id),
  );

  app.get(
    '/api/v1/reform/sipas/poster/:agencyId',
    {
      config: { access: ['home_affairs', 'admin', 'provincial_office', 'one_stop_officer', 'specialist', 'unit_leader'] },
      schema: {
        response: { 200: fileResponse(MIME.pdf, 'Tờ khảo sát có mã QR (PDF)') },
        tags: ['reform'],
        summary: 'Áp phích khảo sát (PDF, A4) đặt tại bộ phận một cửa: mã QR tới trang khảo sát ẩn danh của cơ quan, kênh qr_counter',
        params: Type.Object({ agencyId: Type.String({ format: 'uuid' }) }),
        querystring: Type.Object({ sector: Type.Optional(Sector) }),
      },
    },
    async (req, reply) => {
      const agency = await getAgency(d.database.db, req.params.agencyId);
      if (!agency) throw notFound('cơ quan');
      const parent = agency.parentId ? await getAgency(d.database.db, agency.parentId) : null;
      const sector = req.query.sector ?? 'administrative';
      const q = await svc.questionnaire();
      const url = surveyUrl(d.publicBaseUrl, agency.id, sector, 'qr_counter');
      const pdf = await sipasPosterPdf({
        agencyName: agency.name,
        parentName: parent?.name ?? null,
        sectorName: SIPAS_SECTORS.find((s) => s.key === sector)!.name,
        url,
        questions: questionsForSector(q.questions, sector).length,
        questionnaireTitle: q.title,
        demo: d.demo,
      });
      return reply.type('application/pdf').header('content-disposition', `inline; filename="khao-sat-${agency.code}.pdf"`).send(pdf);
    },
  );
}
