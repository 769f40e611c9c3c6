/**
 * A minimal, strict XML 1.0 reader for tests of our Open311 XML (elements and text only, which is
 * all GeoReport v2 uses). It throws on anything not well-formed: a missing or mismatched end tag,
 * a bad name, an unescaped `<` or `&`, an unknown entity, text outside the root, two roots.
 */
export interface XmlNode {
  name: string;
  children: XmlNode[];
  text: string;
  selfClosing: boolean;
}

const NAME = /^[A-Za-z_][A-Za-z0-9._-]*/;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(raw: string): string {
  if (raw.includes('<')) throw new Error('unescaped < in text');
  return raw.replace(/&([^;]*);?/g, (m, name: string) => {
    if (!m.endsWith(';')) throw new Error(`bare & in text near "${m}"`);
    if (name in ENTITIES) return ENTITIES[name];
    const num = /^#(x[0-9a-fA-F]+|[0-9]+)$/.exec(name);
    if (num) return String.fromCodePoint(num[1].startsWith('x') ? parseInt(num[1].slice(1), 16) : parseInt(num[1], 10));
    throw new Error(`unknown entity &${name};`);
  });
}

export function parseXml(doc: string): XmlNode {
  let i = 0;
  const decl = /^<\?xml[^?]*\?>/.exec(doc);
  if (decl) i = decl[0].length;
  const skipWs = () => {
    while (i < doc.length && /\s/.test(doc[i])) i++;
  };
  function element(): XmlNode {
    if (doc[i] !== '<') throw new Error(`expected < at ${i}`);
    i++;
    const m = NAME.exec(doc.slice(i));
    if (!m) throw new Error(`bad element name at ${i}`);
    const name = m[0];
    i += name.length;
    skipWs();
    if (doc.startsWith('/>', i)) {
      i += 2;
      return { name, children: [], text: '', selfClosing: true };
    }
    if (doc[i] !== '>') throw new Error(`attributes are not expected (element ${name})`);
    i++;
    const node: XmlNode = { name, children: [], text: '', selfClosing: false };
    for (;;) {
      const lt = doc.indexOf('<', i);
      if (lt < 0) throw new Error(`unclosed element ${name}`);
      node.text += decode(doc.slice(i, lt));
      i = lt;
      if (doc.startsWith('</', i)) {
        i += 2;
        const end = NAME.exec(doc.slice(i));
        if (!end || end[0] !== name) throw new Error(`mismatched end tag: </${end?.[0]}> for <${name}>`);
        i += end[0].length;
        skipWs();
        if (doc[i] !== '>') throw new Error('bad end tag');
        i++;
        return node;
      }
      node.children.push(element());
    }
  }
  skipWs();
  const root = element();
  skipWs();
  if (i !== doc.length) throw new Error('content after the root element');
  return root;
}

/**
 * The JSON-like value an Open311 XML element stands for: elements named in `arrays` hold lists
 * (their children are the items), other elements with children are objects, leaves are text
 * (an empty element is null).
 */
export function xmlValue(node: XmlNode, arrays: Record<string, string>): unknown {
  if (node.name in arrays) {
    for (const c of node.children) if (c.name !== arrays[node.name]) throw new Error(`<${node.name}> holds <${c.name}>, expected <${arrays[node.name]}>`);
    return node.children.map((c) => xmlValue(c, arrays));
  }
  if (node.children.length) {
    if (node.text.trim() !== '') throw new Error(`mixed content in <${node.name}>`);
    const out: Record<string, unknown> = {};
    for (const c of node.children) out[c.name] = xmlValue(c, arrays);
    return out;
  }
  return node.selfClosing ? null : node.text;
}

/** JSON values as XML text carries them: numbers and booleans become strings, empty arrays stay arrays. */
export function asXmlText(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (Array.isArray(v)) return v.map(asXmlText);
  if (typeof v === 'object') return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, asXmlText(x)]));
  return String(v);
}
