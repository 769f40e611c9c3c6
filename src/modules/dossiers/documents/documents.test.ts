/**
 * Generates every form, extracts the text with poppler's `pdftotext` (Debian package
 * poppler-utils — CI must install it) and checks the Vietnamese strings come out exactly.
 * Set DOCS_OUT=/some/dir to keep the generated files for a visual check
 * (`pdftoppm -png -r 80 file.pdf out`).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import {
  apologyPdf,
  appraisalRefusalPdf,
  controlSheetPdf,
  excelDay,
  formSetInForce,
  handoverOutcome,
  placeAndDate,
  receiptPdf,
  refusalPdf,
  stopNoticePdf,
  supplementRequestPdf,
  trackingBookXlsx,
  TRACKING_BOOK_COLUMNS,
  vnDateTime,
  type Issuer,
  type Person,
} from './index.js';

let dir: string;
const keep = process.env.DOCS_OUT;
before(() => {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
  } catch {
    throw new Error('pdftotext/pdfinfo/pdfimages are required: apt-get install -y poppler-utils');
  }
  dir = keep ?? mkdtempSync(join(tmpdir(), 'motcua-docs-'));
});
after(() => {
  if (!keep) rmSync(dir, { recursive: true, force: true });
});

function save(name: string, buf: Buffer): string {
  const file = join(dir, name);
  writeFileSync(file, buf);
  return file;
}

/** Text of a PDF, whitespace collapsed (pdftotext breaks lines where the layout does). */
function pdfText(name: string, buf: Buffer): string {
  assert.equal(buf.subarray(0, 5).toString('latin1'), '%PDF-');
  const file = save(name, buf);
  const raw = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  return raw.normalize('NFC').replace(/\s+/g, ' ');
}

function pdfPages(file: string): number {
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  return Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
}

const centre: Issuer = {
  parentAgency: 'Ủy ban nhân dân tỉnh Thanh Hóa',
  agencyName: 'Trung tâm Phục vụ hành chính công tỉnh Thanh Hóa',
  place: 'Thanh Hóa',
};
const department: Issuer = {
  parentAgency: 'Ủy ban nhân dân tỉnh Thanh Hóa',
  agencyName: 'Sở Nông nghiệp và Môi trường',
  place: 'Thanh Hóa',
};
// Decomposed (NFD) on purpose: the generators must normalise.
const applicant: Person = {
  name: 'Nguyễn Thị Hồng Đào'.normalize('NFD'),
  idNumber: '038190012345',
  address: 'Số 12 đường Lê Lợi, phường Hạc Thành, tỉnh Thanh Hóa',
  phone: '0912 345 678',
  email: 'hongdao@example.vn',
};
const CODE = '000.00.15.H56-261123-0007';
const PROCEDURE = 'Cấp Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất lần đầu';
const received = '2026-11-23T01:30:00Z'; // 08:30 in Vietnam
const appointment = '2026-12-07T07:00:00Z'; // 14:00 in Vietnam

describe('date lines', () => {
  test('place and date follow Nghị định 30/2020 (zero before days < 10 and months 1–2)', () => {
    assert.equal(placeAndDate('Thanh Hóa', '2026-11-23T03:00:00Z'), 'Thanh Hóa, ngày 23 tháng 11 năm 2026');
    assert.equal(placeAndDate('Thanh Hóa', '2026-02-04T03:00:00Z'), 'Thanh Hóa, ngày 04 tháng 02 năm 2026');
    assert.equal(placeAndDate('Thanh Hóa', '2026-03-04T03:00:00Z'), 'Thanh Hóa, ngày 04 tháng 3 năm 2026');
    assert.equal(placeAndDate('Thanh Hóa', '2026-11-22T17:30:00Z'), 'Thanh Hóa, ngày 23 tháng 11 năm 2026');
    assert.equal(vnDateTime(appointment, true), '14 giờ 00 phút (buổi chiều), ngày 07/12/2026');
    assert.equal(vnDateTime(received, true), '08 giờ 30 phút (buổi sáng), ngày 23/11/2026');
  });

  test('the 2025 forms apply from 15/09/2025', () => {
    assert.equal(formSetInForce('2025-09-14T10:00:00+07:00'), 'tt01_2018');
    assert.equal(formSetInForce('2025-09-15T00:00:00+07:00'), 'tt03_2025');
  });
});

describe('PDF forms', () => {
  test('Mẫu 01 — receipt and appointment, with QR code', async () => {
    const buf = await receiptPdf({
      issuer: centre,
      number: '1025/GTN-TTPVHCC',
      issuedAt: received,
      dossierCode: CODE,
      applicant,
      procedureName: PROCEDURE,
      components: [
        { name: 'Đơn đăng ký đất đai, tài sản gắn liền với đất theo Mẫu số 04/ĐK', originals: 1, copies: 0 },
        { name: 'Giấy tờ về quyền sử dụng đất theo Điều 137 Luật Đất đai', originals: 0, copies: 2 },
        { name: 'Chứng từ thực hiện nghĩa vụ tài chính', originals: 1, copies: 1, electronic: true },
      ],
      processingTime: '10 ngày làm việc',
      receivedAt: received,
      appointmentAt: appointment,
      returnPlace: 'Quầy số 5, Trung tâm Phục vụ hành chính công tỉnh Thanh Hóa',
      lookupUrl: `https://dichvucong.thanhhoa.gov.vn/tra-cuu?ma=${CODE}`,
      ratingUrl: 'https://dichvucong.thanhhoa.gov.vn/danh-gia/l.4b0c3a8e-6f0e-4c52-9d0a-2a1f0c7b9e11.AAAAAAAAAAAAAAAAAAAAAA',
      trackingBook: { volume: '03', entry: '1025' },
      officer: { name: 'Lê Văn Minh' },
    });
    const text = pdfText('01-giay-tiep-nhan.pdf', buf);
    for (const s of [
      'ỦY BAN NHÂN DÂN TỈNH THANH HÓA',
      'TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG TỈNH THANH HÓA',
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'Thanh Hóa, ngày 23 tháng 11 năm 2026',
      'Số: 1025/GTN-TTPVHCC',
      'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ',
      `Mã hồ sơ: ${CODE}`,
      'Nguyễn Thị Hồng Đào',
      '038190012345',
      'Thời gian nhận hồ sơ: 08 giờ 30 phút, ngày 23/11/2026',
      'Thời gian trả kết quả giải quyết hồ sơ: 14 giờ 00 phút (buổi chiều), ngày 07/12/2026',
      '10 ngày làm việc',
      'Bản chính',
      'Bản sao',
      'Quyển số: 03, Số thứ tự: 1025',
      'NGƯỜI TIẾP NHẬN HỒ SƠ',
      'Lê Văn Minh',
      'đánh giá mức độ hài lòng, không cần tài khoản',
    ]) {
      assert.ok(text.includes(s), `missing "${s}" in: ${text}`);
    }
    // The QR codes (lookup, rating) are embedded images.
    const images = execFileSync('pdfimages', ['-list', join(dir, '01-giay-tiep-nhan.pdf')], { encoding: 'utf8' });
    assert.ok(images.trim().split('\n').length >= 3, images);
    assert.equal(pdfPages(join(dir, '01-giay-tiep-nhan.pdf')), 1);
  });

  test('Mẫu 02 — supplementation request', async () => {
    const buf = await supplementRequestPdf({
      issuer: department,
      issuedAt: '2026-11-25T02:00:00Z',
      dossierCode: CODE,
      applicant,
      procedureName: PROCEDURE,
      items: ['Bản sao Giấy chứng minh quyền sở hữu nhà ở', 'Sơ đồ nhà ở, công trình xây dựng'],
      reason: 'Hồ sơ chưa có giấy tờ chứng minh quyền sở hữu tài sản gắn liền với đất.',
      deadline: '2026-12-10T10:00:00Z',
      contact: { name: 'bà Phạm Thu Trang', phone: '0237 3852 111' },
      officer: { name: 'Phạm Thu Trang' },
    });
    const text = pdfText('02-yeu-cau-bo-sung.pdf', buf);
    for (const s of [
      'SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG',
      'PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ',
      `Mã hồ sơ: ${CODE}`,
      '1. Bản sao Giấy chứng minh quyền sở hữu nhà ở',
      '2. Sơ đồ nhà ở, công trình xây dựng',
      'Thanh Hóa, ngày 25 tháng 11 năm 2026',
      'trước 17 giờ 00 phút, ngày 10/12/2026',
      'NGƯỜI HƯỚNG DẪN',
    ]) {
      assert.ok(text.includes(s), `missing "${s}" in: ${text}`);
    }
  });

  test('Mẫu 03 — refusal', async () => {
    const buf = await refusalPdf({
      issuer: centre,
      issuedAt: received,
      applicant,
      procedureName: PROCEDURE,
      reasons: ['Thửa đất đang có tranh chấp, đã được Tòa án nhân dân thụ lý.'],
      officer: { name: 'Lê Văn Minh' },
    });
    const text = pdfText('03-tu-choi.pdf', buf);
    for (const s of ['PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ', 'Thửa đất đang có tranh chấp', 'Số: ......./.......']) {
      assert.ok(text.includes(s), `missing "${s}" in: ${text}`);
    }
  });

  test('the written refusal after appraisal: Mẫu 03 of the set of the dossier, number, reasons, the "Căn cứ" line', async () => {
    const input = {
      issuer: department,
      number: '7/TB-TCGQ',
      issuedAt: '2026-03-05T03:00:00Z',
      dossierCode: CODE,
      applicant,
      procedureName: PROCEDURE,
      receivedAt: received,
      reasons: ['Thửa đất nằm trong quy hoạch đất quốc phòng.', 'Không có giấy tờ về quyền sử dụng đất.'],
      oneStopName: centre.agencyName,
      signer: { title: 'Giám đốc', name: 'Phạm Quốc Hưng' },
    };
    const older = pdfText(
      '03b-tu-choi-giai-quyet-2018.pdf',
      await appraisalRefusalPdf({
        ...input,
        formSet: 'tt01_2018',
        legalBasis: 'Nghị định 61/2018/NĐ-CP (sửa đổi, bổ sung bởi Nghị định 107/2021/NĐ-CP) Điều 19',
      }),
    );
    for (const s of [
      'PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ',
      '(Từ chối giải quyết hồ sơ sau thẩm định)',
      'Số: 7/TB-TCGQ',
      `Mã hồ sơ: ${CODE}`,
      'Qua thẩm định, Sở Nông nghiệp và Môi trường thông báo hồ sơ không đủ điều kiện giải quyết',
      '1. Thửa đất nằm trong quy hoạch đất quốc phòng.',
      '2. Không có giấy tờ về quyền sử dụng đất.',
      'Thông báo này là kết quả giải quyết hồ sơ.',
      'GIÁM ĐỐC',
      'Phạm Quốc Hưng',
      'Căn cứ: Nghị định 61/2018/NĐ-CP (sửa đổi, bổ sung bởi Nghị định 107/2021/NĐ-CP) Điều 19; Mẫu số 03, Thông tư 01/2018/TT-VPCP.',
    ]) {
      assert.ok(older.includes(s), `missing "${s}" in: ${older}`);
    }
    const newer = pdfText(
      '03b-tu-choi-giai-quyet-2025.pdf',
      await appraisalRefusalPdf({ ...input, formSet: 'tt03_2025', legalBasis: 'Nghị định 118/2025/NĐ-CP' }),
    );
    assert.ok(newer.includes('Căn cứ: Nghị định 118/2025/NĐ-CP; Mẫu số 03, Thông tư 03/2025/TT-VPCP, Phụ lục I.'), newer);
    // Without a legal basis given, no "Căn cứ" line (a form used outside a dossier).
    assert.doesNotMatch(pdfText('03b-none.pdf', await appraisalRefusalPdf(input)), /Căn cứ:/);
  });

  const apologyInput = {
    issuer: department,
    number: '215/SNNMT-ĐĐ',
    issuedAt: '2026-12-03T02:00:00Z',
    dossierCode: CODE,
    applicant,
    procedureName: PROCEDURE,
    receivedAt: received,
    originalAppointment: appointment,
    newAppointment: '2026-12-14T07:00:00Z',
    reason: 'Phải xác minh thực địa ranh giới thửa đất với các hộ liền kề.',
    oneStopName: 'Trung tâm Phục vụ hành chính công tỉnh',
    signer: { title: 'Giám đốc', name: 'Hoàng Văn Sơn' },
  };

  test('Mẫu 04 — apology and new appointment (2025 form in force)', async () => {
    const buf = await apologyPdf(apologyInput);
    const text = pdfText('04-xin-loi.pdf', buf);
    for (const s of [
      'VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT',
      'Kính gửi: Ông/Bà Nguyễn Thị Hồng Đào',
      `Mã hồ sơ: ${CODE}`,
      'Thời hạn trả kết quả giải quyết hồ sơ theo giấy hẹn: 14 giờ 00 phút, ngày 07/12/2026',
      '14 giờ 00 phút (buổi chiều), ngày 14/12/2026',
      'Phải xác minh thực địa',
      'xin lỗi ông/bà',
      'GIÁM ĐỐC',
      'Hoàng Văn Sơn',
      'Nơi nhận:',
      'Số: 215/SNNMT-ĐĐ',
      'Thanh Hóa, ngày 03 tháng 12 năm 2026',
    ]) {
      assert.ok(text.includes(s), `missing "${s}" in: ${text}`);
    }
    assert.equal(pdfPages(join(dir, '04-xin-loi.pdf')), 1);
  });

  test('Mẫu 04 of Thông tư 01/2018 keeps the old title', async () => {
    const text = pdfText('04-xin-loi-2018.pdf', await apologyPdf({ ...apologyInput, formSet: 'tt01_2018' }));
    assert.ok(text.includes('PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ'), text);
  });

  test('Mẫu 05 (2025) — stop notice after withdrawal', async () => {
    const buf = await stopNoticePdf({
      issuer: department,
      issuedAt: '2026-11-27T02:00:00Z',
      dossierCode: CODE,
      applicant,
      procedureName: PROCEDURE,
      receivedAt: received,
      requestedAt: '2026-11-26T03:15:00Z',
      reason: 'Gia đình thỏa thuận lại việc phân chia thửa đất.',
      signer: { title: 'KT. Giám đốc\nPhó Giám đốc', name: 'Trịnh Thị Lan' },
    });
    const text = pdfText('05-dung-giai-quyet.pdf', buf);
    for (const s of ['THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ', '10 giờ 15 phút, ngày 26/11/2026', 'KT. GIÁM ĐỐC', 'PHÓ GIÁM ĐỐC']) {
      assert.ok(text.includes(s), `missing "${s}" in: ${text}`);
    }
  });

  test('Phiếu kiểm soát — one row per handover with on time / late', async () => {
    assert.equal(handoverOutcome('2026-11-23T02:00:00Z', '2026-11-24T10:00:00Z'), 'early');
    assert.equal(handoverOutcome('2026-11-24T02:00:00Z', '2026-11-24T10:00:00Z'), 'on_time');
    assert.equal(handoverOutcome('2026-11-24T10:00:01Z', '2026-11-24T10:00:00Z'), 'late');
    assert.equal(handoverOutcome('2026-11-24T10:00:01Z', null), null);
    const buf = await controlSheetPdf({
      issuer: centre,
      issuedAt: received,
      dossierCode: CODE,
      applicantName: applicant.name,
      procedureName: PROCEDURE,
      leadAgencyName: 'Sở Nông nghiệp và Môi trường',
      cooperatingAgencyNames: ['Chi cục Thuế khu vực X'],
      receivedAt: received,
      appointmentAt: appointment,
      handovers: [
        { from: 'Bộ phận Một cửa — Lê Văn Minh', to: 'Văn phòng Đăng ký đất đai', at: '2026-11-23T02:00:00Z', dueAt: '2026-11-24T10:00:00Z' },
        { from: 'Văn phòng Đăng ký đất đai', to: 'Chi cục Thuế khu vực X', at: '2026-11-26T02:00:00Z', dueAt: '2026-11-26T10:00:00Z' },
        { from: 'Chi cục Thuế khu vực X', to: 'Văn phòng Đăng ký đất đai', at: '2026-12-01T09:00:00Z', dueAt: '2026-11-30T10:00:00Z', note: 'Chờ xác minh' },
      ],
    });
    const text = pdfText('06-phieu-kiem-soat.pdf', buf);
    for (const s of ['PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ', 'Trước hạn', 'Đúng hạn', 'Quá hạn', 'Chi cục Thuế khu vực X', 'Chờ xác minh']) {
      assert.ok(text.includes(s), `missing "${s}" in: ${text}`);
    }
  });

  test('every form is set in Liberation Serif (Times New Roman metrics), embedded; pages after the first are numbered at the top', async () => {
    const handovers = Array.from({ length: 70 }, (_, i) => ({
      from: `Bộ phận ${i + 1}`,
      to: `Phòng chuyên môn ${i + 2}`,
      at: '2026-11-23T02:00:00Z',
      dueAt: '2026-11-24T10:00:00Z',
    }));
    const buf = await controlSheetPdf({
      issuer: centre,
      issuedAt: received,
      dossierCode: CODE,
      applicantName: applicant.name,
      procedureName: PROCEDURE,
      leadAgencyName: 'Sở Nông nghiệp và Môi trường',
      cooperatingAgencyNames: [],
      receivedAt: received,
      appointmentAt: appointment,
      handovers,
    });
    const file = save('07-nhieu-trang.pdf', buf);
    const pages = pdfPages(file);
    assert.ok(pages >= 3, `a long control sheet runs over several pages (${pages})`);
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
    assert.ok(fonts.length >= 2, fonts.join('\n'));
    for (const l of fonts)
      assert.match(l, /^[A-Z]{6}\+LiberationSerif(-Bold|-Italic|-BoldItalic)?\s.*\byes\s+yes\s+yes\b/, 'an embedded subset of Liberation Serif');
    for (let p = 1; p <= pages; p++) {
      // The top strip of the page (the 20 mm top margin): the number, alone, from page 2 on.
      const top = execFileSync('pdftotext', ['-f', String(p), '-l', String(p), '-x', '0', '-y', '0', '-W', '600', '-H', '50', '-enc', 'UTF-8', file, '-'], {
        encoding: 'utf8',
      }).trim();
      assert.equal(top, p === 1 ? '' : String(p), `page ${p}'s top margin`);
    }
    const one = save(
      '01b.pdf',
      await refusalPdf({
        issuer: centre,
        issuedAt: received,
        applicant,
        procedureName: 'Đăng ký khai sinh',
        reasons: ['Không thuộc thẩm quyền.'],
        officer: { name: 'Lê Văn Minh' },
      }),
    );
    assert.equal(pdfPages(one), 1);
    assert.doesNotMatch(
      execFileSync('pdftotext', ['-x', '0', '-y', '0', '-W', '600', '-H', '50', one, '-'], { encoding: 'utf8' }),
      /\d/,
      'a one-page document has no number',
    );
  });

  test('NFD input comes out NFC', async () => {
    const text = pdfText(
      'nfc.pdf',
      await refusalPdf({
        issuer: centre,
        issuedAt: received,
        applicant,
        procedureName: 'Đăng ký khai sinh',
        reasons: ['Không thuộc thẩm quyền.'.normalize('NFD')],
        officer: { name: 'Lê Văn Minh' },
      }),
    );
    assert.ok(text.includes('Nguyễn Thị Hồng Đào'.normalize('NFC')));
    assert.ok(text.includes('Không thuộc thẩm quyền.'));
  });
});

describe('tracking book (XLSX)', () => {
  test('one row per dossier with dd/mm/yyyy dates, read back with exceljs', async () => {
    const buf = await trackingBookXlsx({
      issuer: centre,
      periodLabel: 'Tháng 11/2026',
      issuedAt: '2026-11-30T10:00:00Z',
      rows: [
        {
          dossierCode: CODE,
          procedureName: PROCEDURE,
          applicantName: applicant.name,
          receivedAt: received,
          appointmentAt: appointment,
          forwardedAt: '2026-11-23T02:00:00Z',
          resultAt: '2026-12-04T09:00:00Z',
          returnedAt: '2026-12-04T23:30:00Z', // 06:30 on 05/12 in Vietnam
          note: 'Trả qua bưu chính',
        },
        {
          dossierCode: '000.00.15.H56-261123-0008',
          procedureName: 'Đăng ký khai sinh',
          applicantName: 'Trần Văn Bình',
          receivedAt: received,
          appointmentAt: null,
        },
      ],
    });
    save('07-so-theo-doi.xlsx', buf);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Sổ theo dõi hồ sơ');
    assert.ok(ws);
    assert.equal(ws.getCell('A2').value, 'SỔ THEO DÕI HỒ SƠ');
    assert.deepEqual((ws.getRow(5).values as unknown[]).slice(1), [...TRACKING_BOOK_COLUMNS]);
    const r = ws.getRow(6);
    assert.equal(r.getCell(1).value, 1);
    assert.equal(r.getCell(2).value, CODE);
    assert.equal(r.getCell(4).value, 'Nguyễn Thị Hồng Đào'.normalize('NFC'));
    assert.deepEqual(r.getCell(5).value, new Date('2026-11-23T00:00:00Z'));
    assert.equal(r.getCell(5).numFmt, 'dd/mm/yyyy');
    assert.deepEqual(r.getCell(6).value, new Date('2026-12-07T00:00:00Z'));
    assert.deepEqual(r.getCell(9).value, new Date('2026-12-05T00:00:00Z'));
    assert.equal(r.getCell(10).value, 'Trả qua bưu chính');
    const r2 = ws.getRow(7);
    assert.equal(r2.getCell(1).value, 2);
    assert.equal(r2.getCell(6).value, null);
    assert.deepEqual(excelDay('2026-12-31T17:00:00Z'), new Date('2027-01-01T00:00:00Z'));
  });
});
