// The coordinators' overview at scale: 10,000 mentorships' summary rows seeded in Azurite, the
// real app on loopback (local tokens), measured through its HTTP API; next to the raw partition
// query of the same rows in the same run; bytes per row; the tab's JavaScript gzipped; and, when
// the tab is built, the time until the first page of rows is rendered in headless Chromium.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { fileURLToPath, pathToFileURL } from "node:url";
import { startAzurite } from "./lib/azurite.mjs";
import { freePort } from "./lib/ports.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const TENANT = "6b1f2c3e-8a47-4d0e-9c51-2f7a9e4b6d10"; // the Playground's mock tenant (env/.env.local)
const COORDINATOR = "a2f3f637-d64f-4f18-a8b2-0e595e265dec"; // Karen Koordinator
const ROWS = 10_000;

const pct = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const ms = (v) => `${v.toFixed(1)} ms`;

function summaryRow(i, now) {
  const phases = ["preparation", "startUp", "learning", "learning", "learning", "closing", "closed"];
  const first = new Date(now.getTime() - (i % 400) * 86_400_000);
  const names = ["Søren", "Åse", "Ærtebjerg", "Niels", "Mette", "Ingrid", "Ole", "Kari", "Jens", "Sofie"];
  return {
    mentorshipId: `bench-${String(i).padStart(5, "0")}`,
    menteeName: `${names[i % 10]} Nyansat ${i}`,
    menteeAadObjectId: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
    mentorName: `${names[(i * 7) % 10]} Mentor ${i % 900}`,
    mentorAadObjectId: `00000000-0000-4000-9000-${String(i % 900).padStart(12, "0")}`,
    unit: `Enhed ${i % 40}`,
    programme: i % 3 === 0 ? "kristiansand" : "klds",
    phase: phases[i % phases.length],
    phaseSince: new Date(first.getTime() + 20 * 86_400_000).toISOString(),
    firstWorkingDay: first.toISOString().slice(0, 10),
    createdAt: new Date(first.getTime() - 14 * 86_400_000).toISOString(),
    agreementStatus: i % 7 === 1 ? "waiting" : i % 7 === 0 ? "draft" : "agreed",
    agreementPostedAt: "",
    agreementLockedAt: "",
    meetingsHeld: i % 12,
    meetingsPlanned: 18,
    nextMeetingUtc: new Date(now.getTime() + (i % 30) * 86_400_000).toISOString(),
    plannedStartsUtc: Array.from({ length: 6 }, (_, k) => new Date(now.getTime() + (i % 30 + k * 14) * 86_400_000).toISOString()).join(","),
    lastMeetingUtc: "",
    lastActivityAt: new Date(now.getTime() - (i % 60) * 86_400_000).toISOString(),
    language: i % 3 === 0 ? "nb" : "da",
    timeZone: i % 3 === 0 ? "Europe/Oslo" : "Europe/Copenhagen",
  };
}

/** Chromium: sign in as the coordinator, wait for the first overview row. Null when it cannot run here. */
async function firstRender(base) {
  const chromiumPath = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
  if (!existsSync(path.join(root, "lib", "tab", "index.html")) || !existsSync(chromiumPath)) return null;
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const times = [];
  let scroll = null;
  try {
    for (let run = 0; run < 6; run++) {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      await context.route("**/*", (route) => (new URL(route.request().url()).hostname === "127.0.0.1" ? route.continue() : route.abort()));
      const page = await context.newPage();
      await page.goto(`${base}/tab/overview?locale=da`);
      await page.locator('button[data-user="Karen Koordinator"]').waitFor({ timeout: 30000 });
      const t0 = performance.now();
      await page.locator('button[data-user="Karen Koordinator"]').click();
      await page.locator('[data-testid="overview-row"]').first().waitFor({ timeout: 60000 });
      if (run > 0) times.push(performance.now() - t0); // the first run warms the server's caches and Chromium
      if (run === 5) scroll = await scrollFrames(page);
      await context.close();
    }
  } finally {
    await browser.close();
  }
  return { times, runs: times.length, scroll };
}

/** Frame times while the list scrolls 400 px per animation frame for 90 frames (≈ 640 rows of 10,000). */
async function scrollFrames(page) {
  const frames = await page.evaluate(`new Promise((resolve) => {
    const el = document.querySelector('[data-testid="overview-scroll"]');
    const out = [];
    let last = performance.now();
    let n = 0;
    requestAnimationFrame(function step(t) {
      out.push(t - last);
      last = t;
      el.scrollTop += 400;
      if (++n < 90) requestAnimationFrame(step);
      else resolve(out.slice(1));
    });
  })`);
  return frames;
}

export async function benchTab({ date, machine }) {
  const { tsImport } = await import("tsx/esm/api");
  const load = (p) => tsImport(pathToFileURL(path.join(root, p)).href, import.meta.url);
  const { TableClient, TableTransaction } = await import("@azure/data-tables");
  const { TableMentorshipStore } = await load("src/adapters/tables/tableStore.ts");
  const { loadConfig } = await load("src/config.ts");
  const { buildApp } = await load("src/main.ts");

  const azurite = await startAzurite({ inMemory: true });
  const tableName = `bench${Date.now()}`;
  const now = new Date();
  const lines = [];
  try {
    // Seed: 10,000 summary rows, 100 to a transaction.
    const client = TableClient.fromConnectionString(azurite.connectionString, tableName, { allowInsecureConnection: true });
    await client.createTable();
    for (let start = 0; start < ROWS; start += 100) {
      const tx = new TableTransaction();
      for (let i = start; i < Math.min(ROWS, start + 100); i++) tx.createEntity({ partitionKey: TENANT, rowKey: `s|bench-${String(i).padStart(5, "0")}`, kind: "summary", ...summaryRow(i, now) });
      await client.submitTransaction(tx.actions);
    }
    const store = TableMentorshipStore.fromConnectionString(azurite.connectionString, tableName);

    const port = await freePort();
    const config = loadConfig({
      BOT_HOST: "127.0.0.1",
      BOT_PORT: String(port),
      LOCAL_ANONYMOUS_BOT: "true",
      STORAGE_CONNECTION_STRING: azurite.connectionString,
      TABLE_NAME: tableName,
      ALLOWED_TENANT_IDS: TENANT,
      LOCAL_COORDINATOR_IDS: COORDINATOR,
      LOCAL_USERS_FILE: path.join(root, ".m365agentsplayground.yml"),
    });
    const silent = { info() {}, warn() {}, error() {} };
    const app = await buildApp({ config, log: silent });
    await new Promise((resolve) => app.server.listen(port, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${port}`;
    try {
      const tokenRes = await fetch(`${base}/api/tab/local-token`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ aadObjectId: COORDINATOR }) });
      const { token } = await tokenRes.json();
      const get = async (q) => {
        const t0 = performance.now();
        const res = await fetch(`${base}/api/tab/overview?${q}`, { headers: { authorization: `Bearer ${token}` } });
        const text = await res.text();
        if (res.status !== 200) throw new Error(`overview answered ${res.status}`);
        return { ms: performance.now() - t0, body: JSON.parse(text), bytes: Buffer.byteLength(text) };
      };
      await get("limit=100"); // warm-up
      // Cold: the tenant's rows are read from storage for the request (the cache forgotten first);
      // warm: within the cache's few seconds, as when a coordinator pages, filters or sorts.
      const firstPage = [];
      const warmPage = [];
      let pageBytes = 0;
      for (let i = 0; i < 20; i++) {
        app.summaryCache.invalidate(TENANT);
        const r = await get("limit=100");
        firstPage.push(r.ms);
        pageBytes = r.bytes;
        if (r.body.total !== ROWS) throw new Error(`expected ${ROWS} rows, got ${r.body.total}`);
        warmPage.push((await get("limit=100&sort=mentorName")).ms);
      }
      const scans = [];
      let scanBytes = 0;
      for (let run = 0; run < 5; run++) {
        app.summaryCache.invalidate(TENANT);
        const t0 = performance.now();
        scanBytes = 0;
        for (let offset = 0; offset < ROWS; offset += 1000) scanBytes += (await get(`limit=1000&offset=${offset}&sort=lastActivityAt&dir=desc`)).bytes;
        scans.push(performance.now() - t0);
      }
      const raw = [];
      for (let i = 0; i < 10; i++) {
        const t0 = performance.now();
        const rows = await store.listSummaries(TENANT);
        raw.push(performance.now() - t0);
        if (rows.length !== ROWS) throw new Error(`raw query gave ${rows.length}`);
      }
      lines.push(
        "## Coordinators' overview",
        "",
        `Measured ${date} on ${machine}. ${ROWS.toLocaleString("en")} mentorships' summary rows in Azurite (in memory), one tenant;`,
        "the app on loopback with a local coordinator token. The overview reads the tenant's summary rows with one",
        "partition query and `$select` (kept for 5 s and forgotten on every change, src/tabApi/summaryCache.ts),",
        "then filters, sorts and pages in memory. A full scan starts cold.",
        "",
        "| measure | p50 | p95 |",
        "|---|---:|---:|",
        `| overview API, first page (100 rows), cold | ${ms(pct(firstPage, 50))} | ${ms(pct(firstPage, 95))} |`,
        `| overview API, first page (100 rows), warm (another sort) | ${ms(pct(warmPage, 50))} | ${ms(pct(warmPage, 95))} |`,
        `| overview API, full scan (10 pages of 1,000) | ${ms(pct(scans, 50))} | ${ms(pct(scans, 95))} |`,
        `| raw partition query of the same rows (\`listSummaries\`) | ${ms(pct(raw, 50))} | ${ms(pct(raw, 95))} |`,
        "",
        `First page ÷ raw query (p50): ${(pct(firstPage, 50) / pct(raw, 50)).toFixed(2)}; full scan ÷ raw query (p50): ${(pct(scans, 50) / pct(raw, 50)).toFixed(2)}.`,
        `Bytes per row in the API's JSON: ${Math.round(scanBytes / ROWS)} (first page: ${pageBytes.toLocaleString("en")} bytes).`,
      );
      const render = await firstRender(base);
      if (render) {
        lines.push(
          `Time until the first page of rows is rendered in headless Chromium (from pressing the coordinator in the local sign-in picker`,
          `to the first row on screen, fresh browser context each run, ${render.runs} runs): p50 ${ms(pct(render.times, 50))}, p95 ${ms(pct(render.times, 95))}.`,
        );
        if (render.scroll) {
          lines.push(
            `Frame times while the virtualised list scrolls 400 px per frame through 10,000 rows (headless, no GPU): p50 ${ms(pct(render.scroll, 50))},`,
            `p95 ${ms(pct(render.scroll, 95))}, max ${ms(Math.max(...render.scroll))}.`,
          );
        }
      } else {
        lines.push("Time until the first page is rendered in Chromium: not measured here (tab not built or no Chromium).");
      }
    } finally {
      await new Promise((resolve) => app.server.close(resolve));
    }

    const assets = path.join(root, "lib", "tab", "assets");
    if (existsSync(assets)) {
      const js = readdirSync(assets).filter((f) => f.endsWith(".js"));
      const raw = js.reduce((n, f) => n + readFileSync(path.join(assets, f)).length, 0);
      const gz = js.reduce((n, f) => n + gzipSync(readFileSync(path.join(assets, f)), { level: 9 }).length, 0);
      lines.push(`The tab's JavaScript (\`lib/tab/assets/*.js\`, ${js.length} file(s)): ${(raw / 1024).toFixed(0)} KiB, ${(gz / 1024).toFixed(0)} KiB gzipped.`);
    } else {
      lines.push("The tab's JavaScript: not built here (run `npm run build`).");
    }
  } finally {
    await azurite.stop();
  }
  return `${lines.join("\n")}\n`;
}
