import { TeamsInfo, type TurnContext } from "botbuilder";
import type { Member } from "../../app/actor";

export type MemberDirectory = (context: TurnContext) => Promise<Member[]>;

/** The chat's human members, read from Teams (paged). */
export const teamsMemberDirectory: MemberDirectory = async (context) => {
  const members: Member[] = [];
  let continuationToken: string | undefined;
  do {
    const page = await TeamsInfo.getPagedMembers(context, 100, continuationToken);
    for (const m of page.members) {
      // The Playground's connector says objectId where Teams says aadObjectId.
      const aad = m.aadObjectId ?? (m as unknown as { objectId?: string }).objectId;
      if (aad) members.push({ aadObjectId: aad, name: m.name ?? "", channelUserId: m.id });
    }
    continuationToken = page.continuationToken || undefined;
  } while (continuationToken);
  return members;
};
