/**
 * PAdES signing: @signpdf/placeholder-plain appends the signature dictionary, its field and widget
 * as an incremental update (earlier revisions and their signatures stay byte-for-byte as they
 * were), @signpdf/signpdf computes the /ByteRange and writes our CMS into /Contents.
 */
import { plainAddPlaceholder } from '@signpdf/placeholder-plain';
import { SignPdf } from '@signpdf/signpdf';
import { Signer, SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils';
import { cadesDetached, type SigningIdentity, type Timestamper } from './cms.js';
import { buildAppearance, type AppearanceInput } from './appearance.js';
import { addVisiblePlaceholder, type Placement } from './placeholder.js';

export interface PadesOptions {
  signingTime: Date;
  /** /Name, /Reason, /Location, /ContactInfo of the signature dictionary (plain ASCII is safest in PDF strings). */
  name: string;
  reason: string;
  location: string;
  contactInfo?: string;
  /** The visible widget's rectangle on the first page [x1, y1, x2, y2] in points; [0,0,0,0] = invisible. */
  widgetRect?: [number, number, number, number];
  /** A visible block in the layout of Nghị định 30/2020 on the last page (then widgetRect is not used). */
  appearance?: Omit<AppearanceInput, 'signedAt'>;
  /** Where the visible block goes (default: bottom right of the last page). */
  placement?: Placement;
  timestamper?: Timestamper;
}

/** Room for the CMS in /Contents: a 3-certificate chain, a timestamp token with its own chain. */
const SIGNATURE_BYTES = 16384;

class CadesSigner extends Signer {
  constructor(
    private readonly id: SigningIdentity,
    private readonly timestamper?: Timestamper,
  ) {
    super();
  }
  override async sign(data: Buffer): Promise<Buffer> {
    return cadesDetached(data, this.id, this.timestamper);
  }
}

/** PDF string values: placeholder-plain writes them as literal strings, so keep them to printable ASCII. */
export function pdfSafe(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^\x20-\x7e]/g, '')
    .replace(/[()\\]/g, ' ');
}

/** Signs a PDF (PAdES B-B, or B-T with a timestamper) as an incremental update. */
export async function signPdf(pdf: Buffer, id: SigningIdentity, o: PadesOptions): Promise<Buffer> {
  if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-') throw new Error('not a PDF');
  if (o.appearance) {
    const visible = addVisiblePlaceholder(
      pdf,
      {
        subFilter: SUBFILTER_ETSI_CADES_DETACHED,
        signatureLength: SIGNATURE_BYTES,
        signingTime: o.signingTime,
        name: pdfSafe(o.name),
        reason: pdfSafe(o.reason),
        location: pdfSafe(o.location),
        contactInfo: pdfSafe(o.contactInfo ?? ''),
      },
      buildAppearance({ ...o.appearance, signedAt: o.signingTime }),
      o.placement,
    );
    return new SignPdf().sign(visible, new CadesSigner(id, o.timestamper), o.signingTime);
  }
  const withPlaceholder = plainAddPlaceholder({
    pdfBuffer: pdf,
    reason: pdfSafe(o.reason),
    contactInfo: pdfSafe(o.contactInfo ?? ''),
    name: pdfSafe(o.name),
    location: pdfSafe(o.location),
    signingTime: o.signingTime,
    signatureLength: SIGNATURE_BYTES,
    subFilter: SUBFILTER_ETSI_CADES_DETACHED,
    widgetRect: o.widgetRect ?? [0, 0, 0, 0],
    appName: 'MotCua',
  });
  return new SignPdf().sign(withPlaceholder, new CadesSigner(id, o.timestamper), o.signingTime);
}
