import type { TableClient } from "@azure/data-tables";
import type { PersonalChatRecord, PersonalChatStore } from "../../ports/personalChats";
import type { SaveOutcome, Stored } from "../../ports/store";
import { isUsableKey } from "./rows/keys";
import { personalChatEntity, personalChatKey, readPersonalChat } from "./rows/personalChat";
import { type StorageProfile, isStatus, putRow, tableClientFor } from "./tableClient";

/** Each person's personal chat with the app, one row per (tenant, person) in the mentorships' table. */
export class TablePersonalChats implements PersonalChatStore {
  constructor(private readonly client: TableClient) {}

  static fromConnectionString(connectionString: string, tableName: string, profile: StorageProfile = "background"): TablePersonalChats {
    return new TablePersonalChats(tableClientFor(connectionString, tableName, profile));
  }

  async getPersonalChat(tenantId: string, aadObjectId: string): Promise<Stored<PersonalChatRecord> | null> {
    const key = personalChatKey(aadObjectId);
    if (!isUsableKey(tenantId + key)) return null;
    try {
      const got = await this.client.getEntity<Record<string, unknown>>(tenantId, key);
      return { value: readPersonalChat(got), etag: got.etag };
    } catch (err) {
      if (isStatus(err, 404)) return null;
      throw err;
    }
  }

  async putPersonalChat(record: PersonalChatRecord, etag: string | null): Promise<SaveOutcome> {
    if (!isUsableKey(record.tenantId)) return "conflict";
    return (await putRow(this.client, personalChatEntity(record), etag)).outcome;
  }

  async deletePersonalChat(tenantId: string, aadObjectId: string): Promise<void> {
    const key = personalChatKey(aadObjectId);
    if (!isUsableKey(tenantId + key)) return;
    try {
      await this.client.deleteEntity(tenantId, key);
    } catch (err) {
      if (!isStatus(err, 404)) throw err;
    }
  }
}
