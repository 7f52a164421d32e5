/**
 * Issue 13: a person's export as a readable document (beside the Word documents: the readable copies
 * a person takes away) — one self-contained HTML page in their
 * language (no scripts, no external resources, every text escaped), which any browser opens and
 * prints. The same content as the JSON, headed and worded for a person rather than a program.
 */
import { AgreementFieldNames, type AgreementFields } from "../../domain/agreement";
import { dateIn, formatDate, isIsoDate } from "../../domain/dates";
import { JournalTextFields } from "../../domain/journal";
import type { Language } from "../../domain/language";
import { type MessageKey, t } from "../../i18n";
import { dateTimeText } from "../../i18n/dates";
import type { MentorshipPart, PersonalDataExport } from "../../app/rights/personalData";

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** A text the person wrote, its line breaks kept. */
const para = (s: string) => `<p>${esc(s).replace(/\r\n|\r|\n/g, "<br>")}</p>`;
const ZONE = "Europe/Copenhagen";

function day(iso: string, zone = ZONE): string {
  return isIsoDate(iso) ? formatDate(iso) : formatDate(dateIn(new Date(iso), zone));
}

function safeT(lang: Language, key: string, params: Record<string, string | number> = {}): string {
  try {
    return t(lang, key as MessageKey, params);
  } catch {
    return key.split(".").at(-1) ?? key;
  }
}

function fieldsHtml(lang: Language, fields: AgreementFields): string {
  const rows = AgreementFieldNames.map((name) => {
    const v = fields[name];
    const value = Array.isArray(v) ? v.map((x) => safeT(lang, `${name === "mentorRoles" ? "mentorRole" : "tool"}.${String(x)}`)).join(", ") : String(v);
    return value.trim() === "" ? "" : `<dt>${esc(safeT(lang, `agreement.${name}`))}</dt><dd>${para(value)}</dd>`;
  }).join("");
  return `<dl>${rows}</dl>`;
}

function mentorshipHtml(lang: Language, m: MentorshipPart): string {
  const roles = m.roles.map((r) => (r === "mentor" || r === "mentee" ? t(lang, `party.${r}`) : t(lang, `rights.role.${r}`))).join(", ");
  const out: string[] = [];
  out.push(`<h3>${esc(t(lang, "rights.doc.mentorship", { programme: safeT(lang, `programme.${m.programme}`), unit: m.unit, roles }))}</h3>`);
  out.push(`<p>${esc(t(lang, "rights.doc.facts", { mentor: m.people.mentor, mentee: m.people.mentee, firstDay: day(m.firstWorkingDay), phase: t(lang, `phase.${m.phase}`) }))}</p>`);
  if (m.archiveHold) out.push(`<p><strong>${esc(t(lang, "rights.doc.held", { reason: t(lang, `rights.hold.${m.archiveHold}`) }))}</strong></p>`);
  if (m.agreementVersions.length > 0) {
    out.push(`<h4>${esc(t(lang, "rights.doc.agreementVersions"))}</h4>`);
    for (const v of m.agreementVersions) out.push(`<h5>${esc(t(lang, "rights.doc.version", { number: v.number, date: day(v.at, m.timeZone) }))}</h5>${fieldsHtml(lang, v.fields)}`);
  }
  if (m.presentation) out.push(`<h4>${esc(t(lang, "rights.doc.presentation"))}</h4>${para(m.presentation)}`);
  if (m.meetings.length > 0) {
    out.push(`<h4>${esc(t(lang, "rights.doc.meetings"))}</h4><ul>`);
    for (const x of m.meetings) {
      const a = x.agenda;
      const texts = a ? [a.theme, a.learningGoal, a.howIsMentee ?? "", a.experience ?? "", a.summary, a.myFeedback?.how ?? "", a.myFeedback?.worked ?? "", a.myFeedback?.better ?? "", a.nextTheme, a.nextLearningGoal, a.nextPreparation].filter((s) => s.trim() !== "") : [];
      out.push(`<li>${esc(dateTimeText(lang, new Date(x.startUtc), m.timeZone))} (${x.minutes} min)${texts.map(para).join("")}</li>`);
    }
    out.push("</ul>");
  }
  if (m.evaluation) {
    const e = m.evaluation.fields;
    out.push(`<h4>${esc(t(lang, "rights.doc.evaluation"))}</h4>`);
    for (const g of e.goals) out.push(para(`${g.goal}${g.comment ? ` — ${g.comment}` : ""}`));
    for (const s of [e.worked, e.couldBeBetter, e.recommendations]) if (s.trim()) out.push(para(s));
  }
  if (m.leaderTalks.length > 0) {
    out.push(`<h4>${esc(t(lang, "rights.doc.talks"))}</h4><ul>`);
    for (const talk of m.leaderTalks) out.push(`<li>${esc(day(talk.from))}–${esc(day(talk.to))}${talk.startUtc ? `: ${esc(dateTimeText(lang, new Date(talk.startUtc), m.timeZone))}` : ""}</li>`);
    out.push("</ul>");
  }
  if (m.handover) out.push(`<h4>${esc(t(lang, "rights.doc.handover"))}</h4>${para(m.handover)}`);
  return out.join("\n");
}

export function personalDataHtml(data: PersonalDataExport, lang: Language): string {
  const none = `<p>${esc(t(lang, "rights.doc.none"))}</p>`;
  const body: string[] = [];
  body.push(`<h1>${esc(t(lang, "rights.doc.title"))}</h1>`);
  if (data.person.names.length > 0) body.push(`<p><strong>${esc(data.person.names.join(", "))}</strong></p>`);
  body.push(`<p>${esc(t(lang, "rights.doc.intro", { date: day(data.generatedAt) }))}</p>`);
  body.push(`<h2>${esc(t(lang, "rights.doc.mentorships"))}</h2>`);
  body.push(data.mentorships.length > 0 ? data.mentorships.map((m) => mentorshipHtml(lang, m)).join("\n") : none);
  body.push(`<h2>${esc(t(lang, "rights.doc.privateAnswers"))}</h2>`);
  const answers = data.privateAnswers.flatMap((a) => [
    ...(a.pairing ? [t(lang, "rights.doc.pairing", { answer: safeT(lang, `pairing.${a.pairing.answer}`), date: day(a.pairing.at) })] : []),
    ...(a.ratings ? [t(lang, "rights.doc.ratings", { useful: a.ratings.useful, wellRun: a.ratings.wellRun, recommend: a.ratings.recommend, comment: a.ratings.comment })] : []),
  ]);
  body.push(answers.length > 0 ? answers.map(para).join("") : none);
  if (data.journal !== null) {
    body.push(`<h2>${esc(t(lang, "rights.doc.journal"))}</h2>`);
    if (data.journal.length === 0) body.push(none);
    for (const e of data.journal) {
      body.push(`<h3>${esc(e.title)} (${esc(day(e.date))})</h3>`);
      for (const f of JournalTextFields) if (f !== "title" && e[f].trim()) body.push(para(e[f]));
      if (e.log.length > 0) body.push(`<table><tbody>${e.log.map((r) => `<tr><td>${esc(r.citizen)}</td><td>${esc(r.worker)}</td><td>${esc(r.observation)}</td></tr>`).join("")}</tbody></table>`);
    }
  }
  body.push(`<h2>${esc(t(lang, "rights.doc.audit"))}</h2>`);
  if (data.audit === null) body.push(`<p>${esc(t(lang, "rights.doc.noAudit"))}</p>`);
  else if (data.audit.length === 0) body.push(none);
  else body.push(`<ul>${data.audit.map((a) => `<li>${esc(t(lang, "rights.doc.auditLine", { date: dateTimeText(lang, new Date(a.at), ZONE), verb: a.verb, actor: a.actorId === data.person.aadObjectId ? t(lang, "rights.doc.you") : a.actorId }))}</li>`).join("")}</ul>`);
  body.push(`<p>${esc(t(lang, "rights.doc.personalChat", { state: data.personalChat?.opened ? t(lang, "rights.doc.chatOpen", { waiting: data.personalChat.waiting }) : t(lang, "rights.doc.chatNone") }))}</p>`);
  return [
    "<!DOCTYPE html>",
    `<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<title>${esc(t(lang, "rights.doc.title"))}</title>`,
    "<style>body{font-family:Segoe UI,system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;line-height:1.45}dt{font-weight:600}td{border:1px solid #ccc;padding:.25rem .5rem;vertical-align:top}table{border-collapse:collapse}</style>",
    "</head><body>",
    ...body,
    "</body></html>",
  ].join("\n");
}
