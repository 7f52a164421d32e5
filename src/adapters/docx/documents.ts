/**
 * The pair's own copies as Word documents (issue 11, item 6): the collaboration agreement, any
 * version, and the closing evaluation. The seeds' templates (seed 000: "Samarbejdsaftale om
 * mentorordning") are Word documents that municipalities file in their case systems, so the copy
 * is one too, laid out as the template is: its headings (purpose, frames, ground rules, learning
 * needs, methods, other) with each field under its label, in the mentorship's language, the words
 * from the one word list and dates in the programme's zone.
 *
 * Built with the `docx` package's declarative API; only this folder imports it (an architecture
 * test keeps it so), and the tab API reaches it through the function the composition root injects.
 */
import { Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from "docx";
import type { AgreementFieldName, AgreementFields, AgreementTextField, AgreementVersion, Editor, Party } from "../../domain/agreement";
import type { ClosingReason, GoalEvaluation, GoalSource, GoalStatus } from "../../domain/closing";
import { dateIn, formatDate } from "../../domain/dates";
import type { Language } from "../../domain/language";
import type { Mentorship } from "../../domain/mentorship";
import { timeZoneOf } from "../../domain/programmes";
import { type MessageKey, t } from "../../i18n";
import { dateTimeText } from "../../i18n/dates";

export const DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/** A finished document and the file name it is offered under (UTF-8; the HTTP layer adds an ASCII fallback). */
export interface WordDocument {
  readonly bytes: Buffer;
  readonly filename: string;
  readonly contentType: typeof DOCX_CONTENT_TYPE;
}

/** Word's proofing language for the text, so the spelling check reads Danish as Danish. */
const PROOFING: Readonly<Record<Language, string>> = { da: "da-DK", nb: "nb-NO", en: "en-GB" };

/** The template's groups, in its order; a group of one field is headed by that field's name. */
const GROUPS: readonly { readonly heading: MessageKey; readonly fields: readonly AgreementFieldName[] }[] = [
  { heading: "agreement.purpose", fields: ["purpose"] },
  { heading: "agreement.frames", fields: ["meetingCount", "meetingMinutes", "timeAndPlace", "undisturbed", "framesOther"] },
  { heading: "agreement.groundRules", fields: ["openness", "confidentiality", "preparation", "feedback", "groundRulesOther"] },
  { heading: "agreement.learningNeeds", fields: ["shortTermGoals", "longTermIdeas", "learningOther"] },
  { heading: "agreement.methods", fields: ["mentorRoles", "tools", "methodsOther"] },
  { heading: "agreement.other", fields: ["other"] },
];

/** Fields named "X: other" in the word list: under their group's heading X they are just "Other", as on the card. */
const GROUP_OTHER: readonly AgreementFieldName[] = ["framesOther", "groundRulesOther", "learningOther", "methodsOther"];

const GOAL_SOURCES: readonly GoalSource[] = ["shortTermGoals", "longTermIdeas"];

/**
 * XML 1.0 has no place for most control characters or unpaired surrogates: a pasted one would make
 * the document one Word refuses to open, so they are left out (the stored text keeps them).
 */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function xmlSafe(text: string): string {
  return text.replace(NOT_XML, "");
}

/** One paragraph per line the person wrote (a run break would lose Word's paragraph spacing). */
function lines(text: string): string[] {
  const all = xmlSafe(text).split(/\r\n|\r|\n/);
  while (all.length > 1 && all[all.length - 1]!.trim() === "") all.pop();
  return all;
}

/** A file name from the word list: no characters a file system refuses, no spaces. */
function fileName(base: string): string {
  const slug = xmlSafe(base)
    .normalize("NFC")
    .replace(/[\\/:*?"<>|\u0000-\u001F\u007F]+/g, "")
    .replace(/\s+/g, "-")
    .replace(/-{2,}/g, "-")
    .replace(/^[-.]+|[-.]+$/g, "");
  return `${slug.slice(0, 120) || "document"}.docx`;
}

/** What the builders need from a mentorship and its language, in one place. */
class Words {
  readonly zone: string;
  constructor(
    readonly m: Mentorship,
    readonly lang: Language,
  ) {
    this.zone = m.timeZone || timeZoneOf(m);
  }

  t(key: MessageKey, params?: Readonly<Record<string, string | number>>): string {
    return t(this.lang, key, params);
  }

  /** dd.mm.yyyy of an instant, in the programme's zone. */
  date(iso: string): string {
    return formatDate(dateIn(new Date(iso), this.zone));
  }

  /** "19.01.2027 kl. 10:00", in the programme's zone. */
  at(iso: string): string {
    return dateTimeText(this.lang, new Date(iso), this.zone);
  }

  party(p: Party): string {
    return this.t(`party.${p}`);
  }

  /**
   * Who was the party at an instant: an acceptance or an edit before a change of mentor was the
   * former mentor's, and the document names them, not their successor.
   */
  nameAt(p: Party, iso: string): string {
    if (p === "mentee") return this.m.mentee.name;
    const former = (this.m.formerMentors ?? []).find((f) => f.until > iso);
    return (former?.person ?? this.m.mentor).name;
  }

  /** "3, saved by Mette Mentor 19.01.2027", or the programme's first draft. */
  version(number: number, editedBy: Editor, at: string): string {
    return editedBy === "programme" ? this.t("docx.versionFirst", { version: number, date: this.date(at) }) : this.t("docx.versionBy", { version: number, name: this.nameAt(editedBy, at), date: this.date(at) });
  }
}

const title = (text: string) => new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(xmlSafe(text))] });
const heading = (text: string, level: "1" | "2" = "1") =>
  new Paragraph({ heading: level === "1" ? HeadingLevel.HEADING_1 : HeadingLevel.HEADING_2, keepNext: true, children: [new TextRun(xmlSafe(text))] });
const label = (text: string) => new Paragraph({ keepNext: true, spacing: { before: 160 }, children: [new TextRun({ text: xmlSafe(text), bold: true })] });
const plain = (text: string) => new Paragraph({ children: [new TextRun(xmlSafe(text))] });
const bullet = (text: string) => new Paragraph({ bullet: { level: 0 }, children: [new TextRun(xmlSafe(text))] });
/** A field's text, or the word list's dash when nothing (writable) is left of it. */
const block = (w: Words, text: string) => (xmlSafe(text).trim() === "" ? [plain(w.t("agreement.empty"))] : lines(text).map(plain));

/** Label and value rows, as the template's head ("… (mentor) og … (mentee)") with its facts. */
function facts(rows: readonly (readonly [string, string])[]): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    columnWidths: [3200, 6200],
    rows: rows.map(
      ([name, value]) =>
        new TableRow({
          cantSplit: true,
          children: [
            new TableCell({ width: { size: 34, type: WidthType.PERCENTAGE }, children: [new Paragraph({ children: [new TextRun({ text: xmlSafe(name), bold: true })] })] }),
            new TableCell({ width: { size: 66, type: WidthType.PERCENTAGE }, children: lines(value).map(plain) }),
          ],
        }),
    ),
  });
}

async function pack(w: Words, docTitle: string, children: (Paragraph | Table)[], filename: string): Promise<WordDocument> {
  const doc = new Document({
    title: xmlSafe(docTitle),
    creator: w.t("app.name"),
    styles: {
      default: {
        document: { run: { language: { value: PROOFING[w.lang] }, font: "Calibri", size: 22 }, paragraph: { spacing: { after: 80 } } },
        // Room above a heading, so a group starts visibly after the table or text before it.
        heading1: { paragraph: { spacing: { before: 360, after: 120 } } },
        heading2: { paragraph: { spacing: { before: 240, after: 80 } } },
      },
    },
    sections: [{ children }],
  });
  return { bytes: await Packer.toBuffer(doc), filename: fileName(filename), contentType: DOCX_CONTENT_TYPE };
}

function head(w: Words): (readonly [string, string])[] {
  const m = w.m;
  return [
    [w.t("column.mentor"), m.mentor.name],
    [w.t("column.mentee"), m.mentee.name],
    [w.t("setup.unit"), m.unit],
    [w.t("setup.programme"), w.t(`programme.${m.programme}`)],
    [w.t("setup.firstDay"), formatDate(m.firstWorkingDay)],
  ];
}

/** Where this version stands: the agreement in force, a draft, a proposed revision, or an earlier version. */
function standing(w: Words, number: number): string {
  const a = w.m.agreement;
  const revision = a.revision ?? null;
  if (a.lockedAt && number === a.version) return w.t("docx.status.inForce", { date: w.date(a.lockedAt) });
  if (revision && number === revision.version) return w.t("docx.status.proposed", { current: a.version });
  if (!a.lockedAt && number === a.version) return w.t("docx.status.draft");
  return w.t("docx.status.earlier", { current: Math.max(a.version, revision?.version ?? 0) });
}

/** Every acceptance the mentorship knows, with its version and instant: the agreement's and an open revision's. */
function acceptances(w: Words): Paragraph[] {
  const a = w.m.agreement;
  const known = [a.acceptances, a.revision?.acceptances ?? {}].flatMap((accs) =>
    (["mentor", "mentee"] as const).flatMap((p) => {
      const acc = accs[p];
      return acc ? [{ p, ...acc }] : [];
    }),
  );
  if (known.length === 0) return [plain(w.t("docx.approvals.none"))];
  return known
    .sort((x, y) => x.version - y.version || x.at.localeCompare(y.at))
    .map((acc) => plain(w.t("agreement.acceptedBy", { name: w.nameAt(acc.p, acc.at), party: w.party(acc.p), version: acc.version, at: w.at(acc.at) })));
}

function fieldValue(w: Words, fields: AgreementFields, name: AgreementFieldName): Paragraph[] {
  switch (name) {
    case "meetingCount":
    case "meetingMinutes":
      return [plain(String(fields[name]))];
    case "mentorRoles":
      return fields.mentorRoles.length === 0 ? block(w, "") : fields.mentorRoles.map((r) => bullet(w.t(`mentorRole.${r}`)));
    case "tools":
      return fields.tools.length === 0 ? block(w, "") : fields.tools.map((x) => bullet(w.t(`tool.${x}`)));
    default:
      return block(w, fields[name as AgreementTextField]);
  }
}

function fieldLabel(w: Words, name: AgreementFieldName): string {
  return GROUP_OTHER.includes(name) ? w.t("agreement.other") : w.t(`agreement.${name}` as MessageKey);
}

/**
 * One version of the collaboration agreement, agreed or not: the document says plainly where the
 * version stands, so a draft is never mistaken for the agreement in force.
 */
export async function agreementDocx(m: Mentorship, version: AgreementVersion, language: Language): Promise<WordDocument> {
  const w = new Words(m, language);
  const docTitle = w.t("agreement.title");
  const children: (Paragraph | Table)[] = [
    title(docTitle),
    // The pair as it is now (a change of mentor hands the agreement on); who accepted is named as it was, below.
    plain(w.t("docx.agreement.intro", { mentor: m.mentor.name, mentee: m.mentee.name })),
    facts([...head(w), [w.t("docx.versionRow"), w.version(version.number, version.editedBy, version.at)], [w.t("docx.statusRow"), standing(w, version.number)]]),
  ];
  for (const group of GROUPS) {
    children.push(heading(w.t(group.heading)));
    const single = group.fields.length === 1;
    for (const name of group.fields) {
      if (!single) children.push(label(fieldLabel(w, name)));
      children.push(...fieldValue(w, version.fields, name));
    }
  }
  children.push(heading(w.t("docx.approvals")), ...acceptances(w));
  return pack(w, docTitle, children, w.t("docx.agreement.file", { mentee: m.mentee.name, version: version.number }));
}

const STATUS_KEY: Readonly<Record<GoalStatus, MessageKey>> = { reached: "docx.goalStatus.reached", partly: "docx.goalStatus.partly", notYet: "docx.goalStatus.notYet" };
const REASON_KEY: Readonly<Record<ClosingReason, MessageKey>> = {
  completed: "docx.reason.completed",
  leftWorkplace: "docx.reason.leftWorkplace",
  endedByAgreement: "docx.reason.endedByAgreement",
  changedProgramme: "docx.reason.changedProgramme",
};

function goalTable(w: Words, goals: readonly GoalEvaluation[]): Table {
  const cell = (children: Paragraph[], size: number) => new TableCell({ width: { size, type: WidthType.PERCENTAGE }, children });
  const headCell = (text: string, size: number) => cell([new Paragraph({ children: [new TextRun({ text: xmlSafe(text), bold: true })] })], size);
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    columnWidths: [3800, 1800, 3800],
    rows: [
      new TableRow({ tableHeader: true, children: [headCell(w.t("docx.goal"), 40), headCell(w.t("docx.goalStatus"), 20), headCell(w.t("docx.goalComment"), 40)] }),
      ...goals.map(
        (g) =>
          new TableRow({
            cantSplit: true,
            children: [
              cell(lines(g.goal).map(plain), 40),
              cell([plain(w.t(g.status ? STATUS_KEY[g.status] : "docx.goalStatus.none"))], 20),
              cell(block(w, g.comment), 40),
            ],
          }),
      ),
    ],
  });
}

/**
 * The closing evaluation: each learning goal of the agreed agreement with its status in words and
 * comment, what worked, what could work better, the mentor's recommendations, who confirmed which
 * version when, and whether the mentee consented to share the recommendations with the leader.
 * Only for a mentorship that has an evaluation (closing begun); the document says if it is not yet
 * confirmed by both.
 */
export async function evaluationDocx(m: Mentorship, language: Language): Promise<WordDocument> {
  const closing = m.closing;
  if (!closing) throw new Error("evaluationDocx: the mentorship has no evaluation");
  const w = new Words(m, language);
  const e = closing.evaluation;
  const docTitle = w.t("docx.evaluation.title");
  const children: (Paragraph | Table)[] = [
    title(docTitle),
    plain(w.t("docx.evaluation.intro", { mentor: m.mentor.name, mentee: m.mentee.name, version: closing.agreementVersion })),
    facts([
      ...head(w),
      [w.t("docx.reasonRow"), w.t(REASON_KEY[closing.reason])],
      [w.t("docx.closingStartedRow"), w.date(closing.startedAt)],
      [w.t("docx.closedRow"), closing.closedAt ? w.date(closing.closedAt) : w.t("docx.notClosed")],
      [w.t("docx.versionRow"), String(closing.agreementVersion)],
      [w.t("docx.evaluationVersionRow"), w.version(e.version, e.editedBy, e.at)],
    ]),
    heading(w.t("tab.learningGoals")),
  ];
  if (e.fields.goals.length === 0) children.push(plain(w.t("docx.goals.none")));
  for (const source of GOAL_SOURCES) {
    const goals = e.fields.goals.filter((g) => g.source === source);
    if (goals.length === 0) continue;
    children.push(heading(w.t(`agreement.${source}`), "2"), goalTable(w, goals));
  }
  for (const [key, text] of [
    ["docx.worked", e.fields.worked],
    ["docx.couldBeBetter", e.fields.couldBeBetter],
    ["docx.recommendations", e.fields.recommendations],
  ] as const) {
    children.push(heading(w.t(key)), ...block(w, text));
  }
  children.push(
    heading(w.t("docx.consent")),
    plain(e.shareWithLeader ? w.t("docx.consentYes", { mentee: m.mentee.name, at: w.at(e.shareWithLeaderAt ?? e.at) }) : w.t("docx.consentNo", { mentee: m.mentee.name })),
    heading(w.t("docx.confirmations")),
  );
  const confirmed = (["mentor", "mentee"] as const).flatMap((p) => {
    const c = e.confirmations[p];
    return c ? [plain(w.t("docx.confirmedBy", { name: w.nameAt(p, c.at), party: w.party(p), version: c.version, at: w.at(c.at) }))] : [];
  });
  children.push(...(confirmed.length > 0 ? confirmed : [plain(w.t("docx.confirmations.none"))]));
  return pack(w, docTitle, children, w.t("docx.evaluation.file", { mentee: m.mentee.name }));
}
