import type { PrivateQuestions } from "../../../app/private/privateQuestions";
import { PairingAnswerSchema, RatingsSaveSchema } from "../../../app/private/schemas";
import { renderPairingAnswered, renderPairingCard, renderPrivateRefusal, renderRatingsCard, renderRatingsSaved } from "../../../cards/privateCards";
import { Verbs } from "../../../cards/verbs";
import type { Mentorship } from "../../../domain/mentorship";
import { RATING_COMMENT_LIMIT } from "../../../domain/privateAnswers";
import type { DomainError } from "../../../domain/result";
import { t } from "../../../i18n";
import type { Logger } from "../../../log";
import { type ExecuteResponse, type FeatureVerbs, type PartyAction, cardResponse } from "../cardActions";

export interface PrivateVerbDeps {
  readonly questions: PrivateQuestions;
  readonly errorText: (language: Mentorship["language"], error: DomainError) => string;
  readonly log: Logger;
}

const str = (v: unknown): string | undefined => (typeof v === "string" ? v.slice(0, RATING_COMMENT_LIMIT * 2) : typeof v === "number" ? String(v) : undefined);

/**
 * The private verbs: the pairing check's answer and the ratings. The router has checked that the
 * click comes from a personal chat and that the clicker is a party; the answer goes back to the
 * clicker alone, and nothing of it is logged (ids and codes only, by the router).
 */
export class PrivateVerbs {
  constructor(private readonly deps: PrivateVerbDeps) {}

  verbs(): FeatureVerbs {
    return {
      [Verbs.pairingAnswer]: { needs: "personal", run: (a) => this.onPairing(a) },
      [Verbs.ratingsSave]: { needs: "personal", run: (a) => this.onRatings(a) },
    };
  }

  private async onPairing({ actor, m, stored, party, data }: PartyAction): Promise<ExecuteResponse> {
    const parsed = PairingAnswerSchema.safeParse(data);
    if (!parsed.success) return cardResponse(renderPairingCard(m, party, { error: t(m.language, "pairing.invalid") }));
    const r = await this.deps.questions.answerPairing(actor, stored, parsed.data.answer);
    if (!r.ok) return cardResponse(renderPrivateRefusal(m, t(m.language, "pairing.title"), this.deps.errorText(m.language, r.error)));
    return cardResponse(renderPairingAnswered(m, party, r.value.answer));
  }

  private async onRatings({ actor, m, stored, party, data }: PartyAction): Promise<ExecuteResponse> {
    const values = { useful: str(data["useful"]), wellRun: str(data["wellRun"]), recommend: str(data["recommend"]), comment: str(data["comment"]) };
    const shown = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as { useful?: string; wellRun?: string; recommend?: string; comment?: string };
    const again = (error: string) => cardResponse(renderRatingsCard(m, party, { error, values: shown }));
    const parsed = RatingsSaveSchema.safeParse(data);
    if (!parsed.success) return again(t(m.language, "ratings.invalid"));
    const comment = parsed.data.comment.trim();
    if (comment.length > RATING_COMMENT_LIMIT) return again(t(m.language, "ratings.commentTooLong", { limit: RATING_COMMENT_LIMIT, length: comment.length }));
    const r = await this.deps.questions.saveRatings(actor, stored, { useful: parsed.data.useful, wellRun: parsed.data.wellRun, recommend: parsed.data.recommend, comment });
    if (!r.ok) {
      if (r.error.code === "BUSY_TRY_AGAIN") return again(this.deps.errorText(m.language, r.error));
      return cardResponse(renderPrivateRefusal(m, t(m.language, "ratings.title"), this.deps.errorText(m.language, r.error)));
    }
    return cardResponse(renderRatingsSaved(m, party));
  }
}
