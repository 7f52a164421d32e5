/** A person of the organisation as a coordinator picks them: never more than the directory shows anyway. */
export interface DirectoryPerson {
  readonly aadObjectId: string;
  readonly name: string;
  readonly email: string;
}

/** The organisation's people: Microsoft Graph with credentials, the Playground's users in local mode. */
export interface PeopleDirectory {
  /** People matching a name or an e-mail address; at most `limit`. */
  search(tenantId: string, query: string, limit: number): Promise<DirectoryPerson[]>;
  /** One person by Entra object id, or null when the tenant has no such person. */
  get(tenantId: string, aadObjectId: string): Promise<DirectoryPerson | null>;
  /**
   * Whether `leaderId` is the mentee's own leader (KL/DS advise against making the leader the mentor:
   * the leader's position can hold back the new hire's openness). Graph: the mentee's manager.
   */
  isManagerOf(tenantId: string, leaderId: string, menteeId: string): Promise<boolean>;
  /**
   * The person's leader, as the directory knows it (issue 12: a new mentorship's default leader).
   * Graph: GET /users/{id}/manager; local mode: the first of LOCAL_LEADER_IDS. Null: none known.
   */
  managerOf(tenantId: string, aadObjectId: string): Promise<DirectoryPerson | null>;
}

/** What a person typed as an e-mail address / UPN: local part, "@", domain, no spaces. */
export function looksLikeEmail(text: string): boolean {
  return /^[^\s@]{1,64}@[^\s@]{1,255}$/.test(text);
}
