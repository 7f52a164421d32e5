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

describe("JournalService: the mentee alone, in the mentorship they are the mentee of (Azurite)", function () {
  this.timeout(30_000);
  const person = (aadObjectId: string) => ({ aadObjectId, name: "x", channelUserId: "29:x" });
  const mentorship = (over: Partial<Mentorship>): Mentorship => ({ id: "m-1", tenantId: TENANT, phase: "learning", createdAt: "2027-01-01T00:00:00.000Z", timeZone: "Europe/Copenhagen", mentor: person(OTHER), mentee: person(MENTEE), ...over }) as unknown as Mentorship;

  async function service(mine: Mentorship[]) {
    const { connectionString, tableName } = await freshStore();
    const repository = TableJournal.fromConnectionString(connectionString, `${tableName}journal`, new JournalCipher(randomBytes(32)));
    await repository.ensureTable();
    const audit: { verb: string; subjectId?: string | null; detail?: string | null }[] = [];
    // 23:30 UTC on 31 January is 1 February in Copenhagen: a new entry's default date is the programme zone's today.
    const s = new JournalService({ repository, mentorships: { mentorshipsOf: async () => mine }, clock: { now: () => new Date("2027-01-31T23:30:00Z") }, log: silentLogger, audit: { append: async (e) => void audit.push(e) } });
    return { s, audit };
  }
  const input = { title: "Samtale", background: "Anonym" };

  it("a new entry goes to the running mentorship where they are the mentee, dated today in its zone; the mentor of it, another tenant's, or only a closed one: refused, nothing written", async () => {
    const running = mentorship({ id: "m-run", createdAt: "2027-01-10T00:00:00.000Z" });
    const { s } = await service([mentorship({ id: "m-old", phase: "closed", createdAt: "2026-01-01T00:00:00.000Z" }), running, mentorship({ id: "m-other-tenant", tenantId: "other", createdAt: "2027-01-20T00:00:00.000Z" })]);
    const r = await s.create({ tenantId: TENANT, aadObjectId: MENTEE }, input);
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(r.value.mentorshipId, "m-run");
    assert.equal(r.value.date, "2027-02-01");
    const asMentor = await s.create({ tenantId: TENANT, aadObjectId: OTHER }, input);
    assert.deepEqual(asMentor, { ok: false, error: { code: "JOURNAL_NOT_MENTEE" } });
    const closedOnly = (await service([mentorship({ phase: "closed" })])).s;
    assert.deepEqual(await closedOnly.create({ tenantId: TENANT, aadObjectId: MENTEE }, input), { ok: false, error: { code: "MENTORSHIP_CLOSED" } });
    assert.deepEqual(await closedOnly.list({ tenantId: TENANT, aadObjectId: MENTEE }), []);
    assert.equal(await closedOnly.keepsJournal({ tenantId: TENANT, aadObjectId: MENTEE }), true, "a former mentee still keeps (and may read and delete) a journal");
    assert.equal(await s.keepsJournal({ tenantId: TENANT, aadObjectId: OTHER }), false);
  });

  it("refusals name the field: no title, no real date, too long, an unknown id; a delete is audited with ids only", async () => {
    const { s, audit } = await service([mentorship({})]);
    const who = { tenantId: TENANT, aadObjectId: MENTEE };
    assert.deepEqual(await s.create(who, { title: " " }), { ok: false, error: { code: "INVALID_INPUT", params: { field: "title", issue: "required" } } });
    assert.deepEqual(await s.create(who, { title: "x", date: "30.02.2027" }), { ok: false, error: { code: "INVALID_INPUT", params: { field: "date", issue: "invalid" } } });
    assert.deepEqual(await s.create(who, { title: "x", log: [{ citizen: "y".repeat(251) }] }), { ok: false, error: { code: "INVALID_INPUT", params: { field: "log.citizen", issue: "tooLong", max: 250 } } });
    assert.deepEqual(await s.create(who, { title: "x", other: 7 }), { ok: false, error: { code: "INVALID_INPUT", params: { field: "other" } } });
    assert.deepEqual(await s.get(who, "j-../../x"), { ok: false, error: { code: "JOURNAL_ENTRY_NOT_FOUND" } });
    const made = await s.create(who, { title: "x", date: "2027-01-15", log: [{ citizen: "", worker: " ", observation: "" }, { citizen: "a" }] });
    assert.ok(made.ok);
    assert.deepEqual(made.value.log, [{ citizen: "a", worker: "", observation: "" }], "empty rows are dropped, text trimmed");
    assert.deepEqual(await s.edit(who, made.value.id, 2, { title: "y" }), { ok: false, error: { code: "JOURNAL_STALE_VERSION", params: { current: 1 } } });
    assert.ok((await s.remove(who, made.value.id)).ok);
    assert.deepEqual(audit, [{ tenantId: TENANT, at: "2027-01-31T23:30:00.000Z", actorId: MENTEE, verb: "journal.erase", subjectId: MENTEE, mentorshipId: "m-1", detail: "1" }]);
    assert.deepEqual(await s.remove(who, made.value.id), { ok: false, error: { code: "JOURNAL_ENTRY_NOT_FOUND" } });
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
