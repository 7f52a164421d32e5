/**
 * One party's private answers (`pa|{mentorshipId}|{party}`) and the marks that a private question
 * was asked (`pq|{mentorshipId}|{party}|{question}`). The answers sit in columns of their own, so the
 * statistics read the ratings (and the mentorship and party) without the person's id ever leaving
 * storage. New in version 1.
 */
import { z } from "zod";
import type { Party } from "../../../domain/agreement";
import { PairingAnswers, type PrivateAnswers, type Ratings } from "../../../domain/privateAnswers";
import type { PrivateQuestion } from "../../../ports/privateQuestions";
import { instant, text } from "./domainSchemas";
import { type SameKeys, SCHEMA_VERSION_COLUMN, RowSchemaError, parseAs, unknownVersion, versionOf } from "./versioned";

export const PRIVATE_ANSWERS_SCHEMA_VERSION = 1;
export const PRIVATE_QUESTION_SCHEMA_VERSION = 1;

export const privateAnswersPrefix = (mentorshipId: string) => `pa|${mentorshipId}|`;
export const privateAnswersKey = (mentorshipId: string, party: Party) => `${privateAnswersPrefix(mentorshipId)}${party}`;
export const privateQuestionPrefix = (mentorshipId: string) => `pq|${mentorshipId}|`;
export const privateQuestionKey = (mentorshipId: string, party: Party, question: PrivateQuestion) => `${privateQuestionPrefix(mentorshipId)}${party}|${question}`;
/** Every answers row of a tenant starts with it (one range query for the statistics). */
export const ALL_PRIVATE_ANSWERS_PREFIX = "pa|";

const party = z.enum(["mentor", "mentee"]);
const score = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)]);
const ratingsV1 = z.looseObject({ useful: score, wellRun: score, recommend: score, comment: text, at: instant });
const pairingV1 = z.looseObject({ answer: z.enum(PairingAnswers), at: instant });

const _sameRatings: SameKeys<Ratings, typeof ratingsV1.shape> = true;
void _sameRatings;

/** A JSON column holding an object or nothing ("" for none). */
const jsonOrNone = <S extends z.ZodType>(schema: S) =>
  z.string().transform((s, ctx): z.output<S> | null => {
    if (s === "") return null;
    let parsed: unknown;
    try {
      parsed = JSON.parse(s);
    } catch {
      ctx.addIssue({ code: "custom", message: "not JSON" });
      return z.NEVER;
    }
    const r = schema.safeParse(parsed);
    if (!r.success) {
      ctx.addIssue({ code: "custom", message: "does not match" });
      return z.NEVER;
    }
    return r.data;
  });

const answersV1 = z.object({ mentorshipId: text, party, aadObjectId: text, pairing: jsonOrNone(pairingV1), ratings: jsonOrNone(ratingsV1) });
/** What the statistics read: no person in it. */
const ratingsOnlyV1 = z.object({ mentorshipId: text, party, ratings: jsonOrNone(ratingsV1) });

export const PRIVATE_ANSWERS_COLUMNS = ["mentorshipId", "party", "aadObjectId", "pairing", "ratings", SCHEMA_VERSION_COLUMN];
export const RATINGS_COLUMNS = ["mentorshipId", "party", "ratings", SCHEMA_VERSION_COLUMN];

function checkedVersion(entity: Readonly<Record<string, unknown>>): number {
  const version = versionOf(entity, "privateAnswers");
  if (version !== PRIVATE_ANSWERS_SCHEMA_VERSION) return unknownVersion("privateAnswers", version);
  return version;
}

export function readPrivateAnswers(tenantId: string, entity: Readonly<Record<string, unknown>>): PrivateAnswers {
  const version = checkedVersion(entity);
  const v = parseAs(answersV1, entity, "privateAnswers", version);
  return { tenantId, mentorshipId: v.mentorshipId, party: v.party, aadObjectId: v.aadObjectId, pairing: v.pairing, ratings: v.ratings };
}

export function readRatingsOnly(entity: Readonly<Record<string, unknown>>): { mentorshipId: string; party: Party; ratings: Ratings | null } {
  const version = checkedVersion(entity);
  const v = parseAs(ratingsOnlyV1, entity, "privateAnswers", version);
  return { mentorshipId: v.mentorshipId, party: v.party, ratings: v.ratings };
}

export function privateAnswersEntity(a: PrivateAnswers) {
  return {
    partitionKey: a.tenantId,
    rowKey: privateAnswersKey(a.mentorshipId, a.party),
    kind: "privateAnswers",
    [SCHEMA_VERSION_COLUMN]: PRIVATE_ANSWERS_SCHEMA_VERSION,
    mentorshipId: a.mentorshipId,
    party: a.party,
    aadObjectId: a.aadObjectId,
    pairing: a.pairing ? JSON.stringify({ answer: a.pairing.answer, at: a.pairing.at }) : "",
    ratings: a.ratings ? JSON.stringify({ useful: a.ratings.useful, wellRun: a.ratings.wellRun, recommend: a.ratings.recommend, comment: a.ratings.comment, at: a.ratings.at }) : "",
  };
}

export function privateQuestionEntity(tenantId: string, mentorshipId: string, p: Party, question: PrivateQuestion, askedAt: string) {
  return {
    partitionKey: tenantId,
    rowKey: privateQuestionKey(mentorshipId, p, question),
    kind: "privateQuestion",
    [SCHEMA_VERSION_COLUMN]: PRIVATE_QUESTION_SCHEMA_VERSION,
    mentorshipId,
    party: p,
    question,
    askedAt,
  };
}

/** A mark row is only ever checked for being there; a wrong version is still refused, as for every row. */
export function checkPrivateQuestion(entity: Readonly<Record<string, unknown>>): void {
  const version = versionOf(entity, "privateQuestion");
  if (version !== PRIVATE_QUESTION_SCHEMA_VERSION) unknownVersion("privateQuestion", version);
  if (typeof entity["askedAt"] !== "string") throw new RowSchemaError("privateQuestion", version, ["askedAt"]);
}
