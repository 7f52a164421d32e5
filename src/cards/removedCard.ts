import type { Language } from "../domain/language";
import { t } from "../i18n";
import { renderNoticeCard } from "./setupCard";
import type { AdaptiveCard } from "./template";

/** Issue 13: what a card of an erased mentorship shows in its chat from then on — that it was removed, nothing of it. */
export function renderRemovedCard(language: Language): AdaptiveCard {
  return renderNoticeCard({ title: t(language, "erasure.removed.title"), lines: [t(language, "erasure.removed.text")], error: "" });
}
