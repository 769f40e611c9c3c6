-- Issue 18 §2: personal data under Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15 (in force
-- 01/01/2026) and Nghị định 356/2025/NĐ-CP. docs/personal-data.md describes every table.

-- The privacy notice (thông báo xử lý dữ liệu cá nhân) as versioned data: purposes, data
-- categories, retention, recipients, rights, contact. A new version asks every person again.
CREATE TABLE privacy_notice (
  version integer PRIMARY KEY CHECK (version >= 1),
  effective_from timestamptz NOT NULL DEFAULT now(),
  content jsonb NOT NULL,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Consent per person and notice version: who, when, which version, through which channel; a
-- withdrawal keeps the row (proof that consent was given and when it ended).
CREATE TABLE privacy_consent (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES app_user(id),
  notice_version integer NOT NULL REFERENCES privacy_notice(version),
  channel text NOT NULL CHECK (channel IN ('registration', 'online_submission', 'portal', 'demo_seed')),
  given_at timestamptz NOT NULL DEFAULT now(),
  ip text,
  request_id text,
  withdrawn_at timestamptz,
  withdrawal_reason text
);
CREATE UNIQUE INDEX privacy_consent_active_idx ON privacy_consent (user_id, notice_version) WHERE withdrawn_at IS NULL;

-- Retention per data class (the period an administrator may lengthen, never shorten below min_days).
CREATE TABLE privacy_retention_class (
  key text PRIMARY KEY,
  position integer NOT NULL,
  name text NOT NULL,
  data text NOT NULL,
  period_days integer CHECK (period_days IS NULL OR period_days BETWEEN 1 AND 36500),
  min_days integer,
  action text NOT NULL CHECK (action IN ('delete', 'anonymise', 'keep')),
  basis text NOT NULL,
  applied_by_job boolean NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO privacy_retention_class (key, position, name, data, period_days, min_days, action, basis, applied_by_job) VALUES
('draft_unsubmitted', 1, 'Hồ sơ nháp chưa nộp', 'Bản nháp hồ sơ trực tuyến chưa nộp hoặc đã hủy (tờ khai điền dở, giấy tờ đã chọn)', 180, 30, 'delete',
 'Mục đích xử lý (nộp hồ sơ) không còn: xóa khi hết thời hạn lưu trữ (Luật 91/2025/QH15, Điều 14 — xóa, hủy dữ liệu cá nhân). Thời hạn do sản phẩm đặt.', true),
('draft_submitted_copy', 2, 'Bản sao tờ khai của hồ sơ đã nộp', 'Nội dung tờ khai và giấy tờ đã chọn trong bản nháp sau khi hồ sơ đã nộp (hồ sơ lưu bản chính thức)', 90, 30, 'anonymise',
 'Trùng với dữ liệu trong hồ sơ; chỉ giữ số liệu đo "chỉ cung cấp một lần" (số trường, số trường điền sẵn) không gắn với nội dung.', true),
('session_expired', 3, 'Phiên đăng nhập đã hết hạn', 'Phiên đăng nhập (địa chỉ IP, trình duyệt) đã hết hạn hoặc đã đăng xuất', 90, 30, 'delete',
 'Bảo đảm an toàn tài khoản trong thời gian cần thiết để điều tra sự cố; sau đó xóa.', true),
('oidc_flow', 4, 'Lượt đăng nhập VNeID dở dang', 'Trạng thái, mã dùng một lần và danh tính của các lượt đăng nhập định danh điện tử đã hết hạn', 1, 1, 'delete',
 'Chỉ cần trong 10 phút của lượt đăng nhập; sau đó xóa.', true),
('login_throttle', 5, 'Bộ đếm đăng nhập sai', 'Tên đăng nhập và địa chỉ IP trong bộ đếm chống dò mật khẩu', 7, 1, 'delete',
 'Chỉ cần trong cửa sổ chống dò mật khẩu; sau đó xóa.', true),
('idempotency', 6, 'Bản ghi chống gửi trùng', 'Câu trả lời đã lưu để gửi lại an toàn (có thể chứa biên nhận hồ sơ)', 90, 7, 'delete',
 'Chỉ cần cho việc gửi lại một yêu cầu; sau đó xóa.', true),
('notification', 7, 'Thông báo trong ứng dụng', 'Thông báo gửi cho công dân và cán bộ cùng nhật ký gửi (thư điện tử, SMS, Zalo, đẩy)', 365, 90, 'delete',
 'Thông tin tạm thời; nội dung chính thức nằm trong hồ sơ.', true),
('dossier', 20, 'Hồ sơ thủ tục hành chính', 'Hồ sơ, thành phần, kết quả, quá trình xử lý', NULL, NULL, 'keep',
 'Lưu trữ theo Luật Lưu trữ số 33/2024/QH15 và thời hạn bảo quản hồ sơ của từng loại thủ tục; không xóa bằng công việc tự động (Luật 91/2025/QH15: dữ liệu pháp luật buộc lưu giữ).', false),
('warehouse', 21, 'Kho dữ liệu của công dân', 'Giấy tờ đã số hóa, kết quả điện tử, dữ liệu từ cơ sở dữ liệu quốc gia', NULL, NULL, 'keep',
 'Kho quản lý dữ liệu điện tử của tổ chức, cá nhân (Nghị định 45/2020/NĐ-CP, Nghị định 107/2021/NĐ-CP): giữ để tái sử dụng cho đến khi tài khoản đóng.', false),
('payment', 22, 'Thanh toán, biên lai', 'Giao dịch thanh toán, biên lai điện tử', NULL, NULL, 'keep',
 'Chứng từ kế toán: lưu tối thiểu 10 năm (Luật Kế toán 2015, Điều 41).', false),
('audit', 23, 'Nhật ký hệ thống', 'Nhật ký thao tác và nhật ký truy cập kho dữ liệu', NULL, NULL, 'keep',
 'Chỉ được ghi thêm; là bằng chứng về việc xử lý dữ liệu cá nhân (Luật 91/2025/QH15) và an toàn thông tin.', false),
('rating', 24, 'Đánh giá mức độ hài lòng', 'Đánh giá của người nộp (không gắn danh tính khi đánh giá qua mã QR, tại quầy)', NULL, NULL, 'keep',
 'Dữ liệu của chỉ số 5.4 Bộ chỉ số QĐ 766/QĐ-TTg; liên kết đánh giá là mã ký số, không lưu thành bản ghi riêng.', false);

-- A citizen's request to correct their data (Luật 91/2025/QH15 Điều 4, Điều 13; Nghị định 356/2025/NĐ-CP).
CREATE TABLE privacy_correction_request (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES app_user(id),
  field text NOT NULL CHECK (field IN ('fullName', 'dateOfBirth', 'gender', 'businessName')),
  current_value text,
  proposed_value text NOT NULL,
  reason text,
  evidence_item_id uuid REFERENCES warehouse_item(id),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'rejected', 'cancelled')),
  received_at timestamptz NOT NULL DEFAULT now(),
  due_at timestamptz NOT NULL,
  handled_at timestamptz,
  handled_by uuid REFERENCES app_user(id),
  handled_by_name text,
  decision_reason text,
  version integer NOT NULL DEFAULT 1
);
CREATE INDEX privacy_correction_user_idx ON privacy_correction_request (user_id, received_at DESC);
CREATE INDEX privacy_correction_pending_idx ON privacy_correction_request (due_at) WHERE status = 'pending';
CREATE UNIQUE INDEX privacy_correction_one_pending_idx ON privacy_correction_request (user_id, field) WHERE status = 'pending';

-- The record of processing activities (hồ sơ hoạt động xử lý dữ liệu cá nhân), from the product's
-- real processing. position orders the list; key is stable.
CREATE TABLE privacy_processing_activity (
  key text PRIMARY KEY,
  position integer NOT NULL,
  name text NOT NULL,
  purpose text NOT NULL,
  legal_basis text NOT NULL,
  subjects text NOT NULL,
  data_categories text NOT NULL,
  recipients text NOT NULL,
  retention text NOT NULL,
  security text NOT NULL,
  module text NOT NULL
);
