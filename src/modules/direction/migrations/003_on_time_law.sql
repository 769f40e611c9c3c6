-- The on-time rate's description cited Nghị định 61/2018 alone. Since 01/07/2025 dossiers are
-- received under Nghị định 118/2025/NĐ-CP; each dossier's deadline follows the law in force on the
-- day it was received (dossiers/legal-basis.ts, docs/legal-basis.md). A text a province already
-- edited is left alone.
UPDATE direction_indicator
   SET definition = 'Tỷ lệ hồ sơ giải quyết trước và đúng hạn trên tổng số hồ sơ đã giải quyết trong tháng (thời hạn theo văn bản áp dụng cho từng hồ sơ: Nghị định 118/2025/NĐ-CP với hồ sơ tiếp nhận từ 01/07/2025, Nghị định 61/2018/NĐ-CP với hồ sơ trước đó).',
       version = version + 1, updated_at = now()
 WHERE code = 'DOSSIER_ON_TIME_RATE'
   AND definition = 'Tỷ lệ hồ sơ giải quyết trước và đúng hạn trên tổng số hồ sơ đã giải quyết trong tháng (NĐ 61/2018).';
