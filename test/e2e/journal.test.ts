import assert from "node:assert/strict";
import type { BrowserContext } from "playwright-core";
import { t } from "../../src/i18n";
import { GROUP_CHAT, PERSONAS, type Persona, type Stack, e2eUnavailableReason, personalChatOf, startStack } from "../support/e2e";
import { buildTabOnce } from "../support/tabBuild";
import { loopbackContext, signInLocally } from "../support/tabBrowser";

/**
 * Issue 13 end to end: Niels, the mentee, is the Playground's current user. Karen (coordinator)
 * prepares his mentorship with Mette; Niels writes `journal` in his personal chat, starts an entry
 * and types a (generated) CPR number into the citizen's background: the save is refused, naming the
 * field and the masked shape, and everything he typed stays on the card. He takes the number out and
 * saves. His tab's "My journal" shows the entry; the mentor's and the coordinator's tab responses and
 * the pair's chat show nothing of it, and `journal` in the pair's chat answers one line.
 */
describe("e2e: the mentee's process journal — refused with a CPR number and the text kept, fixed, saved; nobody else sees it", function () {
  this.timeout(300000);
  let s: Stack;
  let tabContext: BrowserContext;
  const lang = "en";
  const en = (key: Parameters<typeof t>[1], params?: Parameters<typeof t>[2]) => t(lang, key, params);
  const CANARY = "Single father, two children, CANARY-E2E-JOURNAL";
  const REFLECTION = "I asked too many questions at once CANARY-E2E-REFLECTION";
  // Generated, never a real person's: a real date (1 January 1990, 7th digit 1), no modulus-11 check.
  const CPR = "010190-1234";

  before(async function () {
    const reason = e2eUnavailableReason();
    if (reason) throw new Error(reason);
    buildTabOnce();
    s = await startStack({ clock: "2027-01-11T08:00:00Z", currentUser: PERSONAS.mentee, secondPersona: PERSONAS.mentor });
    tabContext = await loopbackContext(s.browser);
  });

  after(async function () {
    this.timeout(30000);
    await tabContext?.close().catch(() => undefined);
    await s?.stop();
  });

  afterEach(async function () {
    if (this.currentTest?.state === "failed" && s) await s.screenshot(s.mentorPage, `failed-journal-${this.currentTest.title.slice(0, 30)}`).catch(() => undefined);
  });

  async function tokenOf(who: Persona): Promise<string> {
    const res = await fetch(`${s.urls.bot}/api/tab/local-token`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ aadObjectId: who.aadObjectId }) });
    assert.equal(res.status, 200);
    return ((await res.json()) as { token: string }).token;
  }

  async function tab(who: Persona, method: string, path: string, body?: unknown): Promise<{ status: number; text: string }> {
    const res = await fetch(`${s.urls.bot}${path}`, { method, headers: { authorization: `Bearer ${await tokenOf(who)}`, ...(body ? { "content-type": "application/json" } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
    return { status: res.status, text: await res.text() };
  }

  it("Karen prepares Niels's mentorship with Mette (the tab's API, as her tab does)", async () => {
    const created = await tab(PERSONAS.coordinator, "POST", "/api/tab/mentorships", { menteeAadObjectId: PERSONAS.mentee.aadObjectId, mentorAadObjectId: PERSONAS.mentor.aadObjectId, programme: "klds", firstWorkingDay: "2027-01-18", unit: "Børn og familie", language: lang });
    assert.equal(created.status, 201, created.text);
  });

  it("Niels writes journal in his personal chat, types a CPR number into the citizen's background: refused, naming the field and the masked number, his text kept", async () => {
    await s.openChat(s.mentorPage, "Personal Chat");
    await s.sendAs(PERSONAS.mentee, "journal", { conversationId: personalChatOf(PERSONAS.mentee) });
    await s.waitForBotMessage(s.mentorPage, new RegExp(en("journal.title")), 30000);
    const list = s.lastCard(s.mentorPage);
    await list.getByText(en("journal.empty")).waitFor({ timeout: 15000 });
    await s.clickCardButton(list, en("journal.new"));
    const form = s.lastCard(s.mentorPage);
    await form.getByText(en("journal.newHint")).waitFor({ timeout: 15000 });
    await s.fillCardInput(form, en("journal.field.title"), "Home visit");
    await s.fillCardInput(form, en("journal.field.background"), `${CANARY}, CPR ${CPR}`);
    await s.fillCardInput(form, en("journal.field.reflection"), REFLECTION);
    await s.screenshot(s.mentorPage, "e2e-journal-01-typed");
    await s.clickCardButton(form, en("journal.save"));
    const refused = s.lastCard(s.mentorPage);
    await refused.getByText(/ddmmyy-xxxx/).first().waitFor({ timeout: 20000 });
    const shown = await refused.innerText();
    assert.ok(shown.includes("The citizen's background data"), `names the field: ${shown}`);
    assert.ok(shown.includes(en("guard.kind.cpr")), shown);
    assert.ok(!shown.replace(`${CANARY}, CPR ${CPR}`, "").includes("1234"), "the message never repeats the digits");
    // Everything typed is still on the card.
    assert.equal(await refused.getByRole("textbox", { name: en("journal.field.background"), exact: true }).inputValue(), `${CANARY}, CPR ${CPR}`);
    assert.equal(await refused.getByRole("textbox", { name: en("journal.field.reflection"), exact: true }).inputValue(), REFLECTION);
    assert.equal(await refused.getByRole("textbox", { name: en("journal.field.title"), exact: true }).inputValue(), "Home visit");
    await s.screenshot(s.mentorPage, "e2e-journal-02-refused");
    const mine = await tab(PERSONAS.mentee, "GET", "/api/tab/journal");
    assert.deepEqual(JSON.parse(mine.text), { entries: [] }, "nothing was saved");
  });

  it("he takes the number out and saves; his tab's My journal shows the entry", async () => {
    const card = s.lastCard(s.mentorPage);
    await s.fillCardInput(card, en("journal.field.background"), CANARY);
    await s.clickCardButton(card, en("journal.save"));
    await s.lastCard(s.mentorPage).getByText(en("journal.saved", { version: 1 })).waitFor({ timeout: 20000 });
    await s.screenshot(s.mentorPage, "e2e-journal-03-saved");
    const page = await signInLocally(await tabContext.newPage(), `${s.urls.bot}/tab/journal?locale=${lang}`, PERSONAS.mentee.name);
    await page.getByTestId("nav-journal").waitFor();
    await page.getByTestId("journal-item").filter({ hasText: "Home visit" }).waitFor({ timeout: 15000 });
    await page.getByTestId("journal-item").getByRole("button", { name: en("tab.journal.edit") }).click();
    assert.equal(await page.getByTestId("journal-background").inputValue(), CANARY);
    await s.screenshot(page, "e2e-journal-04-tab");
    await page.close();
  });

  it("the mentor's and the coordinator's views show nothing of it; journal in the pair's chat answers one line there", async () => {
    for (const [who, paths] of [
      [PERSONAS.mentor, ["/api/tab/whoami", "/api/tab/my", "/api/tab/journal", "/api/tab/staff"]],
      [PERSONAS.coordinator, ["/api/tab/whoami", "/api/tab/overview?closed=show", "/api/tab/overview.csv?closed=show", "/api/tab/statistics", "/api/tab/journal", "/api/tab/my"]],
    ] as const) {
      for (const path of paths) {
        const r = await tab(who, "GET", path);
        for (const c of [CANARY, REFLECTION, "Home visit"]) assert.ok(!r.text.includes(c), `${who.name} ${path} shows the journal`);
      }
    }
    const [entry] = (JSON.parse((await tab(PERSONAS.mentee, "GET", "/api/tab/journal")).text) as { entries: { id: string }[] }).entries;
    assert.ok(entry);
    for (const who of [PERSONAS.mentor, PERSONAS.coordinator]) assert.equal((await tab(who, "GET", `/api/tab/journal/${entry.id}`)).status, 404, `${who.name} opens the entry`);
    // The mentor's tab offers no journal page.
    const page = await signInLocally(await tabContext.newPage(), `${s.urls.bot}/tab/my?locale=${lang}`, PERSONAS.mentor.name);
    assert.equal(await page.getByTestId("nav-journal").count(), 0);
    await page.close();

    await s.sendAs(PERSONAS.mentee, "journal", { conversationId: GROUP_CHAT.id, mentionBot: true });
    await s.waitForRecorded((e) => e.request?.body?.conversation?.id === GROUP_CHAT.id && typeof e.request?.body?.text === "string" && e.request.body.text.includes(en("journal.groupOnly").slice(0, 30)), 30000);
    const recording = s.recordedActivities();
    const elsewhere = recording.fromBot.filter((e) => e.request?.body?.conversation?.id !== personalChatOf(PERSONAS.mentee));
    for (const c of [CANARY, REFLECTION, "Home visit"]) assert.ok(!JSON.stringify(elsewhere).includes(c), `"${c}" went to another chat`);
    assert.ok(!s.botOutput().includes("CANARY-E2E"), "no log line has the journal's text");
  });
});
