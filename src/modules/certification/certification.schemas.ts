import { Type } from 'typebox';

export const CertifiedCopy = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    agencyId: Type.String({ format: 'uuid' }),
    agencyName: Type.String(),
    year: Type.Integer(),
    registerNo: Type.Integer({ description: "number in the agency's certification book for the year (sổ chứng thực)" }),
    book: Type.String({ description: 'the book, e.g. 01/2026-SCT/BS' }),
    registerLabel: Type.String(),
    documentTitle: Type.String(),
    pages: Type.Integer(),
    copies: Type.Integer(),
    feeVnd: Type.Integer({ description: 'fee in đồng, by the table in force (Thông tư 226/2016/TT-BTC)' }),
    feeBasis: Type.String(),
    requesterName: Type.String(),
    sha256: Type.String({ description: 'SHA-256 of the signed copy (PDF)' }),
    sizeBytes: Type.Integer(),
    signatureVerdict: Type.String(),
    certifiedAt: Type.String({ format: 'date-time' }),
    inWarehouse: Type.Boolean({ description: "the copy was added to the verified account of the requester's personal ID" }),
    verificationUrl: Type.String(),
  },
  { additionalProperties: false },
);

export const CertifiedCopyPage = Type.Object({ total: Type.Integer(), items: Type.Array(CertifiedCopy) }, { additionalProperties: false });

const N = <T extends ReturnType<typeof Type.String> | ReturnType<typeof Type.Integer>>(t: T) => Type.Union([t, Type.Null()]);
export const PublicCheck = Type.Object(
  {
    valid: Type.Boolean(),
    registerLabel: N(Type.String()),
    agencyName: N(Type.String()),
    certifiedAt: N(Type.String()),
    documentTitle: N(Type.String()),
    pages: N(Type.Integer()),
    sha256: N(Type.String()),
    signatureVerdict: N(Type.String()),
  },
  { additionalProperties: false },
);
