/**
 * A small XML serializer for the Open311 GeoReport v2 XML format: objects become elements, arrays
 * become repeated elements named by `itemNames` (e.g. services → service), null becomes an empty
 * element, booleans and numbers their JSON text. Text is escaped (& < > " ') and characters that
 * XML 1.0 forbids are dropped.
 */

export type XmlValue = string | number | boolean | null | undefined | XmlValue[] | { [k: string]: XmlValue };

export function escapeXml(s: string): string {
  return (
    s
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
  );
}

const NAME_RE = /^[A-Za-z_][A-Za-z0-9._-]*$/;

function element(name: string, value: XmlValue, itemNames: Record<string, string>, out: string[]): void {
  if (!NAME_RE.test(name)) throw new Error(`invalid XML element name: ${name}`);
  if (value === undefined) return;
  if (value === null) {
    out.push(`<${name}/>`);
    return;
  }
  if (Array.isArray(value)) {
    const item = itemNames[name];
    if (!item) throw new Error(`no item element name for array ${name}`);
    out.push(`<${name}>`);
    for (const v of value) element(item, v, itemNames, out);
    out.push(`</${name}>`);
    return;
  }
  if (typeof value === 'object') {
    out.push(`<${name}>`);
    for (const [k, v] of Object.entries(value)) element(k, v, itemNames, out);
    out.push(`</${name}>`);
    return;
  }
  out.push(`<${name}>${escapeXml(String(value))}</${name}>`);
}

/** `<?xml …?>` + the root element. `itemNames` names the children of each array-valued element. */
export function toXml(root: string, value: XmlValue, itemNames: Record<string, string> = {}): string {
  const out: string[] = ['<?xml version="1.0" encoding="utf-8"?>'];
  element(root, value, itemNames, out);
  return out.join('');
}

/** Item names of the GeoReport v2 XML documents. */
export const OPEN311_ITEMS: Record<string, string> = {
  services: 'service',
  service_requests: 'request',
  attributes: 'attribute',
  values: 'value',
  errors: 'error',
  endpoints: 'endpoint',
  formats: 'format',
};
