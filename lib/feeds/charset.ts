// Bytes -> text for feed documents. Order of evidence: the HTTP Content-Type charset (the
// server's word, RFC 7303), then a byte-order mark, then the XML declaration, else UTF-8.
// A BOM overrides a header that names a different Unicode encoding family, because a BOM
// cannot be there by accident while misconfigured servers are common.
// Invalid byte sequences become U+FFFD rather than failing the whole feed.

const BOMS: Array<[number[], string]> = [
  [[0xef, 0xbb, 0xbf], "utf-8"],
  [[0xff, 0xfe], "utf-16le"],
  [[0xfe, 0xff], "utf-16be"],
];

/** Charset parameter of a Content-Type header value, lower-cased, or null. */
export function charsetFromContentType(contentType: string | null | undefined): string | null {
  if (!contentType) return null;
  const m = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType);
  return m?.[1] ? m[1].toLowerCase() : null;
}

function bomEncoding(bytes: Uint8Array): string | null {
  for (const [sig, enc] of BOMS) if (sig.every((b, i) => bytes[i] === b)) return enc;
  return null;
}

/** UTF-16 without a BOM announces itself by NUL bytes around the first "<". */
function sniffUtf16(bytes: Uint8Array): string | null {
  if (bytes[0] === 0x3c && bytes[1] === 0x00) return "utf-16le";
  if (bytes[0] === 0x00 && bytes[1] === 0x3c) return "utf-16be";
  return null;
}

function declaredEncoding(bytes: Uint8Array): string | null {
  // The declaration is ASCII-compatible in every encoding a declaration can name usefully.
  const head = Buffer.from(bytes.subarray(0, 512)).toString("latin1");
  const m = /^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head);
  return m?.[1] ? m[1].toLowerCase() : null;
}

function decoderFor(label: string | null): TextDecoder | null {
  if (!label) return null;
  try {
    return new TextDecoder(label);
  } catch {
    return null; // unknown label: fall through to the next piece of evidence
  }
}

/** Pick the charset for `bytes`, returning the TextDecoder label used. */
export function detectCharset(bytes: Uint8Array, contentType?: string | null): string {
  const bom = bomEncoding(bytes);
  const header = charsetFromContentType(contentType);
  const headerDecoder = decoderFor(header);
  if (headerDecoder) {
    const enc = headerDecoder.encoding;
    // A UTF-16 header on a document without a UTF-16 BOM or NULs is a misconfigured server.
    if (bom && bom !== enc && (enc.startsWith("utf-") || bom.startsWith("utf-16"))) return bom;
    return enc;
  }
  if (bom) return bom;
  const utf16 = sniffUtf16(bytes);
  if (utf16) return utf16;
  const declared = decoderFor(declaredEncoding(bytes));
  // A declaration claiming UTF-16 in a byte-oriented document is wrong by construction.
  if (declared && !declared.encoding.startsWith("utf-16")) return declared.encoding;
  return "utf-8";
}

/** Decode feed bytes to text (BOM stripped), per the evidence order above. */
export function decodeFeedBytes(bytes: Uint8Array, contentType?: string | null): string {
  const label = detectCharset(bytes, contentType);
  let text = new TextDecoder(label).decode(bytes); // strips a matching BOM itself
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return text;
}

// Windows-1252 characters for the C1 range: text decoded as Latin-1/UTF-8 that really was
// cp1252 ("smart quotes") shows up as these invisible control characters.
const CP1252_C1 = "\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178";

/** Replace C1 controls by their cp1252 meaning and drop C0 controls XML forbids. */
export function cleanControlChars(text: string): string {
  if (!/[\x00-\x08\x0b\x0c\x0e-\x1f\x80-\x9f]/.test(text)) return text;
  return text
    .replace(/[\x00-\x08\x0b\x0c\x0e-\x1f]/g, "")
    .replace(/[\x80-\x9f]/g, (c) => CP1252_C1[c.charCodeAt(0) - 0x80] ?? c);
}

/**
 * `text` without U+0000. Postgres text cannot hold NUL (it refuses the whole statement), and
 * escapes can bring one back after cleanControlChars: JSON's \u0000, a percent-decoded IRI.
 */
export function stripNul(text: string): string {
  return text.indexOf("\u0000") === -1 ? text : text.replaceAll("\u0000", "");
}
