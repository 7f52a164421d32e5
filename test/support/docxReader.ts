/**
 * Reads a .docx back the way Word would find its text: unzip it (fflate), take word/document.xml,
 * and read each paragraph's runs and each table row's cells as plain text, entities decoded. A test
 * that finds a field here found it in the file, not in what the builder meant to write.
 */
import { strFromU8, unzipSync } from "fflate";

export interface ReadParagraph {
  readonly text: string;
  /** The paragraph style ("Title", "Heading1", …), or "" for body text. */
  readonly style: string;
  readonly bullet: boolean;
}

export interface ReadDocx {
  readonly parts: readonly string[];
  readonly documentXml: string;
  readonly stylesXml: string;
  readonly coreXml: string;
  readonly paragraphs: readonly ReadParagraph[];
  /** Each table row: the text of each cell (its paragraphs joined by "\n"). */
  readonly rows: readonly (readonly string[])[];
}

const decode = (s: string) =>
  s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(parseInt(n, 16)))
    .replace(/&amp;/g, "&");

const PARAGRAPH = /<w:p(?:\s[^>]*)?>[\s\S]*?<\/w:p>|<w:p(?:\s[^>]*)?\/>/g;

function textOf(paragraphXml: string): string {
  return [...paragraphXml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:tab\/>/g)].map((m) => (m[1] === undefined ? "\t" : decode(m[1]))).join("");
}

export function readDocx(bytes: Uint8Array): ReadDocx {
  const files = unzipSync(bytes);
  const part = (name: string) => {
    const f = files[name];
    if (!f) throw new Error(`no ${name} in the package`);
    return strFromU8(f);
  };
  const documentXml = part("word/document.xml");
  const paragraphs = [...documentXml.matchAll(PARAGRAPH)].map((m) => ({
    text: textOf(m[0]),
    style: /<w:pStyle w:val="([^"]+)"\/>/.exec(m[0])?.[1] ?? "",
    bullet: /<w:numPr>/.test(m[0]),
  }));
  const rows = [...documentXml.matchAll(/<w:tr(?:\s[^>]*)?>[\s\S]*?<\/w:tr>/g)].map((row) =>
    [...row[0].matchAll(/<w:tc(?:\s[^>]*)?>[\s\S]*?<\/w:tc>/g)].map((cell) => [...cell[0].matchAll(PARAGRAPH)].map((p) => textOf(p[0])).join("\n")),
  );
  return { parts: Object.keys(files), documentXml, stylesXml: part("word/styles.xml"), coreXml: part("docProps/core.xml"), paragraphs, rows };
}

/** The index of the first paragraph with exactly this text at or after `from` (-1: none). */
export function indexOf(doc: ReadDocx, text: string, from = 0): number {
  return doc.paragraphs.findIndex((p, i) => i >= from && p.text === text);
}
