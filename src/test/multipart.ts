/**
 * The one multipart/form-data body builder of the tests (uploads through `t.request` or
 * `app.inject`): text fields first, then the files, as a browser's form sends them. The result
 * spreads into a request: `t.request({ method: 'POST', url, token, ...multipart({ name: 'a.pdf', data, type: 'application/pdf' }) })`.
 */

export interface FilePart {
  /** The file's name as sent (`filename="…"`). */
  name: string;
  data: Buffer;
  /** Default `application/octet-stream`. */
  type?: string;
  /** The form field; default `file`. */
  field?: string;
}

export interface MultipartBody {
  payload: Buffer;
  headers: { 'content-type': string };
}

/** A multipart body of `fields` and `files`; `boundary` only where a test needs it fixed. */
export function multipart(
  files: FilePart | readonly FilePart[] | null,
  fields: Record<string, string> = {},
  boundary = `----motcua${Math.random().toString(16).slice(2)}`,
): MultipartBody {
  const chunks: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  for (const f of files === null ? [] : Array.isArray(files) ? files : [files as FilePart]) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${f.field ?? 'file'}"; filename="${f.name}"\r\nContent-Type: ${f.type ?? 'application/octet-stream'}\r\n\r\n`,
      ),
      f.data,
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
