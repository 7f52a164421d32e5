import type { AdaptiveCard } from "../../cards/template";
import type { ChatNotifier, ConversationReferenceData } from "./proactive";

/**
 * The one way out for proactive messages (agendas, reminders, card updates): every send and update
 * outside a user's turn goes through here, so the bot stays under the Bot Connector's limits and a
 * throttled or failed request is tried again instead of lost.
 *
 * Limits (learn.microsoft.com/microsoftteams/platform/bots/how-to/rate-limit; CONNECTOR_LIMITS keeps a margin below them): per bot per
 * conversation about 7 sends a second, 8 in 2 s, 60 in 30 s and 1,800 an hour; per app per tenant
 * about 50 requests a second. On 429 the Connector's Retry-After is honoured, else exponential
 * back-off with jitter; 412, 502, 503 and 504 are tried again too (and a request that got no
 * answer). Each conversation is a lane: its messages leave one at a time in the order they were
 * given, a retry holding back the ones behind it, so a chat never sees them out of order. Lanes of
 * different chats run side by side under the tenant's limit.
 */
export interface OutboundLimits {
  /** [count, window ms] pairs a conversation must stay under. */
  readonly perConversation: readonly (readonly [number, number])[];
  /** Requests per second for one tenant (all conversations together). */
  readonly perTenantPerSecond: number;
  /** Attempts per message, the first included. */
  readonly attempts: number;
  /** First back-off without Retry-After; doubles each attempt, with jitter, up to `maxBackoffMs`. */
  readonly backoffMs: number;
  readonly maxBackoffMs: number;
}

/**
 * The documented limits less a margin: the Connector counts a request when it arrives, the queue
 * when it leaves, and the two clocks' windows do not line up (nor do requests arrive in the order
 * they left). At the limits exactly, a burst is throttled at the windows' edges — and each 429
 * brings botbuilder's own retries on top, which are requests too.
 */
export const CONNECTOR_LIMITS: OutboundLimits = {
  perConversation: [
    [6, 1000],
    [7, 2000],
    [54, 30_000],
    [1700, 3_600_000],
  ],
  perTenantPerSecond: 40,
  attempts: 6,
  backoffMs: 1000,
  maxBackoffMs: 30_000,
};

/** A status the Connector answers that is worth another try later. */
const RETRYABLE = new Set([412, 429, 502, 503, 504]);

/** The HTTP status and Retry-After of a failed Connector request (core-rest-pipeline's RestError), if it has them. */
export function failureOf(err: unknown): { readonly status: number | null; readonly retryAfterMs: number | null } {
  const e = err as { statusCode?: unknown; response?: { status?: unknown; headers?: { get?: (n: string) => string | undefined } | Record<string, unknown> } } | null;
  const status = typeof e?.statusCode === "number" ? e.statusCode : typeof e?.response?.status === "number" ? e.response.status : null;
  const headers = e?.response?.headers;
  const raw = headers && typeof (headers as { get?: unknown }).get === "function" ? (headers as { get: (n: string) => string | undefined }).get("retry-after") : (headers as Record<string, unknown> | undefined)?.["retry-after"];
  return { status, retryAfterMs: retryAfterMs(typeof raw === "string" ? raw : undefined) };
}

/** Retry-After as seconds or an HTTP date, in ms from now; null when absent or unreadable. */
export function retryAfterMs(value: string | undefined, now = Date.now()): number | null {
  if (!value) return null;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

function retryable(err: unknown): boolean {
  const { status } = failureOf(err);
  if (status !== null) return RETRYABLE.has(status);
  // No status: the request got no answer (connection refused, reset, timed out).
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EAI_AGAIN|UND_ERR_SOCKET|UND_ERR_CONNECT_TIMEOUT|REQUEST_SEND_ERROR)$/.test(code);
}

/** How long to look again when only requests still on their way fill a window. */
const IN_FLIGHT_POLL_MS = 20;

/**
 * Sliding windows of requests, counted as the Connector counts them: a request counts from the
 * moment it leaves until a window's length after its answer came (it arrived somewhere in between),
 * so one more may leave only while, in every window, the requests answered within it plus those still
 * on their way stay under the limit. Counting only when requests leave is not enough: under load
 * they reach the Connector spread over the following second and overlap the next second's.
 */
class Windows {
  /** Answer times, oldest first. */
  private readonly times: number[] = [];
  private inFlight = 0;
  private readonly longest: number;
  constructor(private readonly limits: readonly (readonly [number, number])[]) {
    this.longest = Math.max(...limits.map(([, ms]) => ms));
  }

  waitMs(now: number): number {
    while (this.times.length > 0 && (this.times[0] ?? 0) <= now - this.longest) this.times.shift();
    let wait = 0;
    for (const [count, ms] of this.limits) {
      const inWindow = this.times.filter((t) => t > now - ms);
      const total = this.inFlight + inWindow.length;
      if (total < count) continue;
      const expire = total - count + 1;
      wait = Math.max(wait, expire <= inWindow.length ? (inWindow[expire - 1] ?? now) + ms - now : IN_FLIGHT_POLL_MS);
    }
    return wait;
  }

  /** A request leaves; call the answer when it is back (sent or failed). */
  take(): () => void {
    this.inFlight++;
    return () => {
      this.inFlight--;
      this.times.push(this.clock());
    };
  }

  clock: () => number = Date.now;

  get idle(): boolean {
    return this.times.length === 0 && this.inFlight === 0;
  }
}

export interface OutboundDeps {
  readonly limits?: OutboundLimits;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  /** Told of each retry (status and wait only: no message content). */
  readonly onRetry?: (info: { readonly status: number | null; readonly waitMs: number; readonly attempt: number }) => void;
}

export class OutboundQueue implements ChatNotifier {
  private readonly lanes = new Map<string, { tail: Promise<unknown>; windows: Windows; pending: number }>();
  private readonly tenants = new Map<string, Windows>();
  private readonly limits: OutboundLimits;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(
    private readonly inner: ChatNotifier,
    private readonly deps: OutboundDeps = {},
  ) {
    this.limits = deps.limits ?? CONNECTOR_LIMITS;
    this.now = deps.now ?? Date.now;
    this.sleep = deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = deps.random ?? Math.random;
  }

  send(reference: ConversationReferenceData, message: { readonly text?: string; readonly card?: AdaptiveCard }): Promise<string | null> {
    return this.enqueue(reference, () => this.inner.send(reference, message));
  }

  update(reference: ConversationReferenceData, activityId: string, card: AdaptiveCard): Promise<void> {
    return this.enqueue(reference, () => this.inner.update(reference, activityId, card));
  }

  /** Messages given and not yet delivered or given up, over every lane (for a clean stop). */
  get pending(): number {
    let n = 0;
    for (const lane of this.lanes.values()) n += lane.pending;
    return n;
  }

  private enqueue<T>(reference: ConversationReferenceData, request: () => Promise<T>): Promise<T> {
    const conversation = (reference["conversation"] as { id?: string; tenantId?: string } | undefined) ?? {};
    const key = conversation.id ?? "";
    const tenant = conversation.tenantId ?? "";
    let lane = this.lanes.get(key);
    if (!lane) {
      lane = { tail: Promise.resolve(), windows: this.windows(this.limits.perConversation), pending: 0 };
      this.lanes.set(key, lane);
    }
    const own = lane;
    own.pending++;
    const run = own.tail.then(() => this.deliver(own.windows, tenant, request));
    // The next message of the chat waits for this one, delivered or given up.
    own.tail = run.catch(() => undefined);
    return run.finally(() => {
      own.pending--;
      if (++this.settled % 500 === 0) this.forgetIdle();
    });
  }

  private settled = 0;

  /** Lanes with nothing waiting and no send within the longest window are forgotten (memory stays bounded). */
  private forgetIdle(): void {
    const now = this.now();
    for (const [key, lane] of this.lanes) {
      lane.windows.waitMs(now);
      if (lane.pending === 0 && lane.windows.idle) this.lanes.delete(key);
    }
    for (const [tenant, w] of this.tenants) {
      w.waitMs(now);
      if (w.idle) this.tenants.delete(tenant);
    }
  }

  private windows(limits: readonly (readonly [number, number])[]): Windows {
    const w = new Windows(limits);
    w.clock = this.now;
    return w;
  }

  private tenantWindows(tenant: string): Windows {
    let w = this.tenants.get(tenant);
    if (!w) {
      w = this.windows([[this.limits.perTenantPerSecond, 1000]]);
      this.tenants.set(tenant, w);
    }
    return w;
  }

  private async deliver<T>(windows: Windows, tenant: string, request: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      // A slot under the chat's limits and the tenant's; checked and taken without a pause between.
      let answered: () => void;
      for (;;) {
        const now = this.now();
        const tenantWindows = this.tenantWindows(tenant);
        const wait = Math.max(windows.waitMs(now), tenantWindows.waitMs(now));
        if (wait <= 0) {
          const chatDone = windows.take();
          const tenantDone = tenantWindows.take();
          answered = () => {
            chatDone();
            tenantDone();
          };
          break;
        }
        await this.sleep(wait);
      }
      try {
        const result = await request();
        answered();
        return result;
      } catch (err) {
        answered();
        if (attempt >= this.limits.attempts || !retryable(err)) throw err;
        const { status, retryAfterMs } = failureOf(err);
        const backoff = Math.min(this.limits.maxBackoffMs, this.limits.backoffMs * 2 ** (attempt - 1));
        // Jitter spreads the retries of many chats throttled at the same moment.
        const waitMs = retryAfterMs !== null ? retryAfterMs + Math.round(this.random() * 250) : Math.round(backoff / 2 + (this.random() * backoff) / 2);
        this.deps.onRetry?.({ status, waitMs, attempt });
        await this.sleep(waitMs);
      }
    }
  }
}
