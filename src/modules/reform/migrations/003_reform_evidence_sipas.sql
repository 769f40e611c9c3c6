-- Reform, part 3: evidence files of the PAR INDEX self-assessment, versioned SIPAS questionnaires,
-- plan editing and 5-year plans, and the reminders sent for plans not submitted.
-- PostgreSQL 15 and PGlite: no PG16+ syntax.

-- Evidence files (tài liệu kiểm chứng) attached to one criterion of one agency's assessment. The
-- content is in the platform's file store (as dossier files are); the SHA-256 is checked on every
-- download. A file removed while the assessment is a draft keeps its row (removed_at).
CREATE TABLE reform_par_evidence_file (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  assessment_id uuid NOT NULL REFERENCES reform_par_assessment(id),
  criterion_id uuid NOT NULL REFERENCES reform_par_criterion(id),
  file_name text NOT NULL,
  mime_type text NOT NULL,
  size_bytes integer NOT NULL CHECK (size_bytes > 0),
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  storage_key text NOT NULL,
  uploaded_by uuid REFERENCES app_user(id),
  uploaded_at timestamptz NOT NULL DEFAULT now(),
  removed_at timestamptz,
  removed_by uuid REFERENCES app_user(id)
);
CREATE INDEX reform_par_evidence_idx ON reform_par_evidence_file (assessment_id, criterion_id);

-- SIPAS questionnaires, versioned per year. The one in force for year Y is the published version
-- with the greatest year <= Y (one published version per year at most). A questionnaire that has
-- responses never changes (checked by the service); a new version is made instead.
CREATE TABLE reform_sipas_questionnaire (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  version integer NOT NULL CHECK (version >= 1),
  title text NOT NULL,
  source text,
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'retired')),
  elements jsonb NOT NULL,
  questions jsonb NOT NULL,
  created_by uuid REFERENCES app_user(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  published_at timestamptz,
  published_by uuid REFERENCES app_user(id),
  row_version integer NOT NULL DEFAULT 1,
  UNIQUE (year, version)
);
CREATE UNIQUE INDEX reform_sipas_questionnaire_published_uq ON reform_sipas_questionnaire (year) WHERE status = 'published';

-- The default questionnaire: the five elements of Quyết định 2640/QĐ-BNV (10/10/2017), one
-- satisfaction question per element (our wording), for every sector. It is the former code
-- constant SIPAS_QUESTIONS (reform.sipas.ts; a test keeps the two equal), in force from 2017 until
-- Sở Nội vụ publishes another version.
INSERT INTO reform_sipas_questionnaire (id, year, version, title, source, status, elements, questions, published_at) VALUES (
  '00000000-0000-4000-8000-000000002640', 2017, 1,
  'Phiếu khảo sát mặc định: 5 yếu tố của Đề án đo lường sự hài lòng (Quyết định 2640/QĐ-BNV)',
  'Quyết định 2640/QĐ-BNV ngày 10/10/2017 của Bộ Nội vụ phê duyệt Đề án Đo lường sự hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính nhà nước giai đoạn 2017–2020: năm yếu tố (tiếp cận dịch vụ; thủ tục hành chính; công chức trực tiếp giải quyết công việc; kết quả cung ứng dịch vụ; tiếp nhận, xử lý góp ý, phản ánh, kiến nghị). Lời câu hỏi do MotCua soạn, không phải phiếu chính thức của Bộ.',
  'published',
  '[{"key":"access","name":"Tiếp cận dịch vụ"},{"key":"procedure","name":"Thủ tục hành chính"},{"key":"officials","name":"Công chức trực tiếp giải quyết công việc"},{"key":"result","name":"Kết quả cung ứng dịch vụ"},{"key":"feedback","name":"Tiếp nhận, xử lý góp ý, phản ánh, kiến nghị"}]'::jsonb,
  '[{"key":"access","element":"access","text":"Anh/Chị hài lòng thế nào về việc tiếp cận dịch vụ (nơi tiếp nhận, trang thiết bị, thông tin)?","sectors":null},{"key":"procedure","element":"procedure","text":"Anh/Chị hài lòng thế nào về thủ tục hành chính (công khai, thành phần hồ sơ, phí, thời hạn)?","sectors":null},{"key":"officials","element":"officials","text":"Anh/Chị hài lòng thế nào về công chức trực tiếp giải quyết (thái độ, hướng dẫn, không gây phiền hà)?","sectors":null},{"key":"result","element":"result","text":"Anh/Chị hài lòng thế nào về kết quả giải quyết (đúng hẹn, đúng quy định, thông tin chính xác)?","sectors":null},{"key":"feedback","element":"feedback","text":"Anh/Chị hài lòng thế nào về việc tiếp nhận, xử lý góp ý, phản ánh, kiến nghị?","sectors":null}]'::jsonb,
  now()
);

-- Every response records the questionnaire version it answered (still nothing about the person).
ALTER TABLE reform_sipas_response ADD COLUMN questionnaire_id uuid REFERENCES reform_sipas_questionnaire(id);
UPDATE reform_sipas_response SET questionnaire_id = '00000000-0000-4000-8000-000000002640' WHERE questionnaire_id IS NULL;
ALTER TABLE reform_sipas_response ALTER COLUMN questionnaire_id SET NOT NULL;
CREATE INDEX reform_sipas_questionnaire_idx ON reform_sipas_response (questionnaire_id);

-- Plans: annual (one per agency and year) and 5-year (2021–2025, 2026–2030: year = first year of
-- the period), on the same frame. Editable until the due date (version for optimistic locking).
ALTER TABLE reform_plan ADD COLUMN kind text NOT NULL DEFAULT 'annual' CHECK (kind IN ('annual', 'five_year'));
ALTER TABLE reform_plan ADD COLUMN period_end integer;
UPDATE reform_plan SET period_end = year WHERE period_end IS NULL;
ALTER TABLE reform_plan ALTER COLUMN period_end SET NOT NULL;
ALTER TABLE reform_plan ADD COLUMN updated_at timestamptz;
ALTER TABLE reform_plan ADD COLUMN version integer NOT NULL DEFAULT 1;
ALTER TABLE reform_plan DROP CONSTRAINT reform_plan_agency_id_year_key;
ALTER TABLE reform_plan ADD CONSTRAINT reform_plan_agency_kind_year_key UNIQUE (agency_id, kind, year);

-- Reminders for plans not submitted as the due date nears or has passed (one per agency, plan,
-- kind of reminder and day: the job may run in several processes).
CREATE TABLE reform_plan_reminder (
  agency_id uuid NOT NULL REFERENCES agency(id),
  plan_kind text NOT NULL CHECK (plan_kind IN ('annual', 'five_year')),
  year integer NOT NULL,
  kind text NOT NULL,
  sent_on date NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (agency_id, plan_kind, year, kind, sent_on)
);
