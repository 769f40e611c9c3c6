-- The centre shares the month's QĐ 766 ranking between requests (direction.service.ts
-- QUALITY_FRESH_MS / QUALITY_STALE_MS): the catalogue says how fresh it is. A text a province
-- already edited is left alone.
UPDATE direction_indicator
   SET refresh = 'mỗi phút (mô hình đọc QĐ 766; dùng lại tối đa 60 giây, khi đang tính lại thì bản trước tối đa 10 phút)', version = version + 1, updated_at = now()
 WHERE code = 'QUALITY_766_SCORE' AND refresh = 'trực tiếp (mô hình đọc QĐ 766)';
