import { type TableClient, TableTransaction, odata } from "@azure/data-tables";
import type { Party } from "../../domain/agreement";
import type { PrivateAnswers, Ratings } from "../../domain/privateAnswers";
import type { PrivateAnswerStore } from "../../ports/privateAnswers";
import type { PrivateQuestion, QuestionMarks } from "../../ports/privateQuestions";
import type { SaveOutcome, Stored } from "../../ports/store";
import { isUsableKey, rangeOf } from "./rows/keys";
import {
  ALL_PRIVATE_ANSWERS_PREFIX,
  PRIVATE_ANSWERS_COLUMNS,
  RATINGS_COLUMNS,
  checkPrivateQuestion,
  privateAnswersEntity,
  privateAnswersKey,
  privateAnswersPrefix,
  privateQuestionEntity,
  privateQuestionKey,
  privateQuestionPrefix,
  readPrivateAnswers,
  readRatingsOnly,
} from "./rows/privateAnswers";
import { type StorageProfile, isStatus, putRow, tableClientFor } from "./tableClient";

/**
 * The parties' private answers and the marks of the questions put to them, in the mentorships'
 * table (one partition per tenant). Nothing here is read by the overview, the tab or the pair's
 * chat; the statistics read the ratings columns only (`listRatings`: no person in them).
 */
export class TablePrivateAnswers implements PrivateAnswerStore, QuestionMarks {
  constructor(private readonly client: TableClient) {}

  static fromConnectionString(connectionString: string, tableName: string, profile: StorageProfile = "background"): TablePrivateAnswers {
    return new TablePrivateAnswers(tableClientFor(connectionString, tableName, profile));
  }

  private async row(tenantId: string, rowKey: string, select: string[]): Promise<(Record<string, unknown> & { etag: string }) | null> {
    // Ids arrive from card data: a key no row can have names none (asking would be a 400).
    if (!isUsableKey(tenantId + rowKey)) return null;
    try {
      return await this.client.getEntity<Record<string, unknown>>(tenantId, rowKey, { queryOptions: { select } });
    } catch (err) {
      if (isStatus(err, 404)) return null;
      throw err;
    }
  }

  async getPrivateAnswers(tenantId: string, mentorshipId: string, party: Party): Promise<Stored<PrivateAnswers> | null> {
    const got = await this.row(tenantId, privateAnswersKey(mentorshipId, party), PRIVATE_ANSWERS_COLUMNS);
    return got && { value: readPrivateAnswers(tenantId, got), etag: got.etag };
  }

  async putPrivateAnswers(answers: PrivateAnswers, etag: string | null): Promise<SaveOutcome> {
    if (!isUsableKey(answers.tenantId + answers.mentorshipId)) return "conflict";
    return (await putRow(this.client, privateAnswersEntity(answers), etag)).outcome;
  }

  async listRatings(tenantId: string): Promise<{ mentorshipId: string; party: Party; ratings: Ratings }[]> {
    const { from, to } = rangeOf(ALL_PRIVATE_ANSWERS_PREFIX);
    const out: { mentorshipId: string; party: Party; ratings: Ratings }[] = [];
    const rows = this.client.listEntities<Record<string, unknown>>({ queryOptions: { filter: odata`PartitionKey eq ${tenantId} and RowKey ge ${from} and RowKey lt ${to}`, select: RATINGS_COLUMNS } });
    for await (const e of rows) {
      const r = readRatingsOnly(e);
      if (r.ratings) out.push({ mentorshipId: r.mentorshipId, party: r.party, ratings: r.ratings });
    }
    return out;
  }

  async deletePartyAnswers(tenantId: string, mentorshipId: string, party: Party): Promise<void> {
    // The marks of questions asked stay (they hold no answer), so nobody is asked again.
    const key = privateAnswersKey(mentorshipId, party);
    if (!isUsableKey(tenantId + key)) return;
    try {
      await this.client.deleteEntity(tenantId, key);
    } catch (err) {
      if (!isStatus(err, 404)) throw err;
    }
  }

  async deletePrivateAnswers(tenantId: string, mentorshipId: string): Promise<void> {
    const keys: string[] = [];
    for (const prefix of [privateAnswersPrefix(mentorshipId), privateQuestionPrefix(mentorshipId)]) {
      if (!isUsableKey(tenantId + prefix)) continue;
      const { from, to } = rangeOf(prefix);
      for await (const e of this.client.listEntities({ queryOptions: { filter: odata`PartitionKey eq ${tenantId} and RowKey ge ${from} and RowKey lt ${to}`, select: ["RowKey"] } })) keys.push(e.rowKey!);
    }
    if (keys.length === 0) return;
    const tx = new TableTransaction();
    for (const k of keys) tx.deleteEntity(tenantId, k);
    await this.client.submitTransaction(tx.actions);
  }

  // ─── the marks of questions asked ───────────────────────────────────────────────────────────

  async markAsked(tenantId: string, mentorshipId: string, party: Party, question: PrivateQuestion, at: string): Promise<boolean> {
    if (!isUsableKey(tenantId + mentorshipId)) return false;
    try {
      await this.client.createEntity(privateQuestionEntity(tenantId, mentorshipId, party, question, at));
      return true;
    } catch (err) {
      if (isStatus(err, 409)) return false;
      throw err;
    }
  }

  async unmarkAsked(tenantId: string, mentorshipId: string, party: Party, question: PrivateQuestion): Promise<void> {
    const key = privateQuestionKey(mentorshipId, party, question);
    if (!isUsableKey(tenantId + key)) return;
    try {
      await this.client.deleteEntity(tenantId, key);
    } catch (err) {
      if (!isStatus(err, 404)) throw err;
    }
  }

  async wasAsked(tenantId: string, mentorshipId: string, party: Party, question: PrivateQuestion): Promise<boolean> {
    const got = await this.row(tenantId, privateQuestionKey(mentorshipId, party, question), ["askedAt", "schemaVersion"]);
    if (!got) return false;
    checkPrivateQuestion(got);
    return true;
  }
}
