import { type TableClient, TableTransaction, odata } from "@azure/data-tables";
import { deepFreeze } from "../../domain/immutable";
import { type StorageProfile, isStatus, putRow, tableClientFor } from "./tableClient";
import type { AgreementVersion } from "../../domain/agreement";
import type { Meeting } from "../../domain/meetings";
import type { Mentorship } from "../../domain/mentorship";
import type { MentorshipSummary } from "../../domain/summary";
import type { ChatRecord, MenteeRowTake, MentorshipStore, PersonRole, SaveOutcome, Stored } from "../../ports/store";
import { ReadFactsMemo } from "./readFacts";
import { activeMenteeEntity, readActiveMentee } from "./rows/activeMentee";
import { AGREEMENT_VERSION_COLUMNS, agreementVersionEntity, readAgreementVersion } from "./rows/agreementVersion";
import { chatEntity, readChat } from "./rows/chat";
import {
  SCHEMA_META_KEY,
  activeMenteeKey,
  chatKey,
  isUsableKey,
  meetingKeyOf,
  meetingPrefix,
  mentorshipKey,
  personPrefix,
  personRoleKey,
  postedKey,
  postedPrefix,
  rangeOf,
  summaryKey,
  versionKey,
  versionPrefix,
} from "./rows/keys";
import { MEETING_COLUMNS, type StoredMeeting, meetingEntity, readMeeting, toStoredMeeting } from "./rows/meeting";
import { type LegacyMessageIds, MENTORSHIP_COLUMNS, type StoredMentorship, mentorshipEntity, noLegacyIds, readMentorship, toStoredMentorship } from "./rows/mentorship";
import { peopleOf, personRoleEntity, readPersonRole } from "./rows/personRole";
import { SUMMARY_COLUMNS, readSummary, summaryEntity } from "./rows/summary";
import { SCHEMA_VERSION_COLUMN } from "./rows/versioned";

/**
 * Azure Table Storage, one partition per tenant, so a tenant's data is one partition scan away and
 * every row a change touches can be written in one transaction (row kinds: rows/keys.ts; each kind's
 * schema, version and upgrade from older rows: rows/*.ts). Every replace passes the ETag that was
 * read; a 412 is reported as "conflict" for the caller to re-read.
 */

/** Facts of a mentorship row at one ETag (see readFacts.ts); `people` null: no index rows (a version-0 row). */
interface MentorshipFacts {
  readonly legacy: LegacyMessageIds;
  readonly people: ReadonlyMap<string, readonly PersonRole[]> | null;
}
interface MeetingFacts {
  readonly legacyAgendaId: string | null;
}
const mentorshipFacts = new ReadFactsMemo<MentorshipFacts>();
/**
 * The mentorship as parsed at one ETag: the same row at the same ETag is the same value, so a read
 * that finds the ETag it parsed before skips the JSON and the schema (a card refresh reads an
 * unchanged row). Frozen, as every domain value is meant to be; fewer entries than the facts, as a
 * value is larger.
 */
const parsedMentorships = new ReadFactsMemo<Mentorship>(512);

const meetingFacts = new ReadFactsMemo<MeetingFacts>();

/** Azure: at most 100 operations in one transaction. */
const MAX_TRANSACTION = 100;
/** The partition of table-wide facts (not a tenant id: those are GUIDs). */
const META_PARTITION = "~meta";
/** A mentorship being erased: the row stays, emptied, until everything that belongs to it is gone. */
const ERASING_KIND = "erasingMentorship";

type Entity = Record<string, unknown> & { etag: string; partitionKey?: string; rowKey?: string };

/** A failed transaction reports the failing operation's status; 412 (ETag) and 409 (exists) mean someone else wrote first. */
function isConflict(err: unknown): boolean {
  return isStatus(err, 409, 412);
}

const sameRoles = (a: readonly PersonRole[] | undefined, b: readonly PersonRole[]) => a !== undefined && a.join(",") === b.join(",");

export class TableMentorshipStore implements MentorshipStore {
  /** Set once the table-wide upgrade has indexed every older mentorship: then the index alone answers. */
  private indexComplete = false;

  constructor(private readonly client: TableClient) {}

  /** "interactive" for what users wait on (fails fast in an outage), "background" for the rest (the SDK's retries). */
  static fromConnectionString(connectionString: string, tableName: string, profile: StorageProfile = "background"): TableMentorshipStore {
    return new TableMentorshipStore(tableClientFor(connectionString, tableName, profile));
  }

  private get table(): string {
    return `${this.client.url}/${this.client.tableName}`;
  }

  /** Whether Table Storage answers (readiness, issue 14): one point read of a key no row has; a 404 is an answer. */
  async ping(): Promise<void> {
    try {
      await this.client.getEntity("~ready", "~ready", { queryOptions: { select: ["PartitionKey"] } });
    } catch (err) {
      if (!isStatus(err, 404)) throw err;
    }
  }

  async ensureTable(): Promise<void> {
    try {
      await this.client.createTable();
    } catch (err) {
      if (!isStatus(err, 409)) throw err;
    }
  }

  private async getRow(partitionKey: string, rowKey: string, select?: string[]): Promise<Entity | null> {
    // Ids arrive from card data, so a key no row can have is ordinary input (asking would be a 400).
    if (!isUsableKey(partitionKey + rowKey)) return null;
    try {
      return await this.client.getEntity<Record<string, unknown>>(partitionKey, rowKey, select ? { queryOptions: { select } } : {});
    } catch (err) {
      if (isStatus(err, 404)) return null;
      throw err;
    }
  }

  private async deleteRow(partitionKey: string, rowKey: string, etag?: string): Promise<SaveOutcome> {
    if (!isUsableKey(partitionKey + rowKey)) return "saved";
    try {
      await this.client.deleteEntity(partitionKey, rowKey, etag ? { etag } : {});
      return "saved";
    } catch (err) {
      if (isStatus(err, 404)) return etag ? "conflict" : "saved";
      if (isConflict(err)) return "conflict";
      throw err;
    }
  }

  private async range(tenantId: string, prefix: string, select: string[]): Promise<Entity[]> {
    const { from, to } = rangeOf(prefix);
    const out: Entity[] = [];
    for await (const e of this.client.listEntities<Record<string, unknown>>({ queryOptions: { filter: odata`PartitionKey eq ${tenantId} and RowKey ge ${from} and RowKey lt ${to}`, select } })) out.push(e as Entity);
    return out;
  }

  private async submit(tx: TableTransaction): Promise<SaveOutcome> {
    if (tx.actions.length > MAX_TRANSACTION) throw new RangeError(`a transaction of ${tx.actions.length} operations does not fit Table Storage's limit of ${MAX_TRANSACTION}`);
    try {
      await this.client.submitTransaction(tx.actions);
      return "saved";
    } catch (err) {
      if (isConflict(err)) return "conflict";
      throw err;
    }
  }

  // ─── chats ───────────────────────────────────────────────────────────────────────────────────

  async getChat(tenantId: string, conversationId: string): Promise<Stored<ChatRecord> | null> {
    const got = await this.getRow(tenantId, chatKey(conversationId));
    return got && { value: readChat(got), etag: got.etag };
  }

  async putChat(chat: ChatRecord, etag: string | null): Promise<SaveOutcome> {
    return (await putRow(this.client, chatEntity(chat), etag)).outcome;
  }

  async deleteChat(tenantId: string, conversationId: string): Promise<void> {
    await this.deleteRow(tenantId, chatKey(conversationId));
  }

  private chatWrite(tx: TableTransaction, chat: ChatRecord, etag: string | null): void {
    if (etag === null) tx.createEntity(chatEntity(chat));
    else tx.updateEntity(chatEntity(chat), "Replace", { etag });
  }

  // ─── mentorships ─────────────────────────────────────────────────────────────────────────────

  /** Reads a mentorship row and remembers what its save will need; null for no row or one being erased. */
  private mentorshipFrom(entity: Entity, tenantId: string, id: string): Stored<Mentorship> | null {
    if (entity["kind"] === ERASING_KIND) return null;
    const key = mentorshipKey(id);
    const known = parsedMentorships.recall(this.table, tenantId, key, entity.etag);
    if (known && mentorshipFacts.recall(this.table, tenantId, key, entity.etag)) return { value: known, etag: entity.etag };
    const read = readMentorship(entity);
    parsedMentorships.remember(this.table, tenantId, key, entity.etag, deepFreeze(read.value));
    const people = read.version === 0 ? null : peopleOf(read.value);
    mentorshipFacts.remember(this.table, tenantId, mentorshipKey(id), entity.etag, { legacy: read.legacy, people });
    return { value: read.value, etag: entity.etag };
  }

  async getMentorship(tenantId: string, id: string): Promise<Stored<Mentorship> | null> {
    const got = await this.getRow(tenantId, mentorshipKey(id), [...MENTORSHIP_COLUMNS, "kind"]);
    return got && this.mentorshipFrom(got, tenantId, id);
  }

  /** The facts of the row as it is at `etag`: remembered from the read, or read again; null if it changed since. */
  private async factsAt(tenantId: string, id: string, etag: string): Promise<MentorshipFacts | null> {
    const known = mentorshipFacts.recall(this.table, tenantId, mentorshipKey(id), etag);
    if (known) return known;
    const got = await this.getRow(tenantId, mentorshipKey(id), [...MENTORSHIP_COLUMNS, "kind"]);
    if (!got || got.etag !== etag || !this.mentorshipFrom(got, tenantId, id)) return null;
    return mentorshipFacts.recall(this.table, tenantId, mentorshipKey(id), etag) ?? null;
  }

  /**
   * Adds the mentorship's write to a transaction: inserted (`etag` null) or replaced if unchanged,
   * with the index rows of whoever it names that are not yet as they should be. Message ids a
   * version-0 row held stay on the row. Null: the row changed since read (the save is a conflict).
   */
  private async mentorshipWrite(tx: TableTransaction, m: Mentorship, etag: string | null): Promise<StoredMentorship | null> {
    const { value, ids } = toStoredMentorship(m);
    const facts: MentorshipFacts | null = etag === null ? { legacy: noLegacyIds, people: new Map() } : await this.factsAt(value.tenantId, value.id, etag);
    if (!facts) return null;
    const legacy: LegacyMessageIds = { agreement: ids.agreement ?? facts.legacy.agreement, plan: ids.plan ?? facts.legacy.plan, booking: ids.booking ?? facts.legacy.booking };
    const entity = mentorshipEntity(value, legacy);
    if (etag === null) tx.createEntity(entity);
    else tx.updateEntity(entity, "Replace", { etag });
    const wanted = peopleOf(value);
    for (const [person, roles] of wanted) {
      const had = facts.people?.get(person);
      if (sameRoles(had, roles)) continue;
      const row = personRoleEntity(value.tenantId, value.id, person, roles);
      // A new person's row is inserted; a changed one replaced at the ETag it has (read only on a change of who is in it).
      const current = had === undefined ? null : await this.getRow(value.tenantId, row.rowKey, ["RowKey"]);
      if (current) tx.updateEntity(row, "Replace", { etag: current.etag });
      else tx.createEntity(row);
    }
    for (const person of facts.people?.keys() ?? []) if (!wanted.has(person)) tx.deleteEntity(value.tenantId, personRoleKey(person, value.id));
    return value;
  }

  private takeMenteeRow(tx: TableTransaction, m: Mentorship, take: MenteeRowTake): void {
    const row = activeMenteeEntity(m.tenantId, m.mentee.aadObjectId, m.id);
    if ("insert" in take) tx.createEntity(row);
    else tx.updateEntity(row, "Replace", { etag: take.replaceEtag });
  }

  async createMentorship(chat: ChatRecord, chatEtag: string, mentorship: Mentorship, first: AgreementVersion, menteeRow: MenteeRowTake = { insert: true }): Promise<SaveOutcome> {
    const tx = new TableTransaction();
    this.chatWrite(tx, chat, chatEtag);
    await this.mentorshipWrite(tx, mentorship, null);
    tx.createEntity(agreementVersionEntity(mentorship.tenantId, mentorship.id, first));
    this.takeMenteeRow(tx, mentorship, menteeRow);
    return this.submit(tx);
  }

  async insertMentorship(mentorship: Mentorship, first: AgreementVersion, menteeRow: MenteeRowTake = { insert: true }): Promise<SaveOutcome> {
    const tx = new TableTransaction();
    await this.mentorshipWrite(tx, mentorship, null);
    tx.createEntity(agreementVersionEntity(mentorship.tenantId, mentorship.id, first));
    this.takeMenteeRow(tx, mentorship, menteeRow);
    return this.submit(tx);
  }

  async getActiveOfMentee(tenantId: string, menteeAadObjectId: string): Promise<Stored<string | null> | null> {
    const got = await this.getRow(tenantId, activeMenteeKey(menteeAadObjectId));
    return got && { value: readActiveMentee(got), etag: got.etag };
  }

  async deleteActiveOfMentee(tenantId: string, menteeAadObjectId: string, etag: string): Promise<SaveOutcome> {
    return this.deleteRow(tenantId, activeMenteeKey(menteeAadObjectId), etag);
  }

  async saveMentorshipReleasingMentee(mentorship: Mentorship, etag: string, menteeRowEtag: string): Promise<SaveOutcome> {
    const tx = new TableTransaction();
    if (!(await this.mentorshipWrite(tx, mentorship, etag))) return "conflict";
    tx.updateEntity(activeMenteeEntity(mentorship.tenantId, mentorship.mentee.aadObjectId, ""), "Replace", { etag: menteeRowEtag });
    return this.submit(tx);
  }

  async bindMentorship(chat: ChatRecord, chatEtag: string | null, mentorship: Mentorship, mentorshipEtag: string): Promise<SaveOutcome> {
    const tx = new TableTransaction();
    this.chatWrite(tx, chat, chatEtag);
    if (!(await this.mentorshipWrite(tx, mentorship, mentorshipEtag))) return "conflict";
    return this.submit(tx);
  }

  async saveMentorship(mentorship: Mentorship, etag: string, newVersion?: AgreementVersion): Promise<SaveOutcome> {
    const tx = new TableTransaction();
    if (!(await this.mentorshipWrite(tx, mentorship, etag))) return "conflict";
    if (newVersion) tx.createEntity(agreementVersionEntity(mentorship.tenantId, mentorship.id, newVersion));
    if (tx.actions.length > 1) return this.submit(tx);
    // The common case, one row: a plain conditional replace is cheaper for the service than a batch.
    try {
      await this.client.updateEntity(tx.actions[0]![1], "Replace", { etag });
      return "saved";
    } catch (err) {
      if (isConflict(err)) return "conflict";
      throw err;
    }
  }

  async deleteMentorship(tenantId: string, id: string, etag: string): Promise<SaveOutcome> {
    const got = await this.getRow(tenantId, mentorshipKey(id), [...MENTORSHIP_COLUMNS, "kind"]);
    if (!got || got.etag !== etag) return "conflict";
    const read = got["kind"] === ERASING_KIND ? null : readMentorship(got);
    // Step 1, atomic and conditional: the mentorship is emptied (from now on it reads as gone) and its
    // mentee's active row, if it holds it, is let go. A row held by an active mentorship nobody can
    // take over, so it is deleted; one held by an ended mentorship may be taken over meanwhile, so it
    // is released only if unchanged.
    const first = new TableTransaction();
    first.updateEntity({ partitionKey: tenantId, rowKey: mentorshipKey(id), kind: ERASING_KIND, [SCHEMA_VERSION_COLUMN]: 1, json: "" }, "Replace", { etag });
    if (read) {
      const active = await this.getActiveOfMentee(tenantId, read.value.mentee.aadObjectId);
      if (active?.value === id) {
        if (read.value.phase !== "closed") first.deleteEntity(tenantId, activeMenteeKey(read.value.mentee.aadObjectId));
        else first.updateEntity(activeMenteeEntity(tenantId, read.value.mentee.aadObjectId, ""), "Replace", { etag: active.etag });
      }
    }
    if ((await this.submit(first)) === "conflict") return "conflict";
    // Step 2: everything that belongs to it, in transactions of at most 100; the emptied row last,
    // so an erasure cut short is finished by asking again.
    await this.eraseBelongings(tenantId, id, read?.value ?? null);
    await this.deleteRow(tenantId, mentorshipKey(id));
    return "saved";
  }

  private async eraseBelongings(tenantId: string, id: string, m: StoredMentorship | null): Promise<void> {
    const keys = [
      ...(await this.range(tenantId, `${mentorshipKey(id)}|`, ["RowKey"])).map((e) => e.rowKey!),
      ...(await this.range(tenantId, postedPrefix(id), ["RowKey"])).map((e) => e.rowKey!),
      // The parties' private answers and the marks of questions put to them (rows/privateAnswers.ts).
      ...(await this.range(tenantId, `pa|${id}|`, ["RowKey"])).map((e) => e.rowKey!),
      ...(await this.range(tenantId, `pq|${id}|`, ["RowKey"])).map((e) => e.rowKey!),
      // Issue 13: the local calendar's series and the leader's talks of it (src/adapters/tables/localCalendar.ts).
      ...(await this.range(tenantId, `cal|${id}|`, ["RowKey"])).map((e) => e.rowKey!),
      ...(await this.range(tenantId, `cal|talk|${id}|`, ["RowKey"])).map((e) => e.rowKey!),
    ];
    if (await this.getRow(tenantId, summaryKey(id), ["RowKey"])) keys.push(summaryKey(id));
    // Index rows: of whoever the mentorship names, and any a scan of the index finds for it.
    const people = new Set(m ? peopleOf(m).keys() : []);
    for await (const e of this.client.listEntities<Record<string, unknown>>({ queryOptions: { filter: odata`PartitionKey eq ${tenantId} and kind eq ${"personRole"} and mentorshipId eq ${id}`, select: ["aadObjectId"] } })) {
      if (typeof e["aadObjectId"] === "string") people.add(e["aadObjectId"]);
    }
    for (const person of people) if (await this.getRow(tenantId, personRoleKey(person, id), ["RowKey"])) keys.push(personRoleKey(person, id));
    for (let i = 0; i < keys.length; i += MAX_TRANSACTION) {
      const tx = new TableTransaction();
      for (const key of keys.slice(i, i + MAX_TRANSACTION)) tx.deleteEntity(tenantId, key);
      await this.client.submitTransaction(tx.actions);
    }
  }

  // ─── agreement versions ──────────────────────────────────────────────────────────────────────

  async getAgreementVersion(tenantId: string, id: string, number: number): Promise<AgreementVersion | null> {
    const got = await this.getRow(tenantId, versionKey(id, number), AGREEMENT_VERSION_COLUMNS);
    return got && readAgreementVersion(got);
  }

  async listAgreementVersions(tenantId: string, id: string): Promise<AgreementVersion[]> {
    const rows = await this.range(tenantId, versionPrefix(id), AGREEMENT_VERSION_COLUMNS);
    return rows.map(readAgreementVersion).sort((a, b) => a.number - b.number);
  }

  async rewriteAgreementVersion(tenantId: string, id: string, version: AgreementVersion): Promise<void> {
    const got = await this.getRow(tenantId, versionKey(id, version.number), ["RowKey"]);
    if (!got) return;
    // Immutable rows have no concurrent writer: the erasure replaces what it read.
    await this.client.updateEntity(agreementVersionEntity(tenantId, id, version), "Replace", { etag: got.etag });
  }

  // ─── meetings ────────────────────────────────────────────────────────────────────────────────

  private meetingFrom(tenantId: string, entity: Entity, mentorshipId: string): Stored<Meeting> {
    const read = readMeeting(entity);
    meetingFacts.remember(this.table, tenantId, meetingKeyOf(mentorshipId, read.value.key), entity.etag, { legacyAgendaId: read.legacyAgendaId });
    return { value: read.value, etag: entity.etag };
  }

  async listMeetings(tenantId: string, mentorshipId: string): Promise<Stored<Meeting>[]> {
    const rows = await this.range(tenantId, meetingPrefix(mentorshipId), MEETING_COLUMNS);
    return rows.map((e) => this.meetingFrom(tenantId, e, mentorshipId)).sort((a, b) => a.value.startUtc.localeCompare(b.value.startUtc));
  }

  async getMeeting(tenantId: string, mentorshipId: string, key: string): Promise<Stored<Meeting> | null> {
    const got = await this.getRow(tenantId, meetingKeyOf(mentorshipId, key), MEETING_COLUMNS);
    return got && this.meetingFrom(tenantId, got, mentorshipId);
  }

  /** The meeting's row for a write: its agenda message id kept from a version-0 row; null if the row changed since read. */
  private async meetingRow(tenantId: string, meeting: Meeting, etag: string | null): Promise<ReturnType<typeof meetingEntity> | null> {
    const { value, agendaId } = toStoredMeeting(meeting);
    if (etag === null || agendaId) return meetingEntity(tenantId, value, agendaId);
    const rowKey = meetingKeyOf(value.mentorshipId, value.key);
    let facts = meetingFacts.recall(this.table, tenantId, rowKey, etag);
    if (!facts) {
      const got = await this.getRow(tenantId, rowKey, MEETING_COLUMNS);
      if (!got || got.etag !== etag) return null;
      facts = { legacyAgendaId: readMeeting(got).legacyAgendaId };
    }
    return meetingEntity(tenantId, value, facts.legacyAgendaId);
  }

  async saveMeeting(tenantId: string, meeting: Meeting, etag: string | null): Promise<SaveOutcome> {
    const row = await this.meetingRow(tenantId, meeting, etag);
    if (!row) return "conflict";
    return (await putRow(this.client, row, etag)).outcome;
  }

  async deleteMeeting(tenantId: string, mentorshipId: string, key: string, etag: string): Promise<SaveOutcome> {
    const outcome = await this.deleteRow(tenantId, meetingKeyOf(mentorshipId, key), etag);
    if (outcome === "saved") await this.deleteRow(tenantId, postedKey(mentorshipId, `agenda:${key}`));
    return outcome;
  }

  async replacePlannedMeetings(mentorship: Mentorship, etag: string, meetings: readonly Meeting[]): Promise<SaveOutcome> {
    const existing = await this.listMeetings(mentorship.tenantId, mentorship.id);
    const wanted = new Map(meetings.map((m) => [m.key, m]));
    const have = new Set(existing.map((e) => e.value.key));
    // A plan made after some meetings began (a new regular time, a change of mentor) is about the rest.
    const cut = mentorship.meetingPlan?.replannedAt ?? mentorship.meetingPlan?.plannedAt ?? null;
    const tx = new TableTransaction();
    if (!(await this.mentorshipWrite(tx, mentorship, etag))) return "conflict";
    const update = async (m: Meeting, etagOf: string) => {
      const row = await this.meetingRow(mentorship.tenantId, m, etagOf);
      if (!row) return false;
      tx.updateEntity(row, "Replace", { etag: etagOf });
      return true;
    };
    for (const e of existing) {
      const x = e.value;
      // Meetings with a record or a posted agenda stay, and so do those that began before the plan: history is never dropped.
      const history = x.status === "held" || x.status === "notHeld" || x.agendaPostedAt !== null || Boolean(x.agendaPostingAt) || x.agenda.updatedAt !== null || (cut !== null && x.startUtc <= cut);
      if (history) continue;
      const next = wanted.get(x.key);
      if (!next) {
        // A transaction's delete cannot carry an ETag, so a superseded meeting is cancelled instead, conditionally.
        if (x.status === "planned" && !(await update({ ...x, status: "cancelled", superseded: true }, e.etag))) return "conflict";
        continue;
      }
      // The mentor's own cancellation stays (the plan carries it); one a former plan made comes back with this plan.
      if (x.status === "cancelled" && x.superseded !== true) continue;
      const same = x.date === next.date && x.time === next.time && x.minutes === next.minutes && x.startUtc === next.startUtc && x.status === next.status && x.superseded === undefined;
      if (same) continue;
      const { superseded: _was, ...kept } = x;
      const updated: Meeting = { ...kept, date: next.date, time: next.time, minutes: next.minutes, startUtc: next.startUtc, isoWeek: next.isoWeek, isoYear: next.isoYear, status: next.status };
      if (!(await update(updated, e.etag))) return "conflict";
    }
    for (const m of meetings) {
      if (have.has(m.key)) continue;
      const { value, agendaId } = toStoredMeeting(m);
      tx.createEntity(meetingEntity(mentorship.tenantId, value as StoredMeeting, agendaId));
    }
    if (tx.actions.length > MAX_TRANSACTION) throw new RangeError("a plan with more than 99 meeting changes does not fit one transaction");
    return this.submit(tx);
  }

  // ─── summaries ───────────────────────────────────────────────────────────────────────────────

  async getSummary(tenantId: string, mentorshipId: string): Promise<Stored<MentorshipSummary> | null> {
    const got = await this.getRow(tenantId, summaryKey(mentorshipId), SUMMARY_COLUMNS);
    return got && { value: readSummary(got), etag: got.etag };
  }

  async putSummary(tenantId: string, summary: MentorshipSummary, etag: string | null): Promise<SaveOutcome> {
    return (await this.putSummaryTagged(tenantId, summary, etag)).outcome;
  }

  async putSummaryTagged(tenantId: string, summary: MentorshipSummary, etag: string | null): Promise<{ outcome: SaveOutcome; etag: string | null }> {
    return putRow(this.client, summaryEntity(tenantId, summary), etag);
  }

  async listSummaries(tenantId: string): Promise<MentorshipSummary[]> {
    return (await this.range(tenantId, "s|", SUMMARY_COLUMNS)).map(readSummary);
  }

  async deleteSummary(tenantId: string, mentorshipId: string): Promise<void> {
    await this.deleteRow(tenantId, summaryKey(mentorshipId));
  }

  // ─── the person index ────────────────────────────────────────────────────────────────────────

  /** The person's index rows, and — until the upgrade has indexed every older mentorship — what the older rows' columns say. */
  private async rolesByMentorship(tenantId: string, aadObjectId: string): Promise<Map<string, PersonRole[]>> {
    const out = new Map<string, PersonRole[]>();
    for (const e of await this.range(tenantId, personPrefix(aadObjectId), ["aadObjectId", "mentorshipId", "roles", SCHEMA_VERSION_COLUMN])) {
      const row = readPersonRole(e);
      if (row.aadObjectId === aadObjectId) out.set(row.mentorshipId, [...row.roles]);
    }
    if (!(await this.isIndexComplete())) {
      for (const m of await this.unindexedMentorshipsOf(tenantId, aadObjectId)) {
        const roles = peopleOf(m).get(aadObjectId);
        if (roles && !out.has(m.id)) out.set(m.id, roles);
      }
    }
    return out;
  }

  /**
   * Version-0 mentorships naming the person: today's rows carry the mentor, the mentee and the latest
   * eight former mentors as columns. A row saved since has index rows, and is found by them.
   */
  private async unindexedMentorshipsOf(tenantId: string, aadObjectId: string): Promise<StoredMentorship[]> {
    const rows = this.client.listEntities<Record<string, unknown>>({
      queryOptions: {
        filter: [
          odata`PartitionKey eq ${tenantId} and kind eq ${"mentorship"} and (mentorAadObjectId eq ${aadObjectId} or menteeAadObjectId eq ${aadObjectId}`,
          // The column names are ours; only the value comes from outside, and odata escapes it.
          ...Array.from({ length: 8 }, (_, i) => ` or formerMentor${i + 1}${odata` eq ${aadObjectId}`}`),
          ")",
        ].join(""),
        select: MENTORSHIP_COLUMNS,
      },
    });
    const out: StoredMentorship[] = [];
    for await (const e of rows) {
      const read = readMentorship(e);
      if (read.version === 0) out.push(read.value);
    }
    return out;
  }

  async mentorshipsOf(tenantId: string, aadObjectId: string): Promise<Mentorship[]> {
    const ids = [...(await this.rolesByMentorship(tenantId, aadObjectId)).keys()];
    const found = await Promise.all(ids.map((id) => this.getMentorship(tenantId, id)));
    return found
      .filter((m): m is Stored<Mentorship> => m !== null)
      .map((m) => m.value)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  async rolesOf(tenantId: string, aadObjectId: string): Promise<{ mentorshipId: string; role: PersonRole }[]> {
    const out: { mentorshipId: string; role: PersonRole }[] = [];
    for (const [mentorshipId, roles] of await this.rolesByMentorship(tenantId, aadObjectId)) for (const role of roles) out.push({ mentorshipId, role });
    return out;
  }

  // ─── the upgrade of older rows ───────────────────────────────────────────────────────────────

  private async isIndexComplete(): Promise<boolean> {
    if (this.indexComplete) return true;
    const got = await this.getRow(META_PARTITION, SCHEMA_META_KEY, ["personIndex"]);
    this.indexComplete = got?.["personIndex"] === 1;
    return this.indexComplete;
  }

  /**
   * Rewrites every version-0 mentorship row as version 1 with its index rows (each in one
   * conditional transaction, re-read on a conflict), then marks the table so that the person index
   * alone answers. Safe to run at any time and more than once, alongside the app; meanwhile the
   * index is completed from the older rows' columns. Returns how many rows it rewrote.
   */
  async upgradeRows(): Promise<number> {
    let rewritten = 0;
    const rows = this.client.listEntities<Record<string, unknown>>({ queryOptions: { filter: odata`kind eq ${"mentorship"}`, select: ["PartitionKey", "RowKey", SCHEMA_VERSION_COLUMN] } });
    for await (const row of rows) {
      if (row[SCHEMA_VERSION_COLUMN] !== undefined && row[SCHEMA_VERSION_COLUMN] !== null) continue;
      const tenantId = row.partitionKey!;
      const id = row.rowKey!.slice(mentorshipKey("").length);
      for (let attempt = 0; attempt < 10; attempt++) {
        const stored = await this.getMentorship(tenantId, id);
        if (!stored) break;
        const tx = new TableTransaction();
        if (!(await this.mentorshipWrite(tx, stored.value, stored.etag))) continue;
        if ((await this.submit(tx)) === "saved") {
          rewritten++;
          break;
        }
      }
    }
    try {
      await this.client.createEntity({ partitionKey: META_PARTITION, rowKey: SCHEMA_META_KEY, personIndex: 1, [SCHEMA_VERSION_COLUMN]: 1 });
    } catch (err) {
      if (!isStatus(err, 409)) throw err; // marked by an earlier run
    }
    this.indexComplete = true;
    return rewritten;
  }
}
