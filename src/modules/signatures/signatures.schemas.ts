import { Type } from 'typebox';

export const SignatureView = Type.Object({
  index: Type.Integer(),
  status: Type.String({ enum: ['valid', 'modified', 'invalid', 'revoked', 'untrusted', 'expired', 'not_yet_valid'] }),
  verdict: Type.String(),
  subFilter: Type.Union([Type.String(), Type.Null()]),
  signerName: Type.Union([Type.String(), Type.Null()]),
  organization: Type.Union([Type.String(), Type.Null()]),
  title: Type.Union([Type.String(), Type.Null()]),
  issuerName: Type.Union([Type.String(), Type.Null()]),
  signedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  timeSource: Type.Union([Type.String({ enum: ['timestamp', 'claimed'] }), Type.Null()]),
  intact: Type.Boolean(),
  coversWholeFile: Type.Boolean(),
  unchangedSince: Type.Boolean(),
  trusted: Type.Boolean(),
  validity: Type.String({ enum: ['valid', 'expired', 'not_yet_valid'] }),
  revoked: Type.Union([Type.Boolean(), Type.Null()]),
  revocationFrom: Type.Union([Type.String({ enum: ['dss', 'cms', 'trust_store'] }), Type.Null()], {
    description: 'where the revocation answer came from: the DSS in the PDF (PAdES B-LT), the CMS, or the trust-anchor folder',
  }),
});

export const VerifyResult = Type.Object({
  status: Type.String({ enum: ['none', 'valid', 'problem'] }),
  verdict: Type.String(),
  signatures: Type.Array(SignatureView),
});
