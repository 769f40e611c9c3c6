import type { ErrorCode } from '../../platform/error-codes.js';
/**
 * The signatures module's functions for other modules, exposed through signatures.public.ts (moved there
 * unchanged: a public file only re-exports).
 */
import type { Deps } from '../../platform/deps.js';
import type { Executor } from '../../platform/db/database.js';
import { getChecks } from './signatures.repo.js';
import { AppError, unprocessable } from '../../platform/errors.js';
import { CscError } from './signers.js';
import type { OfficialProfile } from './signers.js';
import type { Config } from '../../platform/config.js';
import { createSignaturesService, type SignaturesService } from './signatures.service.js';

const services = new WeakMap<object, SignaturesService>();

/** The one signatures service of an app (built on first use from its configuration and clock). */
export function signaturesOf(deps: Pick<Deps, 'config' | 'clock'>): SignaturesService {
  let s = services.get(deps);
  if (!s) {
    s = createSignaturesService(deps.config, () => deps.clock.now());
    services.set(deps, s);
  }
  return s;
}

/**
 * The kept verdicts of files by SHA-256 (every PDF uploaded to a dossier and every signed result is
 * checked when stored): `valid` means every signature in it is valid. Hashes never checked are absent.
 */
export async function storedSignatureStatus(db: Executor, hashes: string[]): Promise<Map<string, 'none' | 'valid' | 'problem'>> {
  const m = await getChecks(db, [...new Set(hashes)]);
  return new Map([...m].map(([k, v]) => [k, v.status]));
}

/** A signing failure as the API answers it: 503 signing_unavailable, 422 signing_not_confirmed / signing_refused / unsignable. */
export function signingProblem(err: unknown, unsignableCode: ErrorCode = 'pdf_unsignable'): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof CscError) {
    if (err.code === 'csc_unavailable') return new AppError(503, 'signing_unavailable', err.message);
    if (err.code === 'csc_timeout') return unprocessable('signing_not_confirmed', err.message);
    return unprocessable('signing_refused', err.message);
  }
  return unprocessable(unsignableCode, `Không ký số được tệp PDF này (${(err as Error).message}).`);
}

/**
 * Signs a PDF with an official's own certificate and the visible block of Nghị định 30/2020 (their
 * title, agency, time). 422 no_signing_certificate when no credential is set up for them.
 */
export async function signAsOfficial(svc: SignaturesService, official: OfficialProfile, pdf: Buffer, o: { reason: string; location: string }): Promise<Buffer> {
  try {
    const id = await svc.identityOf(official);
    if (!id)
      throw unprocessable(
        'no_signing_certificate',
        'Chưa có chứng thư số của người ký: cần cấu hình dịch vụ ký số từ xa (CSC) và đăng ký chứng thư cho lãnh đạo (docs/signatures.md).',
      );
    return await svc.sign(pdf, id, {
      signerName: official.fullName,
      reason: o.reason,
      location: o.location,
      visible: { kind: 'personal', title: official.title, agencyName: official.agencyName },
    });
  } catch (err) {
    throw signingProblem(err);
  }
}

/**
 * A signatures service outside a running app (the demo seed, which signs and seals what it
 * generates as of the story's own clock). Same configuration rules as the app's: the sandbox CA
 * only when SANDBOX names `signing` (demo mode), a configured seal or CSC provider otherwise.
 */
export function signaturesFor(config: Pick<Config, 'signing' | 'sandboxes' | 'dataDir'>, now: () => Date): SignaturesService {
  return createSignaturesService(config, now);
}
