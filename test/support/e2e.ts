/**
 * End-to-end harness: Azurite (in memory) + the real bot + the Microsoft 365 Agents Playground
 * + the mentee persona proxy + headless Chromium with two browser contexts (mentor, mentee).
 *
 *   const stack = await startStack();
 *   await stack.sendInGroupChat(stack.mentorPage, "start");      // "@Mentor start", typed in the UI
 *   await stack.waitForBotMessage(stack.menteePage, /Velkommen/);
 *   await stack.clickCardButton(stack.lastCard(stack.menteePage), "Accepter");
 *   stack.recordedActivities().toBot.filter(...)                 // what the bot really received
 *   await stack.stop();
 *
 * Facts about the Playground this relies on (0.2.28, see /work/shared/docs/playground.md):
 * - The server's current user is the mentor. The mentee page is the same Playground seen
 *   through scripts/lib/mentee-proxy.mjs, which rewrites GET /_internal/v1/config. Its card
 *   actions (Action.Execute and Action.Submit) reach the bot as the mentee, but TEXT typed in
 *   any page's compose box reaches the bot as the mentor — so typed text from the mentee goes
 *   through `sendAs()` (the Playground's custom-activity API) instead.
 * - In a group chat the bot only gets messages that @mention it: `sendInGroupChat` picks the
 *   bot from the compose box's typeahead menu.
 * - Opening a chat for the first time in a page sends installationUpdate + conversationUpdate
 *   for that conversation (always from the mentor), so every page that opens the group chat
 *   triggers the bot's welcome once.
 * - Pages keep no history: a bot message sent while no page is open is not shown later, and
 *   a page only shows bot messages that arrived while it was loaded. Open both pages (the
 *   harness does) before the bot posts what a test wants to click.
 * - User-specific views (refresh.userIds) are not rendered: the base card is shown with a
 *   "User specific view is not supported yet…" note below it.
 * - The Execute invoke response replaces the card only on the page that clicked (and shows
 *   "Your response was sent to the app"); other pages only change if the bot calls
 *   updateActivity.
 * - Any new or updated bot message re-renders the cards and wipes values typed into card
 *   inputs: `fillCardInput` types with the keyboard and re-checks.
 *
 * The bot is started through `test/support/bot-entry.ts` when that file exists (run with
 * `node --import tsx`), so a test can control it (e.g. inject a clock); otherwise the compiled
 * `lib/src/main.js`. The entry gets the same env as main.js plus:
 *   E2E_CLOCK_START  ISO instant, when startStack({ clock }) was given;
 *   an IPC channel   messages { id, type, ... } sent by `stack.botRequest(...)`; the entry
 *                    answers process.send({ id, ok: true, value? }) or ({ id, ok: false, error }).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, type WriteStream } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from "playwright-core";
import { azurite } from "./azurite";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");
export const RESULTS_DIR = path.join(REPO_ROOT, "test-results");
export const SCREENSHOT_DIR = path.join(RESULTS_DIR, "screenshots");
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
export const BOT_ENTRY = path.join(REPO_ROOT, "test", "support", "bot-entry.ts");
export const COMPILED_MAIN = path.join(REPO_ROOT, "lib", "src", "main.js");

// ---------------------------------------------------------------------------------------------
// The mock tenant of .m365agentsplayground.yml (startStack checks that the Playground agrees).

export interface Persona {
  readonly id: string;
  readonly name: string;
  readonly aadObjectId: string;
  readonly email: string;
}

export const TENANT_ID = "6b1f2c3e-8a47-4d0e-9c51-2f7a9e4b6d10";
export const BOT = { id: "28:bd1aa630-e0da-4f70-85fe-db0b2a17c388", name: "Mentor" } as const;
export const GROUP_CHAT = { id: "19:mentorforloeb-mette-niels@thread.v2", name: "Mentorforløb Mette og Niels" } as const;
export const PERSONAL_CHAT = { id: "a:mette-mentor-personal-chat", name: "Personal Chat" } as const;

export const PERSONAS = {
  mentor: { id: "29:mette-mentor", name: "Mette Mentor", aadObjectId: "72435a96-bc5c-4e94-bee1-04ef685f0083", email: "mette.mentor@contoso.dk" },
  mentee: { id: "29:niels-nyansat", name: "Niels Nyansat", aadObjectId: "00e85e12-4de4-4f72-9ddd-9d2de920940a", email: "niels.nyansat@contoso.dk" },
  coordinator: { id: "29:karen-koordinator", name: "Karen Koordinator", aadObjectId: "a2f3f637-d64f-4f18-a8b2-0e595e265dec", email: "karen.koordinator@contoso.dk" },
  colleague: { id: "29:jonas-jensen", name: "Jonas Jensen", aadObjectId: "9d5a7e9e-9d37-4190-adbe-ed69415c4cd5", email: "jonas.jensen@contoso.dk" },
  colleague2: { id: "29:sofie-soerensen", name: "Sofie Sørensen", aadObjectId: "6641c8fc-d0c4-4470-aba8-e00a62ae21d9", email: "sofie.soerensen@contoso.dk" },
  manager: { id: "29:lars-leder", name: "Lars Leder", aadObjectId: "335ac737-46e3-4175-8d77-c04be3ba9b34", email: "lars.leder@contoso.dk" },
} as const satisfies Record<string, Persona>;

// ---------------------------------------------------------------------------------------------
// Selectors, verified against Playground 0.2.28 with Debian's chromium.

export const selectors = {
  /** A chat in the left-hand list, by its aria-label: "Personal Chat", the group chat's name, "<Team> - <Channel>". */
  chat: (page: Page, name: string): Locator => page.getByRole("treeitem", { name, exact: true }),
  /** The signed-in user's name in the top toolbar. */
  signedInUser: (page: Page, name: string): Locator => page.getByRole("toolbar").getByText(name, { exact: true }),
  /** The compose box (a Lexical contenteditable: type with the keyboard, `fill` does not work). */
  composeBox: (page: Page): Locator => page.locator('[data-lexical-editor="true"][role="textbox"]'),
  /** A mention already placed in the compose box. */
  composeMention: (page: Page): Locator => page.locator('[data-lexical-editor="true"][role="textbox"] span.mention'),
  /** The typeahead menu that opens after "@" in the compose box. */
  typeaheadMenu: (page: Page): Locator => page.getByRole("listbox", { name: "Typeahead menu" }),
  /** The bot's entry in the typeahead menu (the menu also lists people whose names match). */
  typeaheadBot: (page: Page, botName: string = BOT.name): Locator =>
    page
      .getByRole("listbox", { name: "Typeahead menu" })
      .getByRole("menuitem")
      .filter({ has: page.getByRole("img", { name: botName, exact: true }) }),
  sendButton: (page: Page): Locator => page.getByRole("button", { name: "Send Message" }),
  /** Every message in the open chat (bot messages and the page's own typed ones). */
  messages: (page: Page): Locator => page.locator('div:has(> [aria-label="Message header"])'),
  /** The author label inside a message; absent on the page's own messages. */
  messageAuthor: '[aria-label="Message author"]',
  /** Messages in the open chat whose author is the bot. */
  botMessages: (page: Page, botName: string = BOT.name): Locator =>
    page
      .locator('div:has(> [aria-label="Message header"])')
      .filter({ has: page.locator('[aria-label="Message author"]').getByText(botName, { exact: true }) }),
  /** Adaptive cards in the open chat (newest: `.last()`). */
  cards: (page: Page): Locator => page.locator(".ac-adaptiveCard"),
  /** "Your response was sent to the app" (or "Unable to reach app…") under a card after an Execute. */
  invokeNotice: (page: Page): Locator => page.locator('[aria-label="Display Invoked Message"]'),
  /** The note the Playground shows below a card that has refresh.userIds. */
  userSpecificViewNote: (page: Page): Locator => page.getByText("User specific view is not supported yet", { exact: false }),
} as const;

// ---------------------------------------------------------------------------------------------
// Recording file: JSON blocks separated by "\n---\n".

export const PLAYGROUND_TO_BOT = "Microsoft 365 Agents Playground -> User Application";
export const BOT_TO_PLAYGROUND = "User Application -> Microsoft 365 Agents Playground";

/** An activity the bot received or sent, as the Playground recorded it. */
export interface RecordedEvent {
  logId: string;
  timestamp: number;
  /** Missing on updateActivity (PUT) records. */
  conversationId?: string;
  direction: string;
  /** The activity type ("message", "invoke", "installationUpdate", …); a PUT is recorded as "message". */
  activityName: string;
  messageId?: string;
  request: { method: string; url: string; headers?: Record<string, string>; body: Record<string, any> };
  response?: { statusCode: number; body: any };
  displayText?: string;
}

export interface Recording {
  all: RecordedEvent[];
  /** Activities the Playground posted to the bot (messages, invokes with their invoke response in `response.body`, installs…). */
  toBot: RecordedEvent[];
  /** Calls the bot made to the mocked connector: POST = new activity, PUT = updateActivity (request.url ends in the activity id). */
  fromBot: RecordedEvent[];
}

export function parseRecording(text: string): Recording {
  const all: RecordedEvent[] = [];
  for (const block of text.split("\n---\n")) {
    const trimmed = block.trim();
    if (!trimmed) continue;
    try {
      all.push(JSON.parse(trimmed) as RecordedEvent);
    } catch {
      // The last block may be half written.
    }
  }
  // Written when each exchange completes (an invoke after its updateActivity); order by start time.
  all.sort((a, b) => a.timestamp - b.timestamp);
  return {
    all,
    toBot: all.filter((e) => e.direction === PLAYGROUND_TO_BOT),
    fromBot: all.filter((e) => e.direction === BOT_TO_PLAYGROUND),
  };
}

// ---------------------------------------------------------------------------------------------

export interface StackOptions {
  /** The bot's clock starts here (passed to test/support/bot-entry.ts as E2E_CLOCK_START). */
  clock?: Date | string | number;
  /** Extra env for the bot process. */
  botEnv?: Record<string, string>;
  /** Run something else as the bot, e.g. ["node", "/tmp/echo-bot.mjs"] (gets BOT_PORT etc. in env). */
  botCommand?: string[];
  /** Whom the second browser context acts as (default: the mentee). */
  secondPersona?: Persona;
  /**
   * The Playground's current user, whose personal chat the first page shows (default: the mentor).
   * Another person (the leader) gets a generated copy of .m365agentsplayground.yml with the two swapped
   * and a personal chat of their own; `mentorPage` is then that person's page.
   */
  currentUser?: Persona;
  /** Headed browser for debugging (needs a display). */
  headless?: boolean;
  /** Mirror bot and Playground output to stderr (also with E2E_VERBOSE=1). */
  verbose?: boolean;
  /** Milliseconds to wait for the bot's /healthz (default 30 s). */
  botStartTimeoutMs?: number;
}

export interface Stack {
  readonly mentorPage: Page;
  readonly menteePage: Page;
  readonly browser: Browser;
  readonly contexts: { readonly mentor: BrowserContext; readonly mentee: BrowserContext };
  readonly urls: { readonly bot: string; readonly playground: string; readonly mentee: string };
  readonly tableName: string;
  readonly connectionString: string;
  /** test-results/e2e-…: recording.log, playground.log, bot.log. */
  readonly artifactsDir: string;
  readonly recordingFile: string;
  /** Milliseconds startStack took, and when each phase was done (ms since start). */
  readonly startupMs: number;
  readonly timings: Readonly<Record<string, number>>;

  openChat(page: Page, name: string): Promise<void>;
  openGroupChat(page: Page): Promise<void>;
  /** Types "@Mentor <text>" in the group chat of the MENTOR page and sends it. */
  sendInGroupChat(page: Page, text: string): Promise<void>;
  /** Sends text to the bot as anybody (the mentee, the coordinator…) through the custom-activity API; not shown in the UI. */
  sendAs(person: Persona, text: string, options?: { conversationId?: string; mentionBot?: boolean }): Promise<void>;
  lastCard(page: Page): Locator;
  botMessages(page: Page): Locator;
  /** Waits for a bot message in the open chat whose text matches (any bot message when omitted). */
  waitForBotMessage(page: Page, text?: string | RegExp, timeoutMs?: number): Promise<Locator>;
  /** Clicks into a card input (by label), types the value, checks it stuck, retries if a re-render wiped it. */
  fillCardInput(card: Locator, label: string, value: string): Promise<void>;
  clickCardButton(card: Locator, title: string): Promise<void>;
  screenshot(page: Page, name: string): Promise<string>;
  recordedActivities(): Recording;
  /** Polls the recording until some event matches. */
  waitForRecorded(predicate: (e: RecordedEvent) => boolean, timeoutMs?: number): Promise<RecordedEvent>;
  /** Sends { id, type, ...payload } to the bot entry over IPC and waits for its { id, ok } answer. */
  botRequest<T = unknown>(type: string, payload?: Record<string, unknown>, timeoutMs?: number): Promise<T>;
  /** The last lines the bot printed. */
  botOutput(): string;
  stop(): Promise<void>;
}

interface Service {
  port: number;
  url?: string;
  connectionString?: string;
  stop: () => Promise<void>;
}

const libUrl = (name: string) => pathToFileURL(path.join(REPO_ROOT, "scripts", "lib", name)).href;
// Plain ESM helpers shared with scripts/start.mjs; typed here by hand.
const loadLib = <T>(name: string) => import(libUrl(name)) as Promise<T>;

const BROWSER_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

/** Why the e2e tests cannot run here, or null. */
export function e2eUnavailableReason(): string | null {
  if (!existsSync(BOT_ENTRY) && !existsSync(COMPILED_MAIN)) {
    return "no bot yet: neither test/support/bot-entry.ts nor lib/src/main.js (run `npm run build`)";
  }
  return null;
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const t0 = Date.now();
  const verbose = options.verbose ?? process.env.E2E_VERBOSE === "1";
  const runId = `${new Date().toISOString().replace(/[:.]/g, "-")}-${randomBytes(3).toString("hex")}`;
  const artifactsDir = path.join(RESULTS_DIR, `e2e-${runId}`);
  pruneOldRuns(9);
  mkdirSync(artifactsDir, { recursive: true });
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const recordingFile = path.join(artifactsDir, "recording.log");
  const tableName = `e2e${randomBytes(6).toString("hex")}`;

  const stoppers: Array<() => Promise<unknown>> = [];
  let closeBrowser: () => Promise<unknown> = async () => undefined;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await closeBrowser().catch(() => undefined); // first, so no page talks to a dying Playground
    for (const s of stoppers.reverse()) await s().catch(() => undefined);
  };

  const botTail: string[] = [];
  const timings: Record<string, number> = {};
  const lap = (label: string) => {
    timings[label] = Date.now() - t0;
    if (verbose) process.stderr.write(`[e2e] ${label} +${timings[label]} ms\n`);
  };
  let bot: ChildProcess | undefined;
  try {
    if (!existsSync(CHROMIUM_PATH)) {
      throw new Error(`No Chromium at ${CHROMIUM_PATH}: \`apt-get install -y chromium\` (or set CHROMIUM_PATH).`);
    }
    const { freePort } = await loadLib<{ freePort: (preferred?: number) => Promise<number> }>("ports.mjs");
    const { startPlayground } = await loadLib<{ startPlayground: (o: object) => Promise<Service & { url: string }> }>("playground.mjs");
    const { startPersonaProxy } = await loadLib<{ startPersonaProxy: (o: object) => Promise<Service & { url: string }> }>("mentee-proxy.mjs");

    // The browser starts while the services come up (it takes a second or two on its own).
    const browserPromise = chromium.launch({ executablePath: CHROMIUM_PATH, args: BROWSER_ARGS, headless: options.headless ?? true });
    browserPromise.catch(() => undefined); // awaited below; this only prevents an unhandled rejection meanwhile
    closeBrowser = () => browserPromise.then((b) => b.close(), () => undefined);

    // 1. Storage: the run's one Azurite (its own table keeps this stack's rows apart).
    const storage = await azurite();
    lap("azurite");

    // 2. The bot.
    const botPort = await freePort(0);
    const botLog = createWriteStream(path.join(artifactsDir, "bot.log"));
    stoppers.push(() => new Promise((r) => botLog.end(r)));
    warnIfBuildIsStale(options);
    bot = spawnBot({ options, botPort, connectionString: storage.connectionString, tableName, botLog, botTail, verbose });
    const botProc = bot;
    stoppers.push(() => stopChild(botProc));
    const botUrl = `http://127.0.0.1:${botPort}`;
    await waitForHealth(`${botUrl}/healthz`, botProc, options.botStartTimeoutMs ?? 30000, botTail);
    lap("bot healthy");

    // 3. The Playground (mentor) and the persona proxy (mentee).
    const current = options.currentUser ?? PERSONAS.mentor;
    const configPath = current.id === PERSONAS.mentor.id ? undefined : path.join(artifactsDir, "playground.yml");
    if (configPath) writeFileSync(configPath, playgroundConfigAs(readFileSync(path.join(REPO_ROOT, ".m365agentsplayground.yml"), "utf8"), current));
    const playground = await startPlayground({
      ...(configPath ? { configPath } : {}),
      botEndpoint: `${botUrl}/api/messages`,
      preferredPort: 0,
      recordingFile,
      logFile: path.join(artifactsDir, "playground.log"),
      ...(verbose ? { onOutput: (l: string) => process.stderr.write(`[playground] ${l}\n`) } : {}),
    });
    stoppers.push(playground.stop);
    const second = options.secondPersona ?? PERSONAS.mentee;
    const proxy = await startPersonaProxy({ targetPort: playground.port, preferredPort: 0, asUserId: second.id });
    stoppers.push(proxy.stop);
    await checkTenant(playground.url, current);
    lap("playground + proxy");

    // 4. The browser: one context per person, nothing but loopback.
    const browser = await browserPromise;
    lap("browser");
    const newContext = async () => {
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: "en-US" });
      await context.route("**/*", (route) => {
        const host = new URL(route.request().url()).hostname;
        return LOOPBACK.has(host) ? route.continue() : route.abort();
      });
      return context;
    };
    const mentorContext = await newContext();
    const menteeContext = await newContext();
    const [mentorPage, menteePage] = await Promise.all([mentorContext.newPage(), menteeContext.newPage()]);
    // No need to wait for "load": the page loads 9 MB of script, then fetches its config.
    await Promise.all([mentorPage.goto(playground.url, { waitUntil: "commit" }), menteePage.goto(proxy.url, { waitUntil: "commit" })]);
    await Promise.all([
      selectors.signedInUser(mentorPage, current.name).waitFor({ timeout: 45000 }),
      selectors.signedInUser(menteePage, second.name).waitFor({ timeout: 45000 }),
    ]);
    lap("pages signed in");

    // ------------------------------------------------------------------------------------------
    const openChat = async (page: Page, name: string) => {
      const item = selectors.chat(page, name);
      await item.click();
      // The selected item is the only one with its own styling class (no aria-selected in 0.2.28).
      await page
        .waitForFunction(
          (label) => {
            // Runs in the page (the project's tsconfig has no DOM lib, hence `any`).
            const items: any[] = Array.from((globalThis as any).document.querySelectorAll('[role="treeitem"]'));
            const me = items.find((e) => e.getAttribute("aria-label") === label);
            return !!me && items.filter((e) => e !== me).every((e) => e.className !== me.className);
          },
          name,
          { timeout: 5000 },
        )
        .catch(() => undefined);
    };
    const openGroupChat = (page: Page) => openChat(page, GROUP_CHAT.name);

    const sendInGroupChat = async (page: Page, text: string) => {
      if (page === menteePage) {
        throw new Error(
          "Text typed on the mentee page reaches the bot as the Playground's current user (the mentor). " +
            "Use stack.sendAs(PERSONAS.mentee, text) for the mentee's text; card actions on the mentee page are fine.",
        );
      }
      await openGroupChat(page);
      const box = selectors.composeBox(page);
      for (let attempt = 1; ; attempt++) {
        await box.click();
        await page.keyboard.press("ControlOrMeta+A");
        await page.keyboard.press("Backspace");
        await page.keyboard.type(`@${BOT.name}`);
        try {
          await selectors.typeaheadBot(page).first().click({ timeout: 5000 });
          await selectors.composeMention(page).getByText(BOT.name, { exact: true }).waitFor({ timeout: 2000 });
          break;
        } catch (e) {
          if (attempt >= 3) throw e;
          await page.keyboard.press("Escape");
        }
      }
      await page.keyboard.type(` ${text}`);
      await selectors.sendButton(page).click();
      await page.waitForFunction(
        (sel) => ((globalThis as any).document.querySelector(sel)?.textContent ?? "").trim() === "",
        '[data-lexical-editor="true"][role="textbox"]',
        { timeout: 5000 },
      );
    };

    const sendAs = async (person: Persona, text: string, opts: { conversationId?: string; mentionBot?: boolean } = {}) => {
      const conversationId = opts.conversationId ?? GROUP_CHAT.id;
      const mention = opts.mentionBot ?? conversationId !== PERSONAL_CHAT.id;
      const tplRes = await fetch(`${playground.url}/_internal/v1/customActivities/template?conversationId=${encodeURIComponent(conversationId)}`);
      if (!tplRes.ok) throw new Error(`custom activity template: ${tplRes.status}`);
      const tpl = (await tplRes.json()) as Record<string, any>;
      const at = `<at>${BOT.name}</at>`;
      const now = new Date();
      const activity = {
        ...tpl,
        type: "message",
        id: randomBytes(16).toString("hex"),
        timestamp: now.toISOString(),
        localTimestamp: now.toISOString(),
        from: { id: person.id, name: person.name, aadObjectId: person.aadObjectId },
        text: mention ? `${at} ${text}` : text,
        textFormat: "plain",
        locale: "en-US",
        entities: [
          ...(mention ? [{ type: "mention", mentioned: { id: BOT.id, name: BOT.name }, text: at }] : []),
          { type: "clientInfo", locale: "en-US", country: "US", platform: "Web", timezone: "UTC" },
        ],
        channelData: { ...(tpl.channelData ?? {}), tenant: { id: tpl.conversation?.tenantId ?? TENANT_ID } },
      };
      const res = await fetch(`${playground.url}/_internal/v1/customActivities`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(activity),
      });
      if (!res.ok) throw new Error(`custom activity: ${res.status} ${await res.text()}`);
      // The Playground answers at once and delivers asynchronously: wait until the bot has it.
      await waitForRecorded((e) => e.direction === PLAYGROUND_TO_BOT && e.request?.body?.id === activity.id, 15000);
    };

    const recordedActivities = () => parseRecording(existsSync(recordingFile) ? readFileSync(recordingFile, "utf8") : "");
    const waitForRecorded = async (predicate: (e: RecordedEvent) => boolean, timeoutMs = 15000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const hit = recordedActivities().all.find(predicate);
        if (hit) return hit;
        if (Date.now() > deadline) throw new Error(`No matching activity recorded within ${timeoutMs} ms (${recordingFile})`);
        await sleep(150);
      }
    };

    const botMessages = (page: Page) => selectors.botMessages(page);
    const waitForBotMessage = async (page: Page, text?: string | RegExp, timeoutMs = 15000) => {
      const loc = text === undefined ? botMessages(page) : botMessages(page).filter({ hasText: text });
      await loc.last().waitFor({ timeout: timeoutMs });
      return loc.last();
    };

    const fillCardInput = async (card: Locator, label: string, value: string) => {
      for (let attempt = 1; ; attempt++) {
        const input = card.getByRole("textbox", { name: label, exact: true });
        await input.click();
        await input.press("ControlOrMeta+A");
        await input.press("Backspace");
        await input.pressSequentially(value);
        if ((await input.inputValue()) === value) {
          await sleep(150); // a re-render right after typing wipes it too
          if ((await input.inputValue()) === value) return;
        }
        if (attempt >= 4) throw new Error(`Card input "${label}" would not keep "${value}"`);
      }
    };
    const clickCardButton = (card: Locator, title: string) => card.getByRole("button", { name: title, exact: true }).click();

    const screenshot = async (page: Page, name: string) => {
      const file = path.join(SCREENSHOT_DIR, `${name.replace(/[^\w.-]+/g, "_")}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    };

    let ipcSeq = 0;
    const botRequest = <T>(type: string, payload: Record<string, unknown> = {}, timeoutMs = 5000) =>
      new Promise<T>((resolve, reject) => {
        if (!botProc.send || !botProc.connected) return reject(new Error("The bot has no IPC channel (exited?)"));
        const id = `e2e-${++ipcSeq}`;
        const timer = setTimeout(() => {
          botProc.off("message", onMessage);
          reject(new Error(`The bot entry did not answer "${type}" within ${timeoutMs} ms (does test/support/bot-entry.ts handle it?)`));
        }, timeoutMs);
        const onMessage = (msg: any) => {
          if (!msg || msg.id !== id) return;
          clearTimeout(timer);
          botProc.off("message", onMessage);
          if (msg.ok) resolve(msg.value as T);
          else reject(new Error(`bot entry: ${msg.error ?? "failed"}`));
        };
        botProc.on("message", onMessage);
        botProc.send({ id, type, ...payload });
      });

    return {
      mentorPage,
      menteePage,
      browser,
      contexts: { mentor: mentorContext, mentee: menteeContext },
      urls: { bot: botUrl, playground: playground.url, mentee: proxy.url },
      tableName,
      connectionString: storage.connectionString,
      artifactsDir,
      recordingFile,
      startupMs: Date.now() - t0,
      timings,
      openChat,
      openGroupChat,
      sendInGroupChat,
      sendAs,
      lastCard: (page: Page) => selectors.cards(page).last(),
      botMessages,
      waitForBotMessage,
      fillCardInput,
      clickCardButton,
      screenshot,
      recordedActivities,
      waitForRecorded,
      botRequest,
      botOutput: () => botTail.join("\n"),
      stop,
    };
  } catch (err) {
    await stop();
    const tail = botTail.length ? `\n--- bot output (last lines) ---\n${botTail.join("\n")}` : "";
    if (err instanceof Error) err.message += `${tail}\n(artifacts: ${artifactsDir})`;
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------

function spawnBot(args: {
  options: StackOptions;
  botPort: number;
  connectionString: string;
  tableName: string;
  botLog: WriteStream;
  botTail: string[];
  verbose: boolean;
}): ChildProcess {
  const { options, botPort, connectionString, tableName, botLog, botTail, verbose } = args;
  const env: NodeJS.ProcessEnv = { ...process.env };
  // Local anonymous mode: no credentials may leak in from the developer's shell.
  for (const k of ["BOT_ID", "BOT_PASSWORD", "SECRET_BOT_PASSWORD", "BOT_TYPE", "BOT_TENANT_ID", "BOT_OPENID_METADATA_URL", "ALLOWED_TENANT_IDS"]) delete env[k];
  Object.assign(env, {
    BOT_PORT: String(botPort),
    BOT_HOST: "127.0.0.1",
    LOCAL_ANONYMOUS_BOT: "true",
    STORAGE_CONNECTION_STRING: connectionString,
    SECRET_STORAGE_CONNECTION_STRING: connectionString,
    TABLE_NAME: tableName,
    ALLOWED_TENANT_IDS: TENANT_ID, // as env/.env.local: the Playground's mock tenant only
    LOCAL_COORDINATOR_IDS: PERSONAS.coordinator.aadObjectId, // as env/.env.local: Karen runs the tab's overview
    LOCAL_LEADER_IDS: PERSONAS.manager.aadObjectId, // as env/.env.local: Lars Leder leads every new hire
    ...(options.clock !== undefined ? { E2E_CLOCK_START: new Date(options.clock).toISOString() } : {}),
    ...(options.botEnv ?? {}),
  });
  let command: string;
  let argv: string[];
  if (options.botCommand?.length) {
    [command, ...argv] = options.botCommand as [string, ...string[]];
  } else if (existsSync(BOT_ENTRY)) {
    command = process.execPath;
    argv = ["--import", "tsx", BOT_ENTRY];
  } else {
    command = process.execPath;
    argv = [COMPILED_MAIN];
  }
  const child = spawn(command, argv, { cwd: REPO_ROOT, env, stdio: ["ignore", "pipe", "pipe", "ipc"] });
  for (const [stream, tag] of [[child.stdout, "out"], [child.stderr, "err"]] as const) {
    let buf = "";
    stream?.setEncoding("utf8");
    stream?.on("data", (chunk: string) => {
      botLog.write(chunk);
      buf += chunk;
      let nl: number;
      while ((nl = buf.indexOf("\n")) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        botTail.push(line);
        if (botTail.length > 60) botTail.shift();
        if (verbose) process.stderr.write(`[bot:${tag}] ${line}\n`);
      }
    });
  }
  return child;
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs: number, tail: string[]): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`The bot exited (${child.exitCode ?? child.signalCode}) before ${url} answered`);
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) return;
      last = `HTTP ${res.status}`;
    } catch (e) {
      last = (e as Error).message;
    }
    await sleep(150);
  }
  throw new Error(`The bot did not answer ${url} with 200 within ${timeoutMs} ms (${last}); ${tail.length} lines of output`);
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/** The harness's PERSONAS must match what the Playground serves from .m365agentsplayground.yml. */
async function checkTenant(playgroundUrl: string, current: Persona): Promise<void> {
  const res = await fetch(`${playgroundUrl}/_internal/v1/config`);
  const { config } = (await res.json()) as { config: any };
  const problems: string[] = [];
  if (config.tenantId !== TENANT_ID) problems.push(`tenantId ${config.tenantId}`);
  if (config.bot?.id !== BOT.id || config.bot?.name !== BOT.name) problems.push(`bot ${JSON.stringify(config.bot)}`);
  if (config.currentUser?.id !== current.id) problems.push(`currentUser ${config.currentUser?.id}`);
  if (!config.groupChats?.some((c: any) => c.id === GROUP_CHAT.id && c.name === GROUP_CHAT.name)) problems.push("group chat");
  for (const p of Object.values(PERSONAS)) {
    const u = [config.currentUser, ...(config.users ?? [])].find((x: any) => x?.id === p.id);
    if (!u || u.name !== p.name || u.aadObjectId !== p.aadObjectId) problems.push(`user ${p.id}`);
  }
  if (problems.length) {
    throw new Error(`.m365agentsplayground.yml and test/support/e2e.ts disagree: ${problems.join(", ")}`);
  }
}

/** A stale lib/ runs yesterday's bot: say so (the bot entry runs the sources through tsx instead). */
function warnIfBuildIsStale(options: StackOptions): void {
  if (options.botCommand || existsSync(BOT_ENTRY) || !existsSync(COMPILED_MAIN)) return;
  const built = statSync(COMPILED_MAIN).mtimeMs;
  const newer = newestMtime(path.join(REPO_ROOT, "src"));
  if (newer > built) {
    process.stderr.write("e2e: lib/src/main.js is older than src/ — run `npm run build` first, or the test runs a stale bot.\n");
  }
}

/** Keeps the newest `keep` test-results/e2e-* folders (names sort by time). */
function pruneOldRuns(keep: number): void {
  if (!existsSync(RESULTS_DIR)) return;
  const runs = readdirSync(RESULTS_DIR).filter((n) => n.startsWith("e2e-")).sort();
  for (const old of runs.slice(0, Math.max(0, runs.length - keep))) {
    rmSync(path.join(RESULTS_DIR, old), { recursive: true, force: true });
  }
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else if (entry.name.endsWith(".ts") || entry.name.endsWith(".json")) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * Configuration for the real app in local mode on a test's own Azurite table: the Playground's
 * tenant, its users in the tab's picker, Karen Koordinator as coordinator.
 */
export function localAppConfig(connectionString: string, tableName: string): Record<string, string> {
  return {
    BOT_HOST: "127.0.0.1",
    BOT_PORT: "0",
    LOCAL_ANONYMOUS_BOT: "true",
    STORAGE_CONNECTION_STRING: connectionString,
    TABLE_NAME: tableName,
    ALLOWED_TENANT_IDS: TENANT_ID,
    LOCAL_COORDINATOR_IDS: PERSONAS.coordinator.aadObjectId,
    LOCAL_LEADER_IDS: PERSONAS.manager.aadObjectId, // as env/.env.local: Lars Leder
    LOCAL_USERS_FILE: path.join(REPO_ROOT, ".m365agentsplayground.yml"),
  };
}

/** The personal chat's id when `persona` is the Playground's current user. */
export function personalChatOf(persona: Persona): string {
  return persona.id === PERSONAS.mentor.id ? PERSONAL_CHAT.id : `a:${persona.id.replace(/^29:/, "")}-personal-chat`;
}

/**
 * .m365agentsplayground.yml with `persona` as the current user: its entry under `users` and the
 * `currentUser` block change places (same fields, same indentation), and the personal chat gets an
 * id of the persona's own, so the bot stores it as that person's chat.
 */
export function playgroundConfigAs(yaml: string, persona: Persona): string {
  const lines = yaml.split("\n");
  const top = (l: string) => /^[A-Za-z]/.test(l);
  const start = lines.findIndex((l) => l.startsWith("currentUser:"));
  const end = lines.findIndex((l, i) => i > start && top(l));
  const userStart = lines.findIndex((l) => l.trim() === `- id: ${persona.id}`);
  if (start < 0 || end < 0 || userStart < 0) throw new Error(`playgroundConfigAs: no currentUser block or no user ${persona.id}`);
  let userEnd = userStart + 1;
  while (userEnd < lines.length && /^ {4}\S/.test(lines[userEnd]!)) userEnd++;
  const current = lines.slice(start + 1, end).filter((l) => /^ {2}\S/.test(l)); // "  id: …" fields
  const user = lines.slice(userStart, userEnd).map((l) => l.replace(/^ {2}- /, "    ").replace(/^ {4}/, "  "));
  const asUser = current.map((l, i) => (i === 0 ? `  - ${l.trim()}` : `  ${l}`));
  const out = [...lines];
  out.splice(userStart, userEnd - userStart, ...asUser);
  out.splice(start + 1, end - start - 1, ...user);
  return out.join("\n").replace(/^(personalChat:\n\s+id:\s*).*$/m, `$1${personalChatOf(persona)}`);
}
