// A bare botbuilder bot, the yardstick of the card-action benchmark (scripts/bench-cards.mjs): restify
// and CloudAdapter as the app uses them, anonymous like the app's local mode, no storage, no logging.
// Invokes get one fixed Adaptive Card, messages an echo (sent to the activity's serviceUrl, as every
// reply in local mode). Whatever the app costs beyond this is the app's own work.
//
//   BOT_PORT=3979 node scripts/lib/echo-bot.cjs      prints {"event":"listening","port":…} when ready
const restify = require("restify");
const { ActivityTypes, CloudAdapter, ConfigurationBotFrameworkAuthentication } = require("botbuilder");

// About the size of a rendered agreement card's top part; the same object every time.
const CARD = {
  type: "AdaptiveCard",
  $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
  version: "1.5",
  body: [
    { type: "TextBlock", text: "Echo", weight: "Bolder", size: "Medium", wrap: true },
    { type: "TextBlock", text: "A fixed card from a bare bot.", wrap: true },
    { type: "Input.Text", id: "purpose", label: "Purpose", isMultiline: true, value: "" },
  ],
  actions: [{ type: "Action.Execute", verb: "echo.save", title: "Save", data: { n: 1 } }],
};

const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
adapter.onTurnError = async (context) => {
  if (context.activity.type !== ActivityTypes.Invoke) return;
  await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 500, body: {} } });
};

const logic = async (context) => {
  const a = context.activity;
  if (a.type === ActivityTypes.Invoke) {
    await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200, body: { statusCode: 200, type: "application/vnd.microsoft.card.adaptive", value: CARD } } });
  } else if (a.type === ActivityTypes.Message) {
    await context.sendActivity(`echo: ${a.text ?? ""}`);
  }
};

const server = restify.createServer({ name: "" });
server.use(restify.plugins.bodyParser({ maxBodySize: 512 * 1024 }));
server.post("/api/messages", async (req, res) => {
  await adapter.process(req, res, logic);
});
server.get("/healthz", (_req, res, next) => {
  res.send(200, { status: "ok" });
  return next();
});
server.listen(Number(process.env.BOT_PORT ?? 0), process.env.BOT_HOST ?? "127.0.0.1", () => {
  process.stdout.write(`${JSON.stringify({ event: "listening", port: server.address().port })}\n`);
});
for (const signal of ["SIGINT", "SIGTERM"]) process.once(signal, () => server.close(() => process.exit(0)));
process.once("disconnect", () => server.close(() => process.exit(0)));
