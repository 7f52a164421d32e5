// The download's Content-Disposition (RFC 6266 / 8187): the real name in UTF-8, an ASCII stand-in
// that spells æøå out, and nothing a name could use to end the header or the quoted value early.
import assert from "node:assert/strict";
import fc from "fast-check";
import { asciiFilename, attachmentDisposition } from "../../src/http/disposition";
import { downloadName } from "../../src/tab/api";

describe("Content-Disposition of the Word documents", () => {
  it("gives the UTF-8 name in filename* and spells æøå out in the ASCII filename", () => {
    assert.equal(
      attachmentDisposition("samarbejdsaftale-Søren-Ærø-Åsen-version-2.docx"),
      `attachment; filename="samarbejdsaftale-Soeren-Aeroe-Aasen-version-2.docx"; filename*=UTF-8''samarbejdsaftale-S%C3%B8ren-%C3%86r%C3%B8-%C3%85sen-version-2.docx`,
    );
    assert.equal(asciiFilename("evaluering-José-Müller.docx"), "evaluering-Jose-Muller.docx");
    assert.equal(asciiFilename("samarbeidsavtale-李-versjon-1.docx"), "samarbeidsavtale-_-versjon-1.docx");
  });

  it("no name can break out of the header or its quotes (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 60 }), (name) => {
        const header = attachmentDisposition(`${name}.docx`);
        assert.match(header, /^attachment; filename="[A-Za-z0-9._-]+"; filename\*=UTF-8''[A-Za-z0-9._~!$&+^`|%-]*$/);
        assert.equal(decodeURIComponent(header.split("filename*=UTF-8''")[1]!), `${name}.docx`, "filename* carries the name itself");
      }),
      { numRuns: 100 },
    );
    // A lone surrogate has no UTF-8: it is sent as U+FFFD rather than failing the download.
    assert.equal(attachmentDisposition("a\uD800b.docx"), `attachment; filename="a_b.docx"; filename*=UTF-8''a%EF%BF%BDb.docx`);
  });

  it("the tab saves the file under the name the server gave, æøå included (filename* first, then filename)", () => {
    for (const name of ["samarbejdsaftale-Søren-Sørensen-version-2.docx", "evaluering-Åse (Ærø) 'x'*.docx", "collaboration-agreement-Ann-version-10.docx"]) {
      assert.equal(downloadName(attachmentDisposition(name), "fallback.docx"), name);
    }
    assert.equal(downloadName('attachment; filename="plain.docx"', "fallback.docx"), "plain.docx");
    assert.equal(downloadName("attachment; filename*=UTF-8''%E0%A4%A.docx; filename=\"plain.docx\"", "fallback.docx"), "plain.docx", "a malformed escape falls back");
    assert.equal(downloadName(null, "fallback.docx"), "fallback.docx");
  });
});
