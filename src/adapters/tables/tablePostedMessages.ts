import { type TableClient, odata } from "@azure/data-tables";
import type { MessageSlot, PostedMessageStore } from "../../ports/postedMessages";
import { isStatus, tableClientFor, type StorageProfile } from "./tableClient";

/**
 * TEMPORARY (issue 10, core): the ids of posted cards in a table of their own, until the storage
 * work's PostedMessageStore (rows in the main table, with the fallback to ids in today's rows)
 * replaces it in src/main.ts compose(). One row per mentorship and slot.
 */
export class TablePostedMessages implements PostedMessageStore {
  constructor(private readonly client: TableClient) {}

  static fromConnectionString(connectionString: string, tableName: string, profile: StorageProfile = "background"): TablePostedMessages {
    return new TablePostedMessages(tableClientFor(connectionString, tableName, profile));
  }

  async ensureTable(): Promise<void> {
    try {
      await this.client.createTable();
    } catch (err) {
      if (!isStatus(err, 409)) throw err;
    }
  }

  // Mentorship ids are UUIDs and slots are "agenda:<meeting key>": nothing RowKey forbids, but encoded all the same.
  private rowKey(mentorshipId: string, slot: MessageSlot): string {
    return encodeURIComponent(`${mentorshipId}|${slot}`);
  }

  async get(tenantId: string, mentorshipId: string, slot: MessageSlot): Promise<string | null> {
    try {
      const row = await this.client.getEntity<{ activityId: string }>(encodeURIComponent(tenantId), this.rowKey(mentorshipId, slot));
      return typeof row.activityId === "string" ? row.activityId : null;
    } catch (err) {
      if (isStatus(err, 404)) return null;
      throw err;
    }
  }

  async put(tenantId: string, mentorshipId: string, slot: MessageSlot, activityId: string): Promise<void> {
    const entity = { partitionKey: encodeURIComponent(tenantId), rowKey: this.rowKey(mentorshipId, slot), mentorshipId, activityId };
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        await this.client.createEntity(entity);
        return;
      } catch (err) {
        if (!isStatus(err, 409)) throw err;
      }
      try {
        const current = await this.client.getEntity(entity.partitionKey, entity.rowKey);
        // Conditional on what was read (no blind writes anywhere); the newest id wins a race by retrying.
        await this.client.updateEntity(entity, "Replace", { etag: current.etag });
        return;
      } catch (err) {
        if (!isStatus(err, 404, 412)) throw err;
      }
    }
    throw new Error("posted message id not recorded after 5 attempts");
  }

  async deleteAll(tenantId: string, mentorshipId: string): Promise<void> {
    const rows = this.client.listEntities<{ mentorshipId: string }>({ queryOptions: { filter: odata`PartitionKey eq ${encodeURIComponent(tenantId)} and mentorshipId eq ${mentorshipId}` } });
    for await (const row of rows) {
      try {
        await this.client.deleteEntity(encodeURIComponent(tenantId), row.rowKey as string, { etag: row.etag });
      } catch (err) {
        if (!isStatus(err, 404, 412)) throw err;
      }
    }
  }
}
