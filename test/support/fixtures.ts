import type { Actor, Member } from "../../src/app/actor";
import type { Language } from "../../src/domain/language";

export const TENANT = "8a4f1c1e-2b3d-4e5f-9a0b-1c2d3e4f5a6b";
export const OTHER_TENANT = "0d9e8f7a-6b5c-4d3e-8f1a-2b3c4d5e6f70";

export const mentor: Member = { aadObjectId: "11111111-1111-4111-8111-111111111111", name: "Mette Mentor", channelUserId: "29:mette" };
export const mentee: Member = { aadObjectId: "22222222-2222-4222-8222-222222222222", name: "Niels Nyansat", channelUserId: "29:niels" };
export const colleague: Member = { aadObjectId: "33333333-3333-4333-8333-333333333333", name: "Karen Kollega", channelUserId: "29:karen" };

export function actor(member: Member, language: Language = "da", tenantId = TENANT): Actor {
  return { ...member, tenantId, language };
}
