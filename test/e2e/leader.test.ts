import assert from "node:assert/strict";
import type { BrowserContext, Page } from "playwright-core";
import { t } from "../../src/i18n";
import { BOT_TO_PLAYGROUND, GROUP_CHAT, PERSONAS, type Stack, e2eUnavailableReason, personalChatOf, startStack } from "../support/e2e";
import { buildTabOnce } from "../support/tabBuild";
import { loopbackContext, signInLocally } from "../support/tabBrowser";

/**
 * Issue 12 end to end: Karen, the coordinator, copies Kristiansand's programme into the
 * municipality's own in the real tab and saves it; she starts a mentorship on it for Niels with
 * Mette as mentor (the leader is the directory's: Lars Leder) and names Jonas as contact person.
 * The Playground runs as Lars, so his personal chat is the one on screen. Mette writes `start` in
 * the pair's chat; Lars opens his chat with the app; the app's clock moves to the week before the
 * first probation talk; the reminder comes to Lars alone, and his click books the talk.
 */
describe("e2e: a coordinator's programme, a leader and a contact person; the leader's reminder comes and the talk is booked", function () {
  this.timeout(300000);
  let s: Stack;
  let coordinatorContext: BrowserContext;
  let tab: Page;
  const lang = "en";
  const leaderChat = personalChatOf(PERSONAS.manager);

  before(async function () {
    const reason = e2eUnavailableReason();
    if (reason) throw new Error(reason);
    buildTabOnce();
    // Monday 11 January 2027; Niels starts on Monday 18 January.
    s = await startStack({ clock: "2027-01-11T08:00:00Z", currentUser: PERSONAS.manager, secondPersona: PERSONAS.mentor });
    coordinatorContext = await loopbackContext(s.browser);
  });

  after(async function () {
    this.timeout(30000);
    await coordinatorContext?.close().catch(() => undefined);
    await s?.stop();
  });

  afterEach(async function () {
    if (this.currentTest?.state === "failed" && s) {
      const name = `failed-leader-${this.currentTest.title.slice(0, 30)}`;
      await s.screenshot(s.mentorPage, `${name}-lars`).catch(() => undefined);
      if (tab) await s.screenshot(tab, `${name}-tab`).catch(() => undefined);
    }
  });

  async function pickPerson(scope: ReturnType<Page["getByRole"]>, label: RegExp, typed: string, name: string) {
    const box = scope.getByRole("combobox", { name: label });
    await box.pressSequentially(typed);
    await tab.getByRole("option", { name: new RegExp(name) }).click();
    assert.equal(await box.inputValue(), name);
  }

  it("Karen copies Kristiansand's programme into her own and saves a new version", async () => {
    tab = await signInLocally(await coordinatorContext.newPage(), `${s.urls.bot}/tab/programmes?locale=${lang}`, PERSONAS.coordinator.name);
    await tab.getByTestId("copy-kristiansand").click();
    await tab.getByTestId("programme-editor").waitFor();
    await tab.getByTestId("save-programme").click();
    await tab.getByTestId("programme-saved").filter({ hasText: "version 2" }).waitFor({ timeout: 15000 });
    await s.screenshot(tab, "e2e-leader-01-programme");
  });

  it("she starts Niels's mentorship on it; the leader is the directory's, and she names Jonas as contact person", async () => {
    await signInLocally(tab, `${s.urls.bot}/tab/overview?locale=${lang}`, PERSONAS.coordinator.name);
    await tab.getByRole("button", { name: "New mentorship" }).click();
    const dialog = tab.getByRole("dialog", { name: "New mentorship" });
    await pickPerson(dialog, /^Mentee/, "niels", PERSONAS.mentee.name);
    await pickPerson(dialog, /^Mentor/, "mette", PERSONAS.mentor.name);
    const programme = dialog.getByRole("combobox", { name: /^Programme/ });
    await programme.click();
    await tab.getByRole("option", { name: /^Copy of/ }).click();
    await dialog.getByLabel(/first working day/).fill("2027-01-18");
    const unit = dialog.getByRole("combobox", { name: /^Unit/ });
    await unit.pressSequentially("Hjemmesykepleien");
    await unit.press("Tab");
    await dialog.getByRole("button", { name: "Create mentorship" }).click();
    const created = tab.getByRole("dialog", { name: t(lang, "tab.createdTitle") });
    await created.waitFor({ timeout: 20000 });
    await created.getByRole("button", { name: t(lang, "tab.close") }).click();

    const row = tab.getByTestId("overview-row").filter({ hasText: PERSONAS.mentee.name });
    await row.waitFor();
    await row.getByRole("button", { name: `More actions for ${PERSONAS.mentee.name}` }).click();
    await tab.getByRole("menuitem", { name: "Contact person and introduction…" }).click();
    const intro = tab.getByRole("dialog", { name: `Introduction for ${PERSONAS.mentee.name}` });
    await pickPerson(intro, /^Contact person/, "jonas", PERSONAS.colleague.name);
    await intro.getByRole("radio", { name: /beside the mentor scheme/ }).check();
    await intro.getByRole("button", { name: "Save" }).click();
    await tab.getByTestId("action-notice").filter({ hasText: `${PERSONAS.colleague.name} is ${PERSONAS.mentee.name}'s contact person.` }).waitFor({ timeout: 15000 });
    await s.screenshot(tab, "e2e-leader-02-overview");
  });

  it("Mette writes start in the pair's chat: the prepared mentorship takes the chat; Lars opens his chat with the app", async () => {
    await s.sendAs(PERSONAS.mentor, "start");
    await s.waitForRecorded((e) => e.direction === BOT_TO_PLAYGROUND && e.request?.body?.conversation?.id === GROUP_CHAT.id && e.request?.body?.type === "message", 30000);
    // Lars writes to the app in his own chat (the Playground's current user): the app now has his personal chat.
    await s.openChat(s.mentorPage, "Personal Chat");
    await s.sendAs(PERSONAS.manager, "help", { conversationId: leaderChat });
    await s.waitForBotMessage(s.mentorPage, undefined, 20000);
  });

  it("a week before the first probation talk the reminder reaches Lars alone; his click books the talk", async () => {
    // The reminder goes 5 working days before the talk's window (day 14: Monday 1 February) at 08:00 Oslo time.
    const now = Date.parse(await s.botRequest<string>("now"));
    await s.botRequest("advanceClock", { ms: Date.parse("2027-01-25T07:30:00Z") - now });
    await s.botRequest("tick", {}, 60000);
    const book = t(lang, "leader.reminder.book");
    const reminder = s.lastCard(s.mentorPage);
    await reminder.getByRole("button", { name: book, exact: true }).waitFor({ timeout: 30000 });
    await s.screenshot(s.mentorPage, "e2e-leader-03-reminder");
    // It went to Lars's chat only: nothing of it in the pair's chat.
    const toGroup = s.recordedActivities().fromBot.filter((e) => e.request?.body?.conversation?.id === GROUP_CHAT.id);
    assert.ok(!JSON.stringify(toGroup).includes(book), "the leader's reminder is not in the pair's chat");

    await s.clickCardButton(reminder, book);
    await s.mentorPage.getByText(t(lang, "leader.booked.title")).first().waitFor({ timeout: 30000 });
    await s.screenshot(s.mentorPage, "e2e-leader-04-booked");

    // Lars's "My staff" shows the talk booked.
    const staff = await coordinatorContext.newPage();
    await signInLocally(staff, `${s.urls.bot}/tab/staff?locale=${lang}`, PERSONAS.manager.name);
    await staff.getByText(PERSONAS.mentee.name).first().waitFor({ timeout: 15000 });
    // The booked talk, by its date and time, on the leader's own page.
    await staff.getByText(/01\.02\.2027 10:00/).first().waitFor({ timeout: 15000 });
    await s.screenshot(staff, "e2e-leader-05-my-staff");
    await staff.close();
  });
});
