import { type TableClient, TableTransaction, odata } from "@azure/data-tables";
import type { MessageSlot, PostedMessageStore } from "../../ports/postedMessages";
import { type StorageProfile, isStatus, tableClientFor } from "./tableClient";
import { isUsableKey, meetingKeyOf, meetingPrefix, mentorshipKey, postedKey, postedPrefix, rangeOf } from "./rows/keys";
import { MEETING_COLUMNS, readMeeting } from "./rows/meeting";
import { MENTORSHIP_COLUMNS, readMentorship } from "./rows/mentorship";
import { postedMessageEntity, readPostedMessage } from "./rows/postedMessage";

const LEGACY_MENTORSHIP_COLUMNS = { agreement: "legacyAgreementActivityId", plan: "legacyPlanActivityId", booking: "legacyBookingActivityId" } as const;
const LEGACY_MEETING_COLUMN = "legacyAgendaActivityId";

/**
 * The Teams message ids of posted cards, one row per mentorship and slot in the mentorships' table
 * (`msg|{mentorshipId}|{slot}`). For a mentorship written before these rows existed the id is where
 * that code kept it: inside the mentorship or meeting (a version-0 row's JSON, or the `legacy…`
 * column a later save of it keeps), so a card posted then is still updated in place.
 */
export class TablePostedMessages implements PostedMessageStore {
  constructor(private readonly client: TableClient) {}

  static fromConnectionString(connectionString: string, tableName: string, profile: StorageProfile = "background"): TablePostedMessages {
    return new TablePostedMessages(tableClientFor(connectionString, tableName, profile));
  }

  private async entity(partitionKey: string, rowKey: string, select: string[]): Promise<Record<string, unknown> | null> {
    if (!isUsableKey(partitionKey + rowKey)) return null;
    try {
      return await this.client.getEntity<Record<string, unknown>>(partitionKey, rowKey, { queryOptions: { select } });
    } catch (err) {
      if (isStatus(err, 404)) return null;
      throw err;
    }
  }

  async get(tenantId: string, mentorshipId: string, slot: MessageSlot): Promise<string | null> {
    const row = await this.entity(tenantId, postedKey(mentorshipId, slot), ["mentorshipId", "slot", "activityId", "schemaVersion"]);
    if (row) return readPostedMessage(row).activityId;
    if (slot.startsWith("agenda:")) {
      const meeting = await this.entity(tenantId, meetingKeyOf(mentorshipId, slot.slice("agenda:".length)), MEETING_COLUMNS);
      return meeting ? readMeeting(meeting).legacyAgendaId : null;
    }
    const m = await this.entity(tenantId, mentorshipKey(mentorshipId), [...MENTORSHIP_COLUMNS, "kind"]);
    if (!m || m["kind"] !== "mentorship") return null;
    return readMentorship(m).legacy[slot as keyof typeof LEGACY_MENTORSHIP_COLUMNS] ?? null;
  }

  async put(tenantId: string, mentorshipId: string, slot: MessageSlot, activityId: string): Promise<void> {
    const row = postedMessageEntity(tenantId, mentorshipId, slot, activityId);
    // Last write wins (ids are not state), but never blindly: insert, or replace the row as read.
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = await this.entity(tenantId, row.rowKey, ["RowKey"]);
      try {
        if (current) await this.client.updateEntity(row, "Replace", { etag: current["etag"] as string });
        else await this.client.createEntity(row);
        return;
      } catch (err) {
        if (!isStatus(err, 409, 412, 404)) throw err;
      }
    }
    throw new Error("posted message id not recorded: the row kept changing");
  }

  async deleteAll(tenantId: string, mentorshipId: string): Promise<void> {
    const { from, to } = rangeOf(postedPrefix(mentorshipId));
    const keys: string[] = [];
    for await (const e of this.client.listEntities({ queryOptions: { filter: odata`PartitionKey eq ${tenantId} and RowKey ge ${from} and RowKey lt ${to}`, select: ["RowKey"] } })) keys.push(e.rowKey!);
    for (let i = 0; i < keys.length; i += 100) {
      const tx = new TableTransaction();
      for (const k of keys.slice(i, i + 100)) tx.deleteEntity(tenantId, k);
      await this.client.submitTransaction(tx.actions);
    }
    // The ids older rows keep are forgotten too ("" reads as none), each row at the ETag read; a
    // row changed meanwhile is read again. Merge touches only these columns.
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        await this.forgetLegacyIds(tenantId, mentorshipId);
        return;
      } catch (err) {
        if (!isStatus(err, 412)) throw err;
      }
    }
    throw new Error("legacy message ids not forgotten: the rows kept changing");
  }

  private async forgetLegacyIds(tenantId: string, mentorshipId: string): Promise<void> {
    const columns = Object.values(LEGACY_MENTORSHIP_COLUMNS);
    const m = await this.entity(tenantId, mentorshipKey(mentorshipId), ["kind", ...columns]);
    if (m && m["kind"] === "mentorship" && columns.some((c) => m[c])) {
      await this.client.updateEntity({ partitionKey: tenantId, rowKey: mentorshipKey(mentorshipId), ...Object.fromEntries(columns.map((c) => [c, ""])) }, "Merge", { etag: m["etag"] as string });
    }
    const { from, to } = rangeOf(meetingPrefix(mentorshipId));
    for await (const e of this.client.listEntities<Record<string, unknown>>({ queryOptions: { filter: odata`PartitionKey eq ${tenantId} and RowKey ge ${from} and RowKey lt ${to}`, select: ["RowKey", LEGACY_MEETING_COLUMN] } })) {
      if (e[LEGACY_MEETING_COLUMN]) await this.client.updateEntity({ partitionKey: tenantId, rowKey: e.rowKey!, [LEGACY_MEETING_COLUMN]: "" }, "Merge", { etag: e.etag });
    }
  }
}
