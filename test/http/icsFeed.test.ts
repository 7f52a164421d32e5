// The local calendar's .ics feed through the real app (buildApp on Azurite, the bot over HTTP in
// local anonymous mode): each party asks the booking card for their own link; a link works on every
// instance and after a restart (one key), and stops when it expires or its person is no longer a party.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { ConfigError, loadConfig } from "../../src/config";
import { t } from "../../src/i18n";
import { silentLogger } from "../../src/log";
import { buildApp } from "../../src/main";
import { freshStore } from "../support/azurite";
import { PERSONAS, type Persona, TENANT_ID, localAppConfig } from "../support/e2e";
import { actorOf, pairThroughUseCases } from "../support/pairs";

type App = Awaited<ReturnType<typeof buildApp>>;
const CHAT = "19:ics-feed@thread.v2";

async function listen(app: App): Promise<string> {
  await new Promise<void>((resolve) => app.server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${app.server.address().port}`;
}

/** The booking card's "my calendar link" as Teams sends it: an Action.Execute invoke from a chat. */
async function askForLink(base: string, who: Persona, mentorshipId: string, conversationId = CHAT): Promise<{ card: unknown; url: string | null }> {
  const activity = {
    type: "invoke",
    name: "adaptiveCard/action",
    id: randomBytes(4).toString("hex"),
    channelId: "msteams",
    serviceUrl: "http://127.0.0.1:9/",
    from: { id: who.id, name: who.name, aadObjectId: who.aadObjectId },
    recipient: { id: "28:bot", name: "Mentor" },
    conversation: { id: conversationId, conversationType: "groupChat", isGroup: true, tenantId: TENANT_ID },
    channelData: { tenant: { id: TENANT_ID } },
    locale: "da-DK",
    value: { action: { type: "Action.Execute", verb: "ics.link", data: { mentorshipId } }, trigger: "manual" },
  };
  const res = await fetch(`${base}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(activity) });
  assert.equal(res.status, 200);
  const body = (await res.json()) as { value?: unknown };
  const urls = JSON.stringify(body.value ?? null).match(/"url":"([^"]+)"/g) ?? [];
  const url = urls.map((u) => JSON.parse(`{${u}}`) as { url: string }).find((u) => u.url.endsWith(".ics"))?.url ?? null;
  return { card: body.value, url };
}

const status = async (url: string, base: string) => (await fetch(url.replace(/^http:\/\/[^/]+/, base))).status;

describe("the .ics feed: a party's own link, on every instance, until it expires or they leave", function () {
  this.timeout(60000);
  const apps: App[] = [];
  afterEach(() => {
    for (const a of apps.splice(0)) a.server.close();
  });

  it("works across instances and restarts, for parties only, per person, and stops after a change of mentor or expiry", async () => {
    const { connectionString, tableName } = await freshStore();
    let now = new Date("2027-01-11T08:00:00Z");
    const clock = { now: () => now };
    const config = loadConfig({ ...localAppConfig(connectionString, tableName), SECRET_LINK_SIGNING_KEY: randomBytes(32).toString("hex") });
    const start = async () => {
      const app = await buildApp({ config, clock, log: silentLogger });
      apps.push(app);
      return { app, base: await listen(app) };
    };
    const a = await start();
    const b = await start();

    const id = await pairThroughUseCases(a.app.service, { chatId: CHAT, mentee: PERSONAS.mentee, programme: "kristiansand", unit: "Vågsbygd", until: "agreed" });
    const { result, done } = await a.app.meetings.book(actorOf(PERSONAS.mentor), id, { weekday: 2, time: "10:00", minutes: 45 }, 24);
    assert.ok(result.ok);
    await done.catch(() => undefined); // posting the result into the chat fails here (no Teams); the meetings are stored

    const mentorLink = await askForLink(a.base, PERSONAS.mentor, id);
    const menteeLink = await askForLink(a.base, PERSONAS.mentee, id);
    assert.ok(mentorLink.url && menteeLink.url, "each party gets a link");
    assert.notEqual(mentorLink.url, menteeLink.url, "one link per person");
    assert.ok(mentorLink.url.startsWith(`${config.publicBaseUrl}/ics/`));

    const feed = await fetch(mentorLink.url.replace(/^http:\/\/[^/]+/, a.base));
    assert.equal(feed.status, 200);
    assert.match(feed.headers.get("content-type") ?? "", /^text\/calendar/);
    assert.equal((await feed.text()).match(/BEGIN:VEVENT/g)?.length, (await a.app.meetings.meetings(TENANT_ID, id)).length);

    // Another instance, and the first one restarted: the same key, the same answer.
    assert.equal(await status(mentorLink.url, b.base), 200, "a link made on A works on B");
    a.app.server.close();
    const restarted = await start();
    assert.equal(await status(mentorLink.url, restarted.base), 200, "and after A restarts");

    // Nobody else gets one: a colleague in the chat, or a party asking from another conversation.
    const colleague = await askForLink(b.base, PERSONAS.colleague, id);
    assert.equal(colleague.url, null);
    assert.ok(JSON.stringify(colleague.card).includes(t("da", "error.NOT_A_PARTY")), "told why");
    assert.equal((await askForLink(b.base, PERSONAS.mentor, id, "19:elsewhere@thread.v2")).url, null);

    // Tampered, or put on another mentorship or tenant: not found.
    // The token's first character, not its last: the last base64url character of a signature also
    // carries unused bits, so A↔B there can decode to the same bytes (a valid link, and a flaky test).
    const tampered = mentorLink.url.replace(/\/([^/])([^/]*\.ics)$/, (_m, c: string, rest: string) => `/${c === "A" ? "B" : "A"}${rest}`);
    assert.notEqual(tampered, mentorLink.url);
    assert.equal(await status(tampered, b.base), 404);
    assert.equal(await status(mentorLink.url.replace(`/${id}/`, "/another-mentorship/"), b.base), 404);
    assert.equal(await status(mentorLink.url.replace(`/ics/${TENANT_ID}/`, "/ics/0d9e8f7a-6b5c-4d3e-8f1a-2b3c4d5e6f70/"), b.base), 404);

    // A change of mentor: the former mentor's link stops at once; the mentee's keeps working; the new mentor gets one.
    now = new Date("2027-01-12T08:00:00Z");
    const changed = await b.app.service.changeMentor(TENANT_ID, id, { aadObjectId: PERSONAS.colleague.aadObjectId, name: PERSONAS.colleague.name, channelUserId: PERSONAS.colleague.id });
    assert.ok(changed.ok);
    assert.equal(await status(mentorLink.url, b.base), 404, "the former mentor's link no longer works");
    assert.equal((await askForLink(b.base, PERSONAS.mentor, id)).url, null, "and they get no new one");
    assert.equal(await status(menteeLink.url, b.base), 200);
    const newMentor = await askForLink(b.base, PERSONAS.colleague, id);
    assert.ok(newMentor.url);
    assert.equal(await status(newMentor.url, b.base), 200);

    // Links expire after 30 days; the card gives a fresh one.
    now = new Date(now.getTime() + 31 * 86_400_000);
    assert.equal(await status(menteeLink.url, b.base), 404, "expired");
    const renewed = await askForLink(b.base, PERSONAS.mentee, id);
    assert.ok(renewed.url);
    assert.equal(await status(renewed.url, b.base), 200);
  });
});

describe("configuration of the .ics links", () => {
  const beyondLoopback = { BOT_HOST: "0.0.0.0", BOT_PORT: "8080", BOT_ID: "7d9e0f1a-2b3c-4d5e-8f60-718293a4b5c6", BOT_TYPE: "UserAssignedMsi", BOT_TENANT_ID: TENANT_ID, STORAGE_CONNECTION_STRING: "UseDevelopmentStorage=true", JOURNAL_ENCRYPTION_KEY: "6a".repeat(32) };
  const key = "ab".repeat(32);

  it("refuses to start a local calendar beyond loopback without the public URL and the key, saying why", () => {
    assert.throws(() => loadConfig(beyondLoopback), (e: unknown) => e instanceof ConfigError && /PUBLIC_BASE_URL and SECRET_LINK_SIGNING_KEY/.test(e.message) && /beyond loopback/.test(e.message));
    assert.throws(() => loadConfig({ ...beyondLoopback, PUBLIC_BASE_URL: "https://mentor.example.dk" }), /set SECRET_LINK_SIGNING_KEY/);
    assert.throws(() => loadConfig({ ...beyondLoopback, SECRET_LINK_SIGNING_KEY: key }), /set PUBLIC_BASE_URL/);
    const ok = loadConfig({ ...beyondLoopback, PUBLIC_BASE_URL: "https://mentor.example.dk/", SECRET_LINK_SIGNING_KEY: key });
    assert.deepEqual([ok.publicBaseUrl, ok.linkSigningKey], ["https://mentor.example.dk", key]);
  });

  it("wants https beyond loopback, a key of at least 32 characters, and never an unfilled placeholder", () => {
    assert.throws(() => loadConfig({ ...beyondLoopback, PUBLIC_BASE_URL: "http://mentor.example.dk", SECRET_LINK_SIGNING_KEY: key }), /https/);
    assert.throws(() => loadConfig({ ...beyondLoopback, PUBLIC_BASE_URL: "https://mentor.example.dk", SECRET_LINK_SIGNING_KEY: "short-key-of-20-char" }), /at least 32/);
    assert.throws(() => loadConfig({ ...beyondLoopback, PUBLIC_BASE_URL: "https://mentor.example.dk", SECRET_LINK_SIGNING_KEY: "${{SECRET_LINK_SIGNING_KEY}}-padded-out-to-40" }), /placeholder/);
  });

  it("on loopback keeps the local defaults (npm start passes the key it keeps with the data)", () => {
    const local = loadConfig({ BOT_HOST: "127.0.0.1", BOT_PORT: "3978", LOCAL_ANONYMOUS_BOT: "true", STORAGE_CONNECTION_STRING: "UseDevelopmentStorage=true", SECRET_LINK_SIGNING_KEY: "" });
    assert.deepEqual([local.publicBaseUrl, local.linkSigningKey], ["http://127.0.0.1:3978", null]);
  });
});
