import { Type, type Static } from 'typebox';

export const ImportError = Type.Object({
  line: Type.Union([Type.Integer(), Type.Null()], { description: 'Dòng (NDJSON) hoặc dòng của trang HoSo (XLSX); null: lỗi của cả tệp' }),
  where: Type.String({ description: 'Vị trí trong tệp, ví dụ "dòng 12" hoặc "trang ThaoTac dòng 40"' }),
  ref: Type.Union([Type.String(), Type.Null()], { description: 'Mã hồ sơ ở hệ thống cũ' }),
  action: Type.Union([Type.Integer(), Type.Null()], { description: 'Số thứ tự thao tác bị từ chối (từ 1)' }),
  code: Type.String({ description: 'Mã lỗi ổn định' }),
  message: Type.String({ description: 'Lý do (tiếng Việt)' }),
});

export const HistoryImportJob = Type.Object({
  id: Type.String({ format: 'uuid' }),
  fileName: Type.Union([Type.String(), Type.Null()]),
  format: Type.Union([Type.Literal('ndjson'), Type.Literal('xlsx'), Type.Literal('zip')], {
    description: 'zip: gói ZIP gồm tệp dữ liệu (NDJSON/XLSX) và các tệp PDF được tham chiếu (bản quét, kết quả)',
  }),
  dryRun: Type.Boolean({ description: 'Chạy thử: kiểm tra như nhập thật nhưng không ghi gì' }),
  status: Type.Union([Type.Literal('queued'), Type.Literal('running'), Type.Literal('succeeded'), Type.Literal('failed')]),
  phase: Type.String({ description: 'Tình trạng bằng tiếng Việt' }),
  total: Type.Integer(),
  processed: Type.Integer(),
  imported: Type.Integer({ description: 'Hồ sơ đã nhập (chạy thử: sẽ được nhập)' }),
  unchanged: Type.Integer({ description: 'Hồ sơ đã nhập từ trước, cùng nội dung: bỏ qua' }),
  rejected: Type.Integer({ description: 'Hồ sơ bị từ chối (không ghi gì của hồ sơ đó)' }),
  errors: Type.Array(ImportError),
  createdBy: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  finishedAt: Type.Union([Type.String(), Type.Null()]),
});
export type HistoryImportJob = Static<typeof HistoryImportJob>;
export type ImportError = Static<typeof ImportError>;
