-- Provincial indices (issue #10 §4): the national results a province tracks each year for
-- PAR INDEX (Bộ Nội vụ), SIPAS (Bộ Nội vụ), PAPI (UNDP and partners) and PCI (VCCI): score,
-- rank of N, component scores, source and whether the source states the figure; a target rank per
-- index; and links from a component to the tasks assigned to improve it (as Kế hoạch 211 does).
-- PostgreSQL 15 and PGlite: no PG16+ syntax.

CREATE TABLE reform_index_kind (
  code text PRIMARY KEY CHECK (code IN ('PAR_INDEX', 'SIPAS', 'PAPI', 'PCI')),
  ordinal integer NOT NULL,
  name text NOT NULL,
  publisher text NOT NULL,
  -- The scale of the overall score: PAR INDEX and SIPAS in % (0–100), PAPI 8 dimensions × 10 = 80,
  -- PCI 0–100.
  score_max numeric(7,2) NOT NULL CHECK (score_max > 0),
  score_unit text NOT NULL CHECK (score_unit IN ('percent', 'points')),
  note text
);

CREATE TABLE reform_index_component (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  index_code text NOT NULL REFERENCES reform_index_kind(code),
  ordinal integer NOT NULL,
  code text NOT NULL,
  name text NOT NULL,
  -- Maximum of the component's score; NULL where the official maximum was not found.
  max_score numeric(7,2) CHECK (max_score IS NULL OR max_score > 0),
  note text,
  UNIQUE (index_code, code)
);

-- One published national result per index, province and year. A province is an admin_unit code
-- (Thanh Hóa = 38); its name is kept as written at the time, so history survives mergers.
-- N (out_of) is the number of provinces ranked: 63 before the 1 July 2025 reorganisation, 34 after.
CREATE TABLE reform_index_result (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  index_code text NOT NULL REFERENCES reform_index_kind(code),
  province_code text NOT NULL,
  province_name text NOT NULL,
  year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  score numeric(8,3) CHECK (score IS NULL OR score >= 0),
  rank integer CHECK (rank IS NULL OR rank >= 1),
  out_of integer NOT NULL CHECK (out_of >= 1),
  source_title text NOT NULL,
  source_url text,
  -- true only when the cited source states the figures; false for figures inferred or entered
  -- without a source (demo data is always false and says DEMO in its note).
  verified boolean NOT NULL DEFAULT false,
  note text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid REFERENCES app_user(id),
  version integer NOT NULL DEFAULT 1,
  CONSTRAINT reform_index_result_rank_of_n CHECK (rank IS NULL OR rank <= out_of),
  CONSTRAINT reform_index_result_has_figure CHECK (score IS NOT NULL OR rank IS NOT NULL),
  UNIQUE (index_code, province_code, year)
);

CREATE TABLE reform_index_component_score (
  result_id uuid NOT NULL REFERENCES reform_index_result(id),
  component_id uuid NOT NULL REFERENCES reform_index_component(id),
  score numeric(8,3) NOT NULL CHECK (score >= 0),
  -- The national median of the component that year, when the publisher gives it.
  national_median numeric(8,3),
  -- The province's rank on this component, when the publisher gives it (of the result's N).
  rank integer CHECK (rank IS NULL OR rank >= 1),
  PRIMARY KEY (result_id, component_id)
);

CREATE TABLE reform_index_target (
  index_code text NOT NULL REFERENCES reform_index_kind(code),
  province_code text NOT NULL,
  target_rank integer NOT NULL CHECK (target_rank >= 1),
  target_year integer NOT NULL CHECK (target_year BETWEEN 2000 AND 2100),
  source_title text,
  note text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid REFERENCES app_user(id),
  PRIMARY KEY (index_code, province_code)
);

-- A weak component → the tasks assigned to improve it (tasks live in the tasks module).
CREATE TABLE reform_index_task (
  component_id uuid NOT NULL REFERENCES reform_index_component(id),
  province_code text NOT NULL,
  task_id uuid NOT NULL REFERENCES task(id),
  -- The result year whose weakness the task answers (informative).
  year integer CHECK (year IS NULL OR year BETWEEN 2000 AND 2100),
  linked_at timestamptz NOT NULL DEFAULT now(),
  linked_by uuid REFERENCES app_user(id),
  PRIMARY KEY (component_id, province_code, task_id)
);
CREATE INDEX reform_index_task_task_idx ON reform_index_task (task_id);

-- The task plan that holds tasks created here for an index (one per index and province).
CREATE TABLE reform_index_task_plan (
  index_code text NOT NULL REFERENCES reform_index_kind(code),
  province_code text NOT NULL,
  task_plan_id uuid NOT NULL REFERENCES task_plan(id),
  PRIMARY KEY (index_code, province_code)
);

-- ---- reference data --------------------------------------------------------------------------
-- Index kinds and their components. Sources: docs/reform.md "Provincial indices".

INSERT INTO reform_index_kind (code, ordinal, name, publisher, score_max, score_unit, note) VALUES
  ('PAR_INDEX', 1, 'Chỉ số cải cách hành chính (PAR INDEX)', 'Bộ Nội vụ (Ban Chỉ đạo cải cách hành chính của Chính phủ)', 100, 'percent',
   'Kết quả công bố theo % điểm tối đa. Phương pháp từ 2022: Quyết định 876/QĐ-BNV. Điểm tối đa từng lĩnh vực: chưa tìm được nguồn.'),
  ('SIPAS', 2, 'Chỉ số hài lòng về sự phục vụ hành chính (SIPAS)', 'Bộ Nội vụ', 100, 'percent',
   'Năm yếu tố theo Quyết định 2640/QĐ-BNV (2017).'),
  ('PAPI', 3, 'Chỉ số hiệu quả quản trị và hành chính công cấp tỉnh (PAPI)', 'UNDP, CECODES, RTA (và VFF-CRT đến 2022)', 80, 'points',
   'Tám chỉ số nội dung, mỗi chỉ số 1–10 điểm; tổng tối đa 80.'),
  ('PCI', 4, 'Chỉ số năng lực cạnh tranh cấp tỉnh (PCI)', 'Liên đoàn Thương mại và Công nghiệp Việt Nam (VCCI)', 100, 'points',
   'Mười chỉ số thành phần (1–10 điểm) theo pcivietnam.vn; từ PCI 2023 VCCI chỉ công bố điểm, hạng của 30 tỉnh dẫn đầu.');

INSERT INTO reform_index_component (index_code, ordinal, code, name, max_score, note) VALUES
  ('PAR_INDEX', 1, 'direction', 'Công tác chỉ đạo, điều hành cải cách hành chính', NULL, NULL),
  ('PAR_INDEX', 2, 'legal_documents', 'Xây dựng và tổ chức thực hiện văn bản quy phạm pháp luật', NULL, 'Từ 2022 (QĐ 876/QĐ-BNV): cải cách thể chế.'),
  ('PAR_INDEX', 3, 'procedures', 'Cải cách thủ tục hành chính', NULL, NULL),
  ('PAR_INDEX', 4, 'organisation', 'Cải cách tổ chức bộ máy hành chính nhà nước', NULL, NULL),
  ('PAR_INDEX', 5, 'civil_service', 'Xây dựng và nâng cao chất lượng đội ngũ cán bộ, công chức, viên chức', NULL, 'Từ 2022 (QĐ 876/QĐ-BNV): cải cách chế độ công vụ.'),
  ('PAR_INDEX', 6, 'public_finance', 'Cải cách tài chính công', NULL, NULL),
  ('PAR_INDEX', 7, 'modernisation', 'Hiện đại hóa hành chính', NULL, 'Từ 2022 (QĐ 876/QĐ-BNV): xây dựng và phát triển Chính phủ điện tử, Chính phủ số.'),
  ('PAR_INDEX', 8, 'impact', 'Tác động của cải cách hành chính đến người dân, tổ chức và các chỉ tiêu phát triển kinh tế - xã hội', NULL, NULL),
  ('SIPAS', 1, 'access', 'Tiếp cận dịch vụ', 100, NULL),
  ('SIPAS', 2, 'procedures', 'Thủ tục hành chính', 100, NULL),
  ('SIPAS', 3, 'officials', 'Công chức trực tiếp giải quyết công việc', 100, NULL),
  ('SIPAS', 4, 'results', 'Kết quả cung ứng dịch vụ', 100, NULL),
  ('SIPAS', 5, 'feedback', 'Tiếp nhận, xử lý góp ý, phản ánh, kiến nghị', 100, NULL),
  ('PAPI', 1, 'participation', 'Tham gia của người dân ở cấp cơ sở', 10, NULL),
  ('PAPI', 2, 'transparency', 'Công khai, minh bạch trong việc ra quyết định ở địa phương', 10, NULL),
  ('PAPI', 3, 'accountability', 'Trách nhiệm giải trình với người dân', 10, NULL),
  ('PAPI', 4, 'corruption_control', 'Kiểm soát tham nhũng trong khu vực công', 10, NULL),
  ('PAPI', 5, 'procedures', 'Thủ tục hành chính công', 10, NULL),
  ('PAPI', 6, 'service_delivery', 'Cung ứng dịch vụ công', 10, NULL),
  ('PAPI', 7, 'environment', 'Quản trị môi trường', 10, NULL),
  ('PAPI', 8, 'e_governance', 'Quản trị điện tử', 10, NULL),
  ('PCI', 1, 'entry_costs', 'Chi phí gia nhập thị trường', 10, NULL),
  ('PCI', 2, 'land_access', 'Tiếp cận đất đai và sự ổn định trong sử dụng đất', 10, NULL),
  ('PCI', 3, 'transparency', 'Tính minh bạch và tiếp cận thông tin', 10, NULL),
  ('PCI', 4, 'time_costs', 'Chi phí thời gian để thực hiện các quy định của Nhà nước', 10, NULL),
  ('PCI', 5, 'informal_charges', 'Chi phí không chính thức', 10, NULL),
  ('PCI', 6, 'policy_bias', 'Cạnh tranh bình đẳng', 10, NULL),
  ('PCI', 7, 'proactivity', 'Tính năng động và tiên phong của chính quyền tỉnh', 10, NULL),
  ('PCI', 8, 'business_support', 'Dịch vụ hỗ trợ doanh nghiệp', 10, NULL),
  ('PCI', 9, 'labour_policy', 'Đào tạo lao động', 10, NULL),
  ('PCI', 10, 'law_and_order', 'Thiết chế pháp lý và an ninh trật tự', 10, NULL);

-- Thanh Hóa (38): 2021 ranks and the 2025 targets, as Kế hoạch 211/KH-UBND (26/08/2022) states
-- them (seed 002). Scores are not in that plan, so they are left empty here.
INSERT INTO reform_index_result (index_code, province_code, province_name, year, score, rank, out_of, source_title, source_url, verified, note) VALUES
  ('PAR_INDEX', '38', 'Thanh Hóa', 2021, NULL, 14, 63, 'Kế hoạch 211/KH-UBND ngày 26/08/2022 của UBND tỉnh Thanh Hóa', NULL, true, NULL),
  ('SIPAS', '38', 'Thanh Hóa', 2021, NULL, 24, 63, 'Kế hoạch 211/KH-UBND ngày 26/08/2022 của UBND tỉnh Thanh Hóa', NULL, true, NULL),
  ('PAPI', '38', 'Thanh Hóa', 2021, NULL, 3, 63, 'Kế hoạch 211/KH-UBND ngày 26/08/2022 của UBND tỉnh Thanh Hóa', NULL, true, NULL),
  ('PCI', '38', 'Thanh Hóa', 2021, NULL, 43, 63, 'Kế hoạch 211/KH-UBND ngày 26/08/2022 của UBND tỉnh Thanh Hóa', NULL, true, NULL);

INSERT INTO reform_index_target (index_code, province_code, target_rank, target_year, source_title, note) VALUES
  ('PAR_INDEX', '38', 10, 2025, 'Kế hoạch 211/KH-UBND ngày 26/08/2022, mục I.2', 'Trong số 10 tỉnh dẫn đầu cả nước đến năm 2025.'),
  ('SIPAS', '38', 10, 2025, 'Kế hoạch 211/KH-UBND ngày 26/08/2022, mục I.2', 'Trong số 10 tỉnh dẫn đầu cả nước đến năm 2025.'),
  ('PCI', '38', 10, 2025, 'Kế hoạch 211/KH-UBND ngày 26/08/2022, mục I.2', 'Trong số 10 tỉnh dẫn đầu cả nước đến năm 2025.'),
  ('PAPI', '38', 3, 2025, 'Kế hoạch 211/KH-UBND ngày 26/08/2022, mục I.2', 'Kế hoạch yêu cầu "tiếp tục duy trì và nâng cao" PAPI; hạng mục tiêu 3 = giữ hạng năm 2021 là cách hiểu của hệ thống, không phải con số trong kế hoạch.');
