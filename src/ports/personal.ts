import type { Party } from "../domain/agreement";
import type { Mentorship } from "../domain/mentorship";

/**
 * What the app says to one party alone, in that person's personal chat with the app (never in the
 * pair's chat): the mentor's reminder to make contact before day one, the pairing check, the
 * ratings at closing. The chat adapter renders it in the mentorship's language.
 */
export type PersonalMessage =
  | { readonly kind: "preparationReminder" }
  | { readonly kind: "pairingCheck" }
  | { readonly kind: "ratings" }
  // issue 12: to the leader (the talk's key from LeaderState)
  | { readonly kind: "leaderReminder"; readonly talk: string }
  | { readonly kind: "leaderHeadsUp" }
  | { readonly kind: "leaderHeldCheck"; readonly talk: string }
  // issue 12: the contact person's hand-over note, to the mentor alone (introduction engineer)
  | { readonly kind: "introductionHandover" };

/** Who a personal message goes to: a party of the pair, or (issue 12) the leader or the contact person. */
export type Recipient = Party | "leader" | "contact";

export interface PersonalDelivery {
  /**
   * Posts to the party's personal chat with the app. False when the app has no personal chat with
   * that person yet (they never opened it): the question stays pending, to be asked when the person
   * next writes to the app there (the adapter keeps it: the caller need do nothing more). Throws when
   * the chat could not be reached (retry; the adapter has kept it pending meanwhile).
   */
  postToParty(m: Mentorship, party: Recipient, message: PersonalMessage): Promise<boolean>;
}
