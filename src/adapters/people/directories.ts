import type { ChatProvisioner } from "../../ports/calendar";
import { type DirectoryPerson, type PeopleDirectory, looksLikeEmail } from "../../ports/people";

const fold = (s: string) => s.normalize("NFKC").toLocaleLowerCase("da");

/**
 * Local mode: the Agents Playground's users (one tenant); matches any part of the name or e-mail.
 * The mock users have no managers: those marked as leaders (LOCAL_LEADER_IDS) lead every new hire.
 */
export class LocalPeopleDirectory implements PeopleDirectory {
  constructor(
    private readonly tenantId: string,
    private readonly people: readonly DirectoryPerson[],
    private readonly leaderIds: readonly string[] = [],
  ) {}

  async isManagerOf(tenantId: string, leaderId: string, menteeId: string): Promise<boolean> {
    return tenantId === this.tenantId && leaderId !== menteeId && this.leaderIds.includes(leaderId);
  }

  async managerOf(tenantId: string, aadObjectId: string): Promise<DirectoryPerson | null> {
    if (tenantId !== this.tenantId) return null;
    const id = this.leaderIds.find((l) => l !== aadObjectId);
    return (id && this.people.find((p) => p.aadObjectId === id)) || null;
  }

  async search(tenantId: string, query: string, limit: number): Promise<DirectoryPerson[]> {
    if (tenantId !== this.tenantId) return [];
    const q = fold(query.trim());
    return this.people.filter((p) => !q || fold(p.name).includes(q) || fold(p.email).includes(q)).slice(0, limit);
  }

  async get(tenantId: string, aadObjectId: string): Promise<DirectoryPerson | null> {
    if (tenantId !== this.tenantId) return null;
    return this.people.find((p) => p.aadObjectId === aadObjectId) ?? null;
  }
}

/**
 * With Graph: a person by e-mail / UPN or by object id (GET /users/{id | upn}). A name search would
 * need a directory-wide query ($search with ConsistencyLevel) and a broader permission, so a
 * coordinator types the e-mail address.
 */
export class GraphPeopleDirectory implements PeopleDirectory {
  constructor(private readonly chats: Pick<ChatProvisioner, "findPerson"> & { managerOf(request: { tenantId: string; aadObjectId: string }): Promise<string | null> }) {}

  async isManagerOf(tenantId: string, leaderId: string, menteeId: string): Promise<boolean> {
    if (!/^[0-9a-fA-F-]{36}$/.test(menteeId)) return false;
    const manager = await this.chats.managerOf({ tenantId, aadObjectId: menteeId });
    return manager !== null && manager.toLowerCase() === leaderId.toLowerCase();
  }

  async managerOf(tenantId: string, aadObjectId: string): Promise<DirectoryPerson | null> {
    if (!/^[0-9a-fA-F-]{36}$/.test(aadObjectId)) return null;
    const manager = await this.chats.managerOf({ tenantId, aadObjectId });
    return manager ? this.chats.findPerson({ tenantId, emailOrUpn: manager }) : null;
  }

  async search(tenantId: string, query: string, limit: number): Promise<DirectoryPerson[]> {
    const key = query.trim();
    // findPerson itself refuses a key with "/" (it would be a path).
    if (limit < 1 || !looksLikeEmail(key)) return [];
    const found = await this.chats.findPerson({ tenantId, emailOrUpn: key });
    return found ? [found] : [];
  }

  async get(tenantId: string, aadObjectId: string): Promise<DirectoryPerson | null> {
    if (!/^[0-9a-fA-F-]{36}$/.test(aadObjectId)) return null;
    return this.chats.findPerson({ tenantId, emailOrUpn: aadObjectId });
  }
}
