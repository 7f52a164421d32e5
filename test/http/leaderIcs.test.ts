// Without Graph the leader's booked talk is in the local calendar, and the booked card gives the leader
// an .ics link of their own: it shows the leader's talks and none of the pair's meetings; the new
// hire's feed shows the talk too, the mentor's does not. Through buildApp and HTTP (local mode).
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { loadConfig } from "../../src/config";
import { t } from "../../src/i18n";
import { silentLogger } from "../../src/log";
import { buildApp } from "../../src/main";
import { freshStore } from "../support/azurite";
import { PERSONAS, type Persona, TENANT_ID, localAppConfig } from "../support/e2e";
import { actorOf, pairThroughUseCases } from "../support/pairs";

async function invoke(base: string, who: Persona, verb: string, data: unknown, conversation: { id: string; conversationType: string }) {
  const activity = {
    type: "invoke",
    name: "adaptiveCard/action",
    id: randomBytes(4).toString("hex"),
    channelId: "msteams",
    serviceUrl: "http://127.0.0.1:9/",
    from: { id: who.id, name: who.name, aadObjectId: who.aadObjectId },
    recipient: { id: "28:bot", name: "Mentor" },
    conversation: { ...conversation, isGroup: conversation.conversationType === "groupChat", tenantId: TENANT_ID },
    channelData: { tenant: { id: TENANT_ID } },
    locale: "da-DK",
    value: { action: { type: "Action.Execute", verb, data }, trigger: "manual" },
  };
  const res = await fetch(`${base}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(activity) });
  assert.equal(res.status, 200);
  return JSON.stringify(((await res.json()) as { value?: unknown }).value ?? null);
}

describe("the leader's talk in the local calendar and its .ics link", function () {
  this.timeout(60000);

  it("the leader books from the personal chat; the leader's feed has the talk only, the mentee's has it too, the mentor's not", async () => {
    const { connectionString, tableName } = await freshStore();
    const now = new Date("2027-02-08T07:00:00Z");
    const config = loadConfig({ ...localAppConfig(connectionString, tableName), SECRET_LINK_SIGNING_KEY: randomBytes(32).toString("hex") });
    const app = await buildApp({ config, clock: { now: () => now }, log: silentLogger });
    await new Promise<void>((resolve) => app.server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${app.server.address().port}`;
    try {
      const id = await pairThroughUseCases(app.service, { chatId: "19:leader-ics@thread.v2", mentee: PERSONAS.mentee, programme: "kristiansand", firstWorkingDay: "2027-02-01", unit: "Sykehjem", language: "da", until: "agreed" });
      const m = (await app.service.getMentorship(TENANT_ID, id))!;
      assert.equal(m.leader?.aadObjectId, PERSONAS.manager.aadObjectId, "local mode: Lars Leder");
      const { result, done } = await app.meetings.book(actorOf(PERSONAS.mentor), id, { weekday: 2, time: "10:00", minutes: 45 }, 24);
      assert.ok(result.ok);
      await done;
      assert.ok((await app.meetings.meetings(TENANT_ID, id)).length > 0, "the pair has meetings of their own");
      const personal = { id: `a:lars-personal`, conversationType: "personal" };
      const booked = await invoke(base, PERSONAS.manager, "leader.book", { mentorshipId: id, talk: "probation14d" }, personal);
      assert.ok(booked.includes(t("da", "leader.booked.title")), booked);
      const url = /(http:\/\/[^\s"\\]+\.ics)/.exec(booked)?.[1];
      assert.ok(url, "the booked card gives the leader a link");
      const feed = await (await fetch(url.replace(/^http:\/\/[^/]+/, base))).text();
      assert.ok(feed.includes(`SUMMARY:${t("da", "leader.talk.probation14d")}`.slice(0, 40)), feed);
      assert.ok(feed.includes("DTSTART:20270215T090000Z"), "15.02.2027 10:00 Oslo");
      assert.equal(feed.split("BEGIN:VEVENT").length, 2, "only the talk: none of the pair's meetings");
      // The pair's own links (the booking card's "my calendar link" in their chat): the new hire's feed has the talk, the mentor's not.
      const group = { id: "19:leader-ics@thread.v2", conversationType: "groupChat" };
      const feedOf = async (who: Persona) => {
        const link = /"url":"(http:[^"]+\.ics)"/.exec(await invoke(base, who, "ics.link", { mentorshipId: id }, group))?.[1];
        assert.ok(link, `${who.name} gets a link`);
        return (await fetch(link.replace(/^http:\/\/[^/]+/, base))).text();
      };
      assert.ok((await feedOf(PERSONAS.mentee)).includes("-talk-probation14d@mentor"), "the new hire's feed has the talk");
      assert.ok(!(await feedOf(PERSONAS.mentor)).includes("-talk-"), "the mentor's feed has none of the leader's talks");
      const stored = (await app.service.getMentorship(TENANT_ID, id))!;
      assert.equal(stored.leaderState?.talks[0]?.status, "booked");
      const other = await invoke(base, PERSONAS.colleague, "leader.book", { mentorshipId: id, talk: "probation2m" }, { id: "a:karen-personal", conversationType: "personal" });
      assert.ok(other.includes(t("da", "error.NOT_THE_LEADER")));
    } finally {
      await new Promise<void>((resolve) => app.server.close(() => resolve()));
    }
  });
});
