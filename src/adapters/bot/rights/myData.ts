/**
 * Issue 13: the personal chat's answer to `my data` / `mine data` — how much the app holds about the
 * person (counts only, so the chat itself never carries their texts) and two signed links that work
 * for a few minutes, or, without links, the way to the tab's "My data".
 */
import type { Language } from "../../../domain/language";
import { t } from "../../../i18n";
import { type DataFormat, type PersonalData, countsOf } from "../../../app/rights/personalData";

export type DataLinkMaker = (tenantId: string, aadObjectId: string, format: DataFormat) => { readonly url: string; readonly minutes: number } | null;

export async function myDataReply(rights: Pick<PersonalData, "exportOf">, link: DataLinkMaker | null, who: { readonly tenantId: string; readonly aadObjectId: string; readonly language: Language }): Promise<string> {
  const lang = who.language;
  const data = await rights.exportOf(who.tenantId, who.aadObjectId, { record: false });
  const summary = t(lang, "rights.summary", countsOf(data));
  const json = link?.(who.tenantId, who.aadObjectId, "json") ?? null;
  const html = link?.(who.tenantId, who.aadObjectId, lang) ?? null;
  if (!json || !html) return t(lang, "rights.command.noLinks", { summary });
  return t(lang, "rights.command.reply", { summary, json: json.url, html: html.url, minutes: json.minutes });
}
