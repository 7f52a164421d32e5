import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { TableClient } from "@azure/data-tables";
import { JournalCipher, JournalSealError, TableJournal } from "../../src/adapters/tables/tableJournal";
import { JournalService } from "../../src/app/journal/journalService";
import { ConfigError, loadConfig, parseJournalKey } from "../../src/config";
import type { JournalEntry } from "../../src/domain/journal";
import type { Mentorship } from "../../src/domain/mentorship";
import { silentLogger } from "../../src/log";
import { freshStore } from "../support/azurite";
import { TENANT } from "../support/fixtures";

/**
 * Issue 13: the journal at rest. Against Azurite: a raw row holds ids, times and a sealed column,
 * none of what the mentee wrote; a changed byte, another key, or a sealed column moved into another
 * mentee's row does not open; erasure and a mentorship's purge delete exactly what they name.
 */

const MENTEE = "22222222-2222-4222-8222-222222222222";
const OTHER = "44444444-4444-4444-8444-444444444444";

const entry = (over: Partial<JournalEntry> = {}): JournalEntry => ({
  id: `j-${randomBytes(10).toString("hex")}`,
  tenantId: TENANT,
  menteeAadObjectId: MENTEE,
  mentorshipId: "m-1",
  date: "2027-01-15",
  title: "Hjemmebesøg hos familien",
  background: "Enlig mor med to børn, TEKST-baggrund",
  problems: "TEKST-problem",
  caseSummary: "TEKST-resume",
  other: "TEKST-andet",
  log: [{ citizen: "TEKST-borger", worker: "TEKST-raadgiver", observation: "TEKST-tanke" }],
  reflection: "TEKST-refleksion æøå",
  createdAt: "2027-01-15T10:00:00.000Z",
  updatedAt: "2027-01-15T10:00:00.000Z",
  version: 1,
  ...over,
});
const WORDS = ["Hjemmebesøg", "Enlig mor", "TEKST-", "æøå", "2027-01-15\""];

describe("The journal's table: encrypted at rest (Azurite)", function () {
  this.timeout(30_000);
  let raw: TableClient;
  let journal: TableJournal;
  let key: Buffer;
  let connection: { connectionString: string; tableName: string };

  beforeEach(async () => {
    const { connectionString, tableName } = await freshStore();
    connection = { connectionString, tableName: `${tableName}journal` };
    key = randomBytes(32);
    journal = TableJournal.fromConnectionString(connectionString, connection.tableName, new JournalCipher(key));
    await journal.ensureTable();
    raw = TableClient.fromConnectionString(connectionString, connection.tableName, { allowInsecureConnection: true });
  });

  async function rawRows() {
    const out: Record<string, unknown>[] = [];
    for await (const e of raw.listEntities<Record<string, unknown>>()) out.push(e);
    return out;
  }

  it("the raw row of an entry holds none of its text; read through the adapter it is whole", async () => {
    const e = entry();
    assert.equal(await journal.put(e, null), "saved");
    const [row] = await rawRows();
    assert.ok(row);
    const text = JSON.stringify(row);
    for (const w of WORDS) assert.ok(!text.includes(w), `the raw row holds "${w}"`);
    assert.match(String(row["sealed"]), /^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    assert.equal(row["mentorshipId"], "m-1", "what retention needs stays in the clear");
    const read = await journal.get(TENANT, MENTEE, e.id);
    assert.deepEqual(read?.value, e);
    // Two saves of the same text seal differently (a fresh IV each time).
    const again = await journal.get(TENANT, MENTEE, e.id);
    assert.equal(await journal.put({ ...e, version: 2 }, again!.etag), "saved");
    const [after] = await rawRows();
    assert.notEqual(after!["sealed"], row["sealed"]);
  });

  it("a changed byte, another key, or a sealed column moved into another mentee's row does not open", async () => {
    const e = entry();
    await journal.put(e, null);
    const [row] = await rawRows();
    const sealed = String(row!["sealed"]);
    const cipher = new JournalCipher(key);
    const aad = `${TENANT}|${MENTEE}|${e.id}`;
    assert.ok(cipher.open(sealed, aad).includes("TEKST-refleksion"));
    const parts = sealed.split(".");
    const body = Buffer.from(parts[3]!, "base64url");
    body[0] = body[0]! ^ 1;
    assert.throws(() => cipher.open([parts[0], parts[1], parts[2], body.toString("base64url")].join("."), aad), JournalSealError);
    assert.throws(() => new JournalCipher(randomBytes(32)).open(sealed, aad), JournalSealError);
    assert.throws(() => cipher.open(sealed, `${TENANT}|${OTHER}|${e.id}`), JournalSealError, "bound to its row");
    const otherKey = TableJournal.fromConnectionString(connection.connectionString, connection.tableName, new JournalCipher(randomBytes(32)));
    await assert.rejects(otherKey.get(TENANT, MENTEE, e.id), JournalSealError, "the app with another key reads nothing");
    // And the error names nothing of the text.
    await assert.rejects(otherKey.get(TENANT, MENTEE, e.id), (err: Error) => !WORDS.some((w) => err.message.includes(w)));
  });

  it("each mentee's entries only; an erasure deletes all of the mentee's, a purge those of one mentorship", async () => {
    const a1 = entry({ mentorshipId: "m-1" });
    const a2 = entry({ mentorshipId: "m-2" });
    const b = entry({ menteeAadObjectId: OTHER, mentorshipId: "m-3" });
    for (const x of [a1, a2, b]) assert.equal(await journal.put(x, null), "saved");
    assert.equal(await journal.put(a1, null), "conflict", "a create never overwrites");
    assert.deepEqual((await journal.listOf(TENANT, MENTEE)).map((s) => s.value.id).sort(), [a1.id, a2.id].sort());
    assert.equal(await journal.get(TENANT, OTHER, a1.id), null, "another mentee's id finds nothing");
    assert.equal(await journal.get("other-tenant", MENTEE, a1.id), null);
    const store = { mentorshipsOf: async (): Promise<Mentorship[]> => [] };
    const service = new JournalService({ repository: journal, mentorships: store, clock: { now: () => new Date("2027-02-01T00:00:00Z") }, log: silentLogger });
    assert.deepEqual((await service.exportOf(TENANT, MENTEE)).map((x) => x.id).sort(), [a1.id, a2.id].sort());
    assert.equal(await service.purgeMentorship(TENANT, MENTEE, "m-1"), 1);
    assert.deepEqual((await journal.listOf(TENANT, MENTEE)).map((s) => s.value.id), [a2.id]);
    assert.equal(await service.eraseOf(TENANT, MENTEE), 1);
    assert.deepEqual(await journal.listOf(TENANT, MENTEE), []);
    assert.deepEqual((await journal.listOf(TENANT, OTHER)).map((s) => s.value.id), [b.id], "the other mentee's journal stands");
  });
});

describe("JOURNAL_ENCRYPTION_KEY", () => {
  const base = { BOT_HOST: "127.0.0.1", BOT_PORT: "3978", LOCAL_ANONYMOUS_BOT: "true", STORAGE_CONNECTION_STRING: "UseDevelopmentStorage=true" };

  it("takes 32 bytes as 64 hex digits or base64, and nothing else", () => {
    const bytes = randomBytes(32);
    assert.deepEqual(Buffer.from(parseJournalKey(bytes.toString("hex"))!), bytes);
    assert.deepEqual(Buffer.from(parseJournalKey(bytes.toString("base64"))!), bytes);
    assert.deepEqual(Buffer.from(parseJournalKey(bytes.toString("base64url"))!), bytes);
    for (const bad of ["", "abc", "a".repeat(63), randomBytes(16).toString("hex"), randomBytes(31).toString("base64"), "${{JOURNAL_ENCRYPTION_KEY}}"]) assert.equal(parseJournalKey(bad), null, bad);
    assert.throws(() => loadConfig({ ...base, JOURNAL_ENCRYPTION_KEY: "too-short" }), /JOURNAL_ENCRYPTION_KEY must be 32 bytes/);
    assert.deepEqual(Buffer.from(loadConfig({ ...base, JOURNAL_ENCRYPTION_KEY: bytes.toString("hex") }).journalEncryptionKey!), bytes);
  });

  it("is required beyond loopback; on loopback without it a local key is derived that stays the same across restarts", () => {
    assert.equal(loadConfig(base).journalEncryptionKey, null);
    const beyond = { BOT_HOST: "0.0.0.0", BOT_PORT: "8080", BOT_ID: "id", BOT_TENANT_ID: TENANT, SECRET_BOT_PASSWORD: "x", STORAGE_CONNECTION_STRING: "UseDevelopmentStorage=true", PUBLIC_BASE_URL: "https://mentor.example.dk", SECRET_LINK_SIGNING_KEY: "k".repeat(40) };
    assert.throws(() => loadConfig(beyond), (e: unknown) => e instanceof ConfigError && /JOURNAL_ENCRYPTION_KEY/.test(e.message) && /Key Vault/.test(e.message));
    assert.ok(loadConfig({ ...beyond, JOURNAL_ENCRYPTION_KEY: randomBytes(32).toString("hex") }).journalEncryptionKey);
    const a = JournalCipher.localDefault("UseDevelopmentStorage=true", "mentorships");
    const b = JournalCipher.localDefault("UseDevelopmentStorage=true", "mentorships");
    assert.equal(a.keyId, b.keyId);
    assert.equal(b.open(a.seal("x", "r"), "r"), "x");
    assert.notEqual(JournalCipher.localDefault("UseDevelopmentStorage=true", "other").keyId, a.keyId);
  });
});
