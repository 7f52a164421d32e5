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
  | { readonly kind: "ratings" };

export interface PersonalDelivery {
  /**
   * Posts to the party's personal chat with the app. False when the app has no personal chat with
   * that person yet (they never opened it): the question stays pending, to be asked when the person
   * next writes to the app there (the adapter keeps it: the caller need do nothing more). Throws when
   * the chat could not be reached (retry; the adapter has kept it pending meanwhile).
   */
  postToParty(m: Mentorship, party: Party, message: PersonalMessage): Promise<boolean>;
}
