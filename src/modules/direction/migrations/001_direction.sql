-- The direction centre (issue 21 §1): a catalogue of indicators (data, so a province adds its
-- own), the leaders' recorded prompts (đôn đốc), daily snapshots for trends, and the late-risk
-- estimate of every open dossier (issue 21 §2), refreshed by a scheduled job.

CREATE TABLE direction_indicator (
  code text PRIMARY KEY CHECK (code ~ '^[A-Z][A-Z0-9_]{1,39}$'),
  ordinal integer NOT NULL DEFAULT 100,
  name_vi text NOT NULL,
  name_en text NOT NULL,
  definition text NOT NULL,
  -- builtin: computed by the direction module from another module's public file (`source` names
  -- it); formula: an arithmetic expression over other indicators' codes (no SQL, parsed by
  -- direction.rules.ts).
  kind text NOT NULL CHECK (kind IN ('builtin', 'formula')),
  formula text NOT NULL,
  source text NOT NULL,
  owner text NOT NULL,
  refresh text NOT NULL,
  unit text NOT NULL CHECK (unit IN ('count', 'percent', 'points', 'rank')),
  target numeric(12,3),
  -- up: higher is better; down: lower is better
  direction text NOT NULL CHECK (direction IN ('up', 'down')),
  -- the kind of items a number drills down to (null: no item list, e.g. a formula)
  drill text CHECK (drill IN ('dossier', 'task', 'report', 'feedback', 'agency')),
  active boolean NOT NULL DEFAULT true,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid REFERENCES app_user(id)
);

-- The indicators the province starts with (seed 000 task 26; QĐ 766/QĐ-TTg; NĐ 61/2018; NĐ 09/2019).
INSERT INTO direction_indicator (code, ordinal, name_vi, name_en, definition, kind, formula, source, owner, refresh, unit, target, direction, drill) VALUES
 ('DOSSIER_RECEIVED', 10, 'Hồ sơ tiếp nhận trong tháng', 'Dossiers received this month', 'Số hồ sơ được tiếp nhận (đã có ngày tiếp nhận) từ đầu tháng đến nay, theo cơ quan chủ trì xử lý (hoặc cơ quan tiếp nhận khi chưa có).', 'builtin', 'count(dossier: received_at ∈ tháng)', 'dossiers.public: dossierFigures', 'Văn phòng UBND tỉnh', 'trực tiếp (mỗi lần xem)', 'count', NULL, 'up', 'dossier'),
 ('DOSSIER_RESOLVED', 20, 'Hồ sơ đã giải quyết trong tháng', 'Dossiers resolved this month', 'Số hồ sơ kết thúc xử lý có kết quả (trạng thái 9, 10) từ đầu tháng đến nay.', 'builtin', 'count(dossier: processing_ended_at ∈ tháng, status ∈ {9,10})', 'dossiers.public: dossierFigures', 'Văn phòng UBND tỉnh', 'trực tiếp (mỗi lần xem)', 'count', NULL, 'up', 'dossier'),
 ('DOSSIER_ON_TIME_RATE', 30, 'Tỷ lệ giải quyết đúng hạn', 'On-time rate', 'Tỷ lệ hồ sơ giải quyết trước và đúng hạn trên tổng số hồ sơ đã giải quyết trong tháng (NĐ 61/2018).', 'builtin', '100 × (sớm + đúng hạn) / đã giải quyết', 'dossiers.public: dossierFigures', 'Văn phòng UBND tỉnh', 'trực tiếp (mỗi lần xem)', 'percent', 95, 'up', 'dossier'),
 ('DOSSIER_OVERDUE', 40, 'Hồ sơ đang quá hạn', 'Dossiers overdue now', 'Hồ sơ chưa kết thúc xử lý mà đã qua ngày hẹn trả hiện hành.', 'builtin', 'count(dossier: mở, appointment_current < bây giờ)', 'dossiers.public: openDossierItems', 'Văn phòng UBND tỉnh', 'trực tiếp (mỗi lần xem)', 'count', 0, 'down', 'dossier'),
 ('DOSSIER_AT_RISK', 50, 'Hồ sơ có nguy cơ trễ hạn', 'Dossiers at risk of being late', 'Hồ sơ chưa quá hạn, hẹn trả trong N ngày làm việc tới, mà xác suất trễ hạn ước tính từ lịch sử cùng thủ tục và cùng bước ≥ ngưỡng.', 'builtin', 'count(direction_risk: flagged, hẹn trả ≤ N ngày làm việc)', 'direction: ước tính nguy cơ trễ hạn', 'Văn phòng UBND tỉnh', 'mỗi 30 phút (việc định kỳ direction.risk)', 'count', 0, 'down', 'dossier'),
 ('QUALITY_766_SCORE', 60, 'Điểm Bộ chỉ số 766 (toàn tỉnh)', 'QĐ 766 score (province)', 'Điểm Bộ chỉ số chỉ đạo, điều hành và đánh giá chất lượng phục vụ người dân, doanh nghiệp (QĐ 766/QĐ-TTg) của tỉnh trong tháng, quy về thang 100; thứ hạng các cơ quan và xã.', 'builtin', 'quality.public: dashboard(tháng).summary.score.outOf100', 'quality.public: createQualityService().dashboard', 'Văn phòng UBND tỉnh', 'trực tiếp (mô hình đọc QĐ 766)', 'points', 90, 'up', 'agency'),
 ('TASK_OVERDUE', 70, 'Nhiệm vụ quá hạn', 'Tasks overdue', 'Nhiệm vụ UBND tỉnh giao đang ở trạng thái quá hạn, theo cơ quan chủ trì.', 'builtin', 'count(task: status = overdue)', 'tasks.public: taskItems', 'Văn phòng UBND tỉnh', 'trực tiếp (mỗi lần xem)', 'count', 0, 'down', 'task'),
 ('TASK_DUE_SOON', 80, 'Nhiệm vụ sắp đến hạn', 'Tasks due soon', 'Nhiệm vụ chưa hoàn thành có hạn trong 7 ngày tới, theo cơ quan chủ trì.', 'builtin', 'count(task: chưa xong, hạn ∈ [hôm nay, hôm nay + 7])', 'tasks.public: taskItems', 'Văn phòng UBND tỉnh', 'trực tiếp (mỗi lần xem)', 'count', NULL, 'down', 'task'),
 ('REPORT_MISSING', 90, 'Báo cáo chưa gửi đã quá hạn', 'Reports missing past their deadline', 'Báo cáo định kỳ của các kỳ đang mở (hạn trong 90 ngày qua) mà cơ quan chưa gửi dù đã qua hạn (NĐ 09/2019).', 'builtin', 'count(report_submission: chưa gửi, hạn < hôm nay)', 'reports.public: reportItems', 'Văn phòng UBND tỉnh', 'trực tiếp (mỗi lần xem)', 'count', 0, 'down', 'report'),
 ('REPORT_LATE', 100, 'Báo cáo gửi muộn', 'Reports sent late', 'Báo cáo của các kỳ đang mở đã gửi nhưng sau hạn.', 'builtin', 'count(report_submission: late)', 'reports.public: reportItems', 'Văn phòng UBND tỉnh', 'trực tiếp (mỗi lần xem)', 'count', 0, 'down', 'report'),
 ('FEEDBACK_OVERDUE', 110, 'Phản ánh, kiến nghị quá hạn', 'Feedback overdue', 'Phản ánh, kiến nghị đang quá hạn ở khâu phân loại, xử lý hoặc công khai kết quả (NĐ 20/2008).', 'builtin', 'count(feedback: hạn của khâu hiện tại < bây giờ)', 'feedback.public: overdueFeedbackItems', 'Văn phòng UBND tỉnh', 'trực tiếp (mỗi lần xem)', 'count', 0, 'down', 'feedback'),
 ('SIPAS_GAP', 120, 'SIPAS: khoảng cách thứ hạng đến mục tiêu', 'SIPAS: rank gap to target', 'Thứ hạng SIPAS mới nhất của tỉnh trừ thứ hạng mục tiêu (dương: còn kém mục tiêu bấy nhiêu bậc).', 'builtin', 'rank(SIPAS, năm mới nhất) − target_rank', 'reform.public: indexGaps', 'Sở Nội vụ', 'khi có kết quả công bố', 'rank', 0, 'down', NULL),
 ('PAR_INDEX_GAP', 130, 'PAR INDEX: khoảng cách thứ hạng đến mục tiêu', 'PAR INDEX: rank gap to target', 'Thứ hạng Chỉ số CCHC mới nhất trừ thứ hạng mục tiêu.', 'builtin', 'rank(PAR_INDEX) − target_rank', 'reform.public: indexGaps', 'Sở Nội vụ', 'khi có kết quả công bố', 'rank', 0, 'down', NULL),
 ('PAPI_GAP', 140, 'PAPI: khoảng cách thứ hạng đến mục tiêu', 'PAPI: rank gap to target', 'Thứ hạng PAPI mới nhất trừ thứ hạng mục tiêu.', 'builtin', 'rank(PAPI) − target_rank', 'reform.public: indexGaps', 'Sở Nội vụ', 'khi có kết quả công bố', 'rank', 0, 'down', NULL),
 ('PCI_GAP', 150, 'PCI: khoảng cách thứ hạng đến mục tiêu', 'PCI: rank gap to target', 'Thứ hạng PCI mới nhất trừ thứ hạng mục tiêu.', 'builtin', 'rank(PCI) − target_rank', 'reform.public: indexGaps', 'Sở Tài chính', 'khi có kết quả công bố', 'rank', 0, 'down', NULL);

-- A leader's prompt (đôn đốc) about one item, to the person responsible for it.
CREATE TABLE direction_prompt (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  indicator_code text NOT NULL REFERENCES direction_indicator(code),
  subject_kind text NOT NULL CHECK (subject_kind IN ('dossier', 'task', 'report', 'feedback')),
  subject_id uuid NOT NULL,
  subject_label text NOT NULL,
  agency_id uuid REFERENCES agency(id),
  recipient_user_ids uuid[] NOT NULL,
  message text NOT NULL,
  created_by uuid NOT NULL REFERENCES app_user(id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX direction_prompt_subject_idx ON direction_prompt (subject_kind, subject_id);

-- Daily values of the province-wide indicators (trend of the "now" indicators).
CREATE TABLE direction_snapshot (
  code text NOT NULL,
  day date NOT NULL,
  value numeric(14,3),
  PRIMARY KEY (code, day)
);

-- The late-risk estimate of each open dossier (replaced by each run of the job direction.risk).
CREATE TABLE direction_risk (
  dossier_id uuid PRIMARY KEY,
  agency_id uuid,
  procedure_code text NOT NULL,
  step integer,
  due_at timestamptz NOT NULL,
  probability numeric(5,4),
  samples integer NOT NULL,
  flagged boolean NOT NULL,
  reason text NOT NULL,
  computed_at timestamptz NOT NULL
);
CREATE INDEX direction_risk_flagged_idx ON direction_risk (due_at) WHERE flagged;
