/**
 * The person index (`p|{person}|{mentorshipId}`): one row per person and mentorship, naming the
 * person's roles in it, written in the same transaction as every write of the mentorship that
 * changes who is in it. It serves "my mentorships", the leader view and data export without a scan
 * of the tenant. One row per person (not per role), because a transaction may touch an entity only
 * once and a person can hold two roles in one mentorship (a former mentor made mentor again).
 * New in version 1 (no version-0 rows exist; older mentorships are indexed by the upgrade).
 */
import { z } from "zod";
import type { Mentorship } from "../../../domain/mentorship";
import type { PersonRole } from "../../../ports/store";
import { personRoleKey } from "./keys";
import { SCHEMA_VERSION_COLUMN, parseAs, unknownVersion, versionOf } from "./versioned";

export const PERSON_ROLE_SCHEMA_VERSION = 1;

/** The column is a list, so a new role needs no new row kind. */
export const PersonRoles = ["mentor", "mentee", "formerMentor", "leader", "contact"] as const satisfies readonly PersonRole[];

const personRoleV1 = z.object({
  aadObjectId: z.string(),
  mentorshipId: z.string(),
  roles: z
    .string()
    .transform((s) => s.split(","))
    .pipe(z.array(z.enum(PersonRoles)).min(1)),
});

export interface PersonRoleRow {
  readonly aadObjectId: string;
  readonly mentorshipId: string;
  readonly roles: readonly PersonRole[];
}

export function readPersonRole(entity: Readonly<Record<string, unknown>>): PersonRoleRow {
  const version = versionOf(entity, "personRole");
  if (version !== PERSON_ROLE_SCHEMA_VERSION) return unknownVersion("personRole", version);
  return parseAs(personRoleV1, entity, "personRole", version);
}

/** Who is in a mentorship and as what, keyed by Entra object id; roles in PersonRoles order. */
export function peopleOf(m: Pick<Mentorship, "mentor" | "mentee" | "formerMentors" | "leader" | "contact">): Map<string, PersonRole[]> {
  const out = new Map<string, Set<PersonRole>>();
  const add = (id: string, role: PersonRole) => out.set(id, (out.get(id) ?? new Set()).add(role));
  add(m.mentor.aadObjectId, "mentor");
  add(m.mentee.aadObjectId, "mentee");
  for (const f of m.formerMentors ?? []) add(f.person.aadObjectId, "formerMentor");
  if (m.leader) add(m.leader.aadObjectId, "leader");
  if (m.contact) add(m.contact.aadObjectId, "contact");
  return new Map([...out].map(([id, roles]) => [id, PersonRoles.filter((r) => roles.has(r))]));
}

/** A stable text of who is in a mentorship: equal texts, equal index rows. */
export function peopleFingerprint(people: ReadonlyMap<string, readonly PersonRole[]>): string {
  return [...people].map(([id, roles]) => `${id}=${roles.join(",")}`).sort().join(";");
}

export function personRoleEntity(tenantId: string, mentorshipId: string, aadObjectId: string, roles: readonly PersonRole[]) {
  return { partitionKey: tenantId, rowKey: personRoleKey(aadObjectId, mentorshipId), kind: "personRole", [SCHEMA_VERSION_COLUMN]: PERSON_ROLE_SCHEMA_VERSION, aadObjectId, mentorshipId, roles: roles.join(",") };
}
