/**
 * Content-Disposition for a download with a name in Danish or Norwegian (RFC 6266): `filename*`
 * carries the real name in UTF-8 (RFC 8187), and `filename` an ASCII stand-in for clients that
 * read only that — æøå spelt as Danes and Norwegians do without them (ae, oe, aa), anything else
 * outside a safe set as "_", so no quote or backslash can end the value early.
 */
const SPELT_OUT: Readonly<Record<string, string>> = { æ: "ae", Æ: "Ae", ø: "oe", Ø: "Oe", å: "aa", Å: "Aa", ß: "ss" };

export function asciiFilename(name: string): string {
  const spelt = name.replace(/[æÆøØåÅß]/g, (c) => SPELT_OUT[c] ?? "_");
  const ascii = spelt
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^A-Za-z0-9._-]/g, "_")
    .replace(/_{2,}/g, "_");
  return ascii.replace(/^[._]+/, "") || "download";
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** RFC 8187 ext-value: UTF-8, every byte outside attr-char percent-encoded (a lone surrogate, which has no UTF-8, as U+FFFD). */
function extValue(name: string): string {
  return `UTF-8''${encodeURIComponent(name.replace(LONE_SURROGATE, "\uFFFD")).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}

export function attachmentDisposition(filename: string): string {
  return `attachment; filename="${asciiFilename(filename)}"; filename*=${extValue(filename)}`;
}
