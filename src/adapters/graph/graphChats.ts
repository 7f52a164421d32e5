/**
 * ChatProvisioner on Microsoft Graph v1.0: the mentor–mentee group chat (a bot cannot create one
 * itself), the app installed into it, and looking people up by e-mail / UPN.
 *
 * Permissions (application): Chat.Create, TeamsAppInstallation.ReadWriteSelfForChat.All, User.Read.All
 * (User.ReadBasic.All does not include `mail`).
 */
import { CalendarError, type CalendarPerson, type ChatProvisioner } from "../../ports/calendar";
import { GraphConnection, type GraphConnectionOptions, newStats, query, seg } from "./graphConnection";

export type GraphChatsOptions = GraphConnectionOptions & {
  /**
   * The app's id in the organisation's app catalog (teamsApp id, not the manifest/bot id). It exists
   * only once the app is published to the organisation; without it people are still found, but the
   * app cannot add itself to a chat, so it makes none (`canCreateChats`) and the pair makes their own.
   */
  readonly teamsAppCatalogId: string | null;
};

export class GraphChats implements ChatProvisioner {
  private readonly graph: GraphConnection;
  private readonly teamsAppCatalogId: string | null;

  constructor(options: GraphChatsOptions) {
    if (options.teamsAppCatalogId !== null && (!options.teamsAppCatalogId || /[/?#]/.test(options.teamsAppCatalogId))) throw new RangeError("GraphChats: teamsAppCatalogId must be an id, not a URL");
    this.graph = new GraphConnection(options);
    this.teamsAppCatalogId = options.teamsAppCatalogId;
  }

  /** Whether the app can add itself to a chat it creates (it knows its id in the app catalog). */
  get canCreateChats(): boolean {
    return this.teamsAppCatalogId !== null;
  }

  /** The chat's members must include the caller when delegated; app-only, the pair alone. Not idempotent: Graph makes a new group chat each time. */
  async createPairChat(request: { tenantId: string; mentor: CalendarPerson; mentee: CalendarPerson; topic: string }): Promise<{ chatId: string }> {
    this.graph.assertTenant(request.tenantId);
    const member = (person: CalendarPerson) => ({
      "@odata.type": "#microsoft.graph.aadUserConversationMember",
      roles: ["owner"],
      "user@odata.bind": `${this.graph.serviceRoot}/users('${person.aadObjectId.replace(/'/g, "''")}')`,
    });
    const chat = await this.graph.call<{ id?: unknown }>("createPairChat", "POST", "/chats", newStats(), {
      body: { chatType: "group", topic: request.topic, members: [member(request.mentor), member(request.mentee)] },
    });
    if (typeof chat?.id !== "string") throw new CalendarError("UNAVAILABLE", true);
    return { chatId: chat.id };
  }

  /** Idempotent: 409 (the app is installed already) counts as done. */
  private catalogId(): string {
    // Callers ask canCreateChats first; reaching this without an id is a wiring bug.
    if (this.teamsAppCatalogId === null) throw new Error("GraphChats.installApp without a teamsAppCatalogId");
    return this.teamsAppCatalogId;
  }

  async installApp(request: { tenantId: string; chatId: string }): Promise<void> {
    this.graph.assertTenant(request.tenantId);
    await this.graph.call("installApp", "POST", `/chats/${seg(request.chatId)}/installedApps`, newStats(), {
      body: { "teamsApp@odata.bind": `${this.graph.serviceRoot}/appCatalogs/teamsApps/${seg(this.catalogId())}` },
      tolerate: [409],
    });
  }

  /**
   * Issue 12: installs the app in a person's personal scope (the leader), so the app has a personal
   * chat to write to: POST /users/{id}/teamwork/installedApps, which needs the application permission
   * TeamsAppInstallation.ReadWriteForUser.All. Idempotent: 409 (installed already) counts as done.
   */
  async installForUser(request: { tenantId: string; aadObjectId: string }): Promise<void> {
    this.graph.assertTenant(request.tenantId);
    await this.graph.call("installForUser", "POST", `/users/${seg(request.aadObjectId)}/teamwork/installedApps`, newStats(), {
      body: { "teamsApp@odata.bind": `${this.graph.serviceRoot}/appCatalogs/teamsApps/${seg(this.catalogId())}` },
      tolerate: [409],
    });
  }

  /** The person's manager's object id (GET /users/{id}/manager), or null when they have none (404). */
  async managerOf(request: { tenantId: string; aadObjectId: string }): Promise<string | null> {
    this.graph.assertTenant(request.tenantId);
    const key = request.aadObjectId.trim();
    if (!key || key.includes("/")) return null;
    const manager = await this.graph.call<{ id?: unknown }>("managerOf", "GET", `/users/${seg(key)}/manager?${query([["$select", "id"]])}`, newStats(), { tolerate: [404] });
    return typeof manager?.id === "string" ? manager.id : null;
  }

  async findPerson(request: { tenantId: string; emailOrUpn: string }): Promise<CalendarPerson | null> {
    this.graph.assertTenant(request.tenantId);
    const key = request.emailOrUpn.trim();
    if (!key || key.includes("/")) return null;
    const user = await this.graph.call<{ id?: unknown; displayName?: unknown; mail?: unknown; userPrincipalName?: unknown }>(
        "findPerson",
        "GET",
        `/users/${seg(key)}?${query([["$select", "id,displayName,mail,userPrincipalName"]])}`,
        newStats(),
        { tolerate: [404] },
      );
    if (typeof user?.id !== "string") return null;
    const email = typeof user.mail === "string" && user.mail ? user.mail : typeof user.userPrincipalName === "string" ? user.userPrincipalName : key;
    return { aadObjectId: user.id, email, name: typeof user.displayName === "string" ? user.displayName : email };
  }
}
