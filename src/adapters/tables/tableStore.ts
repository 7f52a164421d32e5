import { type TableClient, TableTransaction, odata } from "@azure/data-tables";
import { type StorageProfile, isStatus, tableClientFor } from "./tableClient";
import type { AgreementVersion } from "../../domain/agreement";
import type { Meeting } from "../../domain/meetings";
import type { Mentorship } from "../../domain/mentorship";
import { type MentorshipSummary, SummaryFields } from "../../domain/summary";
import type { ChatRecord, MenteeRowTake, MentorshipStore, SaveOutcome, Stored } from "../../ports/store";

/**
 * Azure Table Storage, one partition per tenant, so a tenant's data is one partition scan away and
 * every row a change touches can be written in one transaction. Row kinds:
 *   m|{id}            a mentorship (JSON) with a few scalar columns for filtering
 *   m|{id}|v|{000001} one version of its agreement (immutable)
 *   m|{id}|mt|{key}   one meeting and its agenda (key: series|original date)
 *   c|{conversation}  a chat the app is installed in
 *   s|{id}            the overview's summary of a mentorship: columns only, never text the pair wrote
 *   active|mentee|{aadObjectId}  which mentorship is the mentee's active one: inserted in the same
 *                     transaction as the mentorship, so a second one for the same mentee conflicts
 * Every replace passes the ETag that was read; a 412 is reported as "conflict" for the caller to re-read.
 */
interface Row {
  partitionKey: string;
  rowKey: string;
  kind: string;
  json: string;
  conversationId?: string;
  mentorAadObjectId?: string;
  menteeAadObjectId?: string;
  phase?: string;
  [formerMentorColumn: `formerMentor${number}`]: string;
}

/**
 * A former mentor is found by `mentorshipsOf` too ("you were the mentor of … until …"). Table
 * Storage filters have no "contains", and at most 15 comparisons, so the latest former mentors
 * get a column each: 4 comparisons + these stay under the limit.
 */
const FORMER_MENTOR_COLUMNS = 8;
const formerMentorColumn = (i: number) => `formerMentor${i + 1}` as const;

const mentorshipKey = (id: string) => `m|${id}`;
const versionKey = (id: string, n: number) => `m|${id}|v|${String(n).padStart(6, "0")}`;
const meetingPrefix = (id: string) => `m|${id}|mt|`;
const meetingKeyOf = (id: string, key: string) => `${meetingPrefix(id)}${key}`;
// Conversation ids may hold characters RowKey forbids (/ \ # ?): encode them.
const chatKey = (conversationId: string) => `c|${Buffer.from(conversationId, "utf8").toString("base64url")}`;

function mentorshipRow(m: Mentorship): Row {
  return {
    partitionKey: m.tenantId,
    rowKey: mentorshipKey(m.id),
    kind: "mentorship",
    json: JSON.stringify(m),
    conversationId: m.conversationId,
    mentorAadObjectId: m.mentor.aadObjectId,
    menteeAadObjectId: m.mentee.aadObjectId,
    phase: m.phase,
    ...Object.fromEntries((m.formerMentors ?? []).slice(-FORMER_MENTOR_COLUMNS).map((f, i) => [formerMentorColumn(i), f.person.aadObjectId])),
  };
}

function versionRow(tenantId: string, mentorshipId: string, v: AgreementVersion): Row {
  return { partitionKey: tenantId, rowKey: versionKey(mentorshipId, v.number), kind: "agreementVersion", json: JSON.stringify(v) };
}

function meetingRow(tenantId: string, m: Meeting): Row {
  return { partitionKey: tenantId, rowKey: meetingKeyOf(m.mentorshipId, m.key), kind: "meeting", json: JSON.stringify(m) };
}

// Entra object ids are GUIDs; anything else is encoded so it cannot hold a character RowKey forbids.
const activeMenteeKey = (aadObjectId: string) =>
  `active|mentee|${/^[A-Za-z0-9-]{1,100}$/.test(aadObjectId) ? aadObjectId : `~${Buffer.from(aadObjectId, "utf8").toString("base64url")}`}`;

/** `mentorshipId` empty: released (a transaction's delete cannot carry an ETag, so the row is emptied, conditionally). */
function activeMenteeRow(m: Mentorship, mentorshipId = m.id): Row & { mentorshipId: string } {
  return { partitionKey: m.tenantId, rowKey: activeMenteeKey(m.mentee.aadObjectId), kind: "activeMentee", json: "{}", mentorshipId };
}

function takeMenteeRow(tx: TableTransaction, m: Mentorship, take: MenteeRowTake): void {
  if ("insert" in take) tx.createEntity(activeMenteeRow(m));
  else tx.updateEntity(activeMenteeRow(m), "Replace", { etag: take.replaceEtag });
}

function chatRow(c: ChatRecord): Row {
  return { partitionKey: c.tenantId, rowKey: chatKey(c.conversationId), kind: "chat", json: JSON.stringify(c) };
}

/** A failed transaction reports the failing operation's status; 412 (ETag) and 409 (exists) mean someone else wrote first. */
function isConflict(err: unknown): boolean {
  return isStatus(err, 409, 412);
}

function pickSummary(entity: object): MentorshipSummary {
  const row = entity as Record<string, unknown>;
  return Object.fromEntries(SummaryFields.map((f) => [f, row[f] ?? (f === "meetingsHeld" || f === "meetingsPlanned" ? 0 : "")])) as unknown as MentorshipSummary;
}

export class TableMentorshipStore implements MentorshipStore {
  constructor(private readonly client: TableClient) {}

  /** "interactive" for what users wait on (fails fast in an outage), "background" for the rest (the SDK's retries). */
  static fromConnectionString(connectionString: string, tableName: string, profile: StorageProfile = "background"): TableMentorshipStore {
    return new TableMentorshipStore(tableClientFor(connectionString, tableName, profile));
  }

  async ensureTable(): Promise<void> {
    try {
      await this.client.createTable();
    } catch (err) {
      if (!isStatus(err, 409)) throw err;
    }
  }

  private async getRow(partitionKey: string, rowKey: string): Promise<{ row: Row; etag: string } | null> {
    // Keys may not hold / \ # ? or control characters: no row has such a key, so it is not found
    // (asking would be a 400). Ids arrive from card data, so this is ordinary input, not a bug.
    // eslint-disable-next-line no-control-regex
    if (/[/\\#?\u0000-\u001f\u007f-\u009f]/.test(partitionKey + rowKey)) return null;
    try {
      const entity = await this.client.getEntity<Row>(partitionKey, rowKey);
      return { row: entity, etag: entity.etag };
    } catch (err) {
      if (isStatus(err, 404)) return null;
      throw err;
    }
  }

  async getChat(tenantId: string, conversationId: string): Promise<Stored<ChatRecord> | null> {
    const got = await this.getRow(tenantId, chatKey(conversationId));
    return got && { value: JSON.parse(got.row.json) as ChatRecord, etag: got.etag };
  }

  async putChat(chat: ChatRecord, etag: string | null): Promise<SaveOutcome> {
    try {
      if (etag === null) await this.client.createEntity(chatRow(chat));
      else await this.client.updateEntity(chatRow(chat), "Replace", { etag });
      return "saved";
    } catch (err) {
      if (isConflict(err)) return "conflict";
      throw err;
    }
  }

  async getMentorship(tenantId: string, id: string): Promise<Stored<Mentorship> | null> {
    const got = await this.getRow(tenantId, mentorshipKey(id));
    return got && { value: JSON.parse(got.row.json) as Mentorship, etag: got.etag };
  }

  async getAgreementVersion(tenantId: string, id: string, number: number): Promise<AgreementVersion | null> {
    const got = await this.getRow(tenantId, versionKey(id, number));
    return got && (JSON.parse(got.row.json) as AgreementVersion);
  }

  async listAgreementVersions(tenantId: string, id: string): Promise<AgreementVersion[]> {
    const prefix = `m|${id}|v|`;
    const rows = this.client.listEntities<Row>({
      queryOptions: {
        // "}" sorts after every digit: the range holds exactly this mentorship's versions.
        filter: odata`PartitionKey eq ${tenantId} and RowKey gt ${prefix} and RowKey lt ${`${prefix}}`}`,
        select: ["json"],
      },
    });
    const versions: AgreementVersion[] = [];
    for await (const row of rows) versions.push(JSON.parse(row.json) as AgreementVersion);
    return versions.sort((a, b) => a.number - b.number);
  }

  async createMentorship(chat: ChatRecord, chatEtag: string, mentorship: Mentorship, first: AgreementVersion, menteeRow: MenteeRowTake = { insert: true }): Promise<SaveOutcome> {
    const tx = new TableTransaction();
    tx.updateEntity(chatRow(chat), "Replace", { etag: chatEtag });
    tx.createEntity(mentorshipRow(mentorship));
    tx.createEntity(versionRow(mentorship.tenantId, mentorship.id, first));
    takeMenteeRow(tx, mentorship, menteeRow);
    return this.submit(tx);
  }

  async insertMentorship(mentorship: Mentorship, first: AgreementVersion, menteeRow: MenteeRowTake = { insert: true }): Promise<SaveOutcome> {
    const tx = new TableTransaction();
    tx.createEntity(mentorshipRow(mentorship));
    tx.createEntity(versionRow(mentorship.tenantId, mentorship.id, first));
    takeMenteeRow(tx, mentorship, menteeRow);
    return this.submit(tx);
  }

  async getActiveOfMentee(tenantId: string, menteeAadObjectId: string): Promise<Stored<string | null> | null> {
    const got = await this.getRow(tenantId, activeMenteeKey(menteeAadObjectId));
    if (!got) return null;
    const id = (got.row as { mentorshipId?: unknown }).mentorshipId;
    return { value: typeof id === "string" && id !== "" ? id : null, etag: got.etag };
  }

  async saveMentorshipReleasingMentee(mentorship: Mentorship, etag: string, menteeRowEtag: string): Promise<SaveOutcome> {
    const tx = new TableTransaction();
    tx.updateEntity(mentorshipRow(mentorship), "Replace", { etag });
    tx.updateEntity(activeMenteeRow(mentorship, ""), "Replace", { etag: menteeRowEtag });
    return this.submit(tx);
  }

  async bindMentorship(chat: ChatRecord, chatEtag: string | null, mentorship: Mentorship, mentorshipEtag: string): Promise<SaveOutcome> {
    const tx = new TableTransaction();
    if (chatEtag === null) tx.createEntity(chatRow(chat));
    else tx.updateEntity(chatRow(chat), "Replace", { etag: chatEtag });
    tx.updateEntity(mentorshipRow(mentorship), "Replace", { etag: mentorshipEtag });
    return this.submit(tx);
  }

  async saveMentorship(mentorship: Mentorship, etag: string, newVersion?: AgreementVersion): Promise<SaveOutcome> {
    if (!newVersion) {
      try {
        await this.client.updateEntity(mentorshipRow(mentorship), "Replace", { etag });
        return "saved";
      } catch (err) {
        if (isConflict(err)) return "conflict";
        throw err;
      }
    }
    const tx = new TableTransaction();
    tx.updateEntity(mentorshipRow(mentorship), "Replace", { etag });
    tx.createEntity(versionRow(mentorship.tenantId, mentorship.id, newVersion));
    return this.submit(tx);
  }

  private async submit(tx: TableTransaction): Promise<SaveOutcome> {
    try {
      await this.client.submitTransaction(tx.actions);
      return "saved";
    } catch (err) {
      if (isConflict(err)) return "conflict";
      throw err;
    }
  }

  async listMeetings(tenantId: string, mentorshipId: string): Promise<Stored<Meeting>[]> {
    const prefix = meetingPrefix(mentorshipId);
    const rows = this.client.listEntities<Row>({
      queryOptions: { filter: odata`PartitionKey eq ${tenantId} and RowKey gt ${prefix} and RowKey lt ${`${prefix}\uffff`}`, select: ["json"] },
    });
    const out: Stored<Meeting>[] = [];
    for await (const row of rows) out.push({ value: JSON.parse(row.json) as Meeting, etag: row.etag });
    return out.sort((a, b) => a.value.startUtc.localeCompare(b.value.startUtc));
  }

  async getMeeting(tenantId: string, mentorshipId: string, key: string): Promise<Stored<Meeting> | null> {
    const got = await this.getRow(tenantId, meetingKeyOf(mentorshipId, key));
    return got && { value: JSON.parse(got.row.json) as Meeting, etag: got.etag };
  }

  async saveMeeting(tenantId: string, meeting: Meeting, etag: string | null): Promise<SaveOutcome> {
    try {
      if (etag === null) await this.client.createEntity(meetingRow(tenantId, meeting));
      else await this.client.updateEntity(meetingRow(tenantId, meeting), "Replace", { etag });
      return "saved";
    } catch (err) {
      if (isConflict(err)) return "conflict";
      throw err;
    }
  }

  async replacePlannedMeetings(mentorship: Mentorship, etag: string, meetings: readonly Meeting[]): Promise<SaveOutcome> {
    const existing = await this.listMeetings(mentorship.tenantId, mentorship.id);
    const wanted = new Map(meetings.map((m) => [m.key, m]));
    const have = new Set(existing.map((e) => e.value.key));
    // A plan made after some meetings began (a new regular time, a change of mentor) is about the rest.
    const cut = mentorship.meetingPlan?.replannedAt ?? mentorship.meetingPlan?.plannedAt ?? null;
    const tx = new TableTransaction();
    tx.updateEntity(mentorshipRow(mentorship), "Replace", { etag });
    for (const e of existing) {
      const x = e.value;
      // Meetings with a record or a posted agenda stay, and so do those that began before the plan: history is never dropped.
      const history = x.status === "held" || x.status === "notHeld" || x.agendaPostedAt !== null || Boolean(x.agendaPostingAt) || x.agenda.updatedAt !== null || (cut !== null && x.startUtc <= cut);
      if (history) continue;
      const next = wanted.get(x.key);
      if (!next) {
        // A transaction's delete cannot carry an ETag, so a superseded meeting is cancelled instead, conditionally.
        if (x.status === "planned") tx.updateEntity(meetingRow(mentorship.tenantId, { ...x, status: "cancelled", superseded: true }), "Replace", { etag: e.etag });
        continue;
      }
      // The mentor's own cancellation stays (the plan carries it); one a former plan made comes back with this plan.
      if (x.status === "cancelled" && x.superseded !== true) continue;
      const same = x.date === next.date && x.time === next.time && x.minutes === next.minutes && x.startUtc === next.startUtc && x.status === next.status && x.superseded === undefined;
      if (same) continue;
      const { superseded: _was, ...kept } = x;
      const updated: Meeting = { ...kept, date: next.date, time: next.time, minutes: next.minutes, startUtc: next.startUtc, isoWeek: next.isoWeek, isoYear: next.isoYear, status: next.status };
      tx.updateEntity(meetingRow(mentorship.tenantId, updated), "Replace", { etag: e.etag });
    }
    for (const m of meetings) if (!have.has(m.key)) tx.createEntity(meetingRow(mentorship.tenantId, m));
    if (tx.actions.length > 100) throw new RangeError("a plan with more than 99 meeting changes does not fit one transaction");
    return this.submit(tx);
  }

  async getSummary(tenantId: string, mentorshipId: string): Promise<Stored<MentorshipSummary> | null> {
    try {
      const e = await this.client.getEntity<MentorshipSummary>(tenantId, `s|${mentorshipId}`, { queryOptions: { select: [...SummaryFields] } });
      return { value: pickSummary(e), etag: e.etag };
    } catch (err) {
      if (isStatus(err, 404)) return null;
      throw err;
    }
  }

  async putSummary(tenantId: string, summary: MentorshipSummary, etag: string | null): Promise<SaveOutcome> {
    const entity = { partitionKey: tenantId, rowKey: `s|${summary.mentorshipId}`, kind: "summary", ...summary };
    try {
      if (etag === null) await this.client.createEntity(entity);
      else await this.client.updateEntity(entity, "Replace", { etag });
      return "saved";
    } catch (err) {
      if (isConflict(err)) return "conflict";
      throw err;
    }
  }

  async listSummaries(tenantId: string): Promise<MentorshipSummary[]> {
    const rows = this.client.listEntities<MentorshipSummary>({
      queryOptions: { filter: odata`PartitionKey eq ${tenantId} and RowKey gt ${"s|"} and RowKey lt ${"s}"}`, select: [...SummaryFields] },
    });
    const out: MentorshipSummary[] = [];
    for await (const row of rows) out.push(pickSummary(row));
    return out;
  }

  async mentorshipsOf(tenantId: string, aadObjectId: string): Promise<Mentorship[]> {
    const rows = this.client.listEntities<Row>({
      queryOptions: {
        filter: [
          odata`PartitionKey eq ${tenantId} and kind eq ${"mentorship"} and (mentorAadObjectId eq ${aadObjectId} or menteeAadObjectId eq ${aadObjectId}`,
          // The column name is ours; only the value comes from outside, and odata escapes it.
          ...Array.from({ length: FORMER_MENTOR_COLUMNS }, (_, i) => ` or ${formerMentorColumn(i)}${odata` eq ${aadObjectId}`}`),
          ")",
        ].join(""),
        select: ["json"],
      },
    });
    const out: Mentorship[] = [];
    for await (const row of rows) out.push(JSON.parse(row.json) as Mentorship);
    return out.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }
}
