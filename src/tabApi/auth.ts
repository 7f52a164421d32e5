/**
 * Who is calling the tab API. Every token — a real Teams SSO token or a local one — goes through
 * the same check: jose's jwtVerify against a key set (the tenant's published JWKS, or the local key
 * made at start), the expected issuer and audience, `scp` containing access_as_user, the tenant
 * allow-list and expiry. The identity is (tid, oid); a coordinator has the app role "Coordinator"
 * or is in the configured Entra group.
 */
import type { JWTPayload, JWTVerifyGetKey } from "jose" with { "resolution-mode": "import" };
import type { TabAuthSettings } from "../config";
import type { Logger } from "../log";
import type { Clock } from "../ports/clock";
import type { LocalUser } from "./localUsers";

type Jose = typeof import("jose", { with: { "resolution-mode": "import" } });

export const LOCAL_ISSUER = "urn:mentor:local";
export const LOCAL_AUDIENCE = "urn:mentor:local:tab";
export const TAB_SCOPE = "access_as_user";
export const COORDINATOR_ROLE = "Coordinator";
export const LOCAL_TOKEN_SECONDS = 3600;
const MAX_TOKEN_LENGTH = 16 * 1024;
/** Allowance for clocks that differ a little between Entra and this server. */
const CLOCK_TOLERANCE_SECONDS = 60;

export interface TabIdentity {
  readonly tenantId: string;
  readonly aadObjectId: string;
  readonly name: string;
  readonly isCoordinator: boolean;
}

/**
 * A refusal says, for the audit log, the tenant when the token names an allowed one, and who when the
 * token's signature was good (an expired token, a missing scope); nothing else about why.
 */
export type AuthOutcome = { readonly ok: true; readonly identity: TabIdentity } | { readonly ok: false; readonly status: 401; readonly tenantId?: string; readonly actorId?: string };

interface VerifierSpec {
  readonly allowedTenantIds: readonly string[];
  readonly issuer: (tid: string) => string;
  readonly audiences: readonly string[];
  readonly algorithms: readonly string[];
  readonly keys: (tid: string) => JWTVerifyGetKey;
  readonly coordinatorGroupId: string | null;
}

let josePromise: Promise<Jose> | null = null;
/** jose is ESM-only; this CommonJS app loads it once with a dynamic import. */
export function loadJose(): Promise<Jose> {
  josePromise ??= import("jose");
  return josePromise;
}

const fill = (template: string, tid: string) => template.replaceAll("{tid}", encodeURIComponent(tid));

export class TabAuthenticator {
  private constructor(
    private readonly jose: Jose,
    private readonly spec: VerifierSpec,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  /** Real Teams SSO tokens: RS256, signed with the keys the tenant publishes. */
  static async entra(settings: Extract<TabAuthSettings, { kind: "entra" }>, allowedTenantIds: readonly string[], clock: Clock, log: Logger): Promise<TabAuthenticator> {
    const jose = await loadJose();
    const keySets = new Map<string, JWTVerifyGetKey>();
    return new TabAuthenticator(
      jose,
      {
        allowedTenantIds,
        issuer: (tid) => fill(settings.issuerTemplate, tid),
        audiences: settings.audiences,
        algorithms: ["RS256"],
        // Only ever asked for an allow-listed tenant, so the map stays as small as the allow-list.
        keys: (tid) => {
          let set = keySets.get(tid);
          if (!set) {
            set = jose.createRemoteJWKSet(new URL(fill(settings.jwksUrlTemplate, tid)), { timeoutDuration: 5000, cooldownDuration: 30_000 });
            keySets.set(tid, set);
          }
          return set;
        },
        coordinatorGroupId: settings.coordinatorGroupId,
      },
      clock,
      log,
    );
  }

  /** Local mode: an ES256 key made now; tokens for the local mock users are signed with it. */
  static async local(input: { tenantId: string; allowedTenantIds: readonly string[]; users: readonly LocalUser[] }, clock: Clock, log: Logger): Promise<{ auth: TabAuthenticator; signer: LocalTokenSigner }> {
    const jose = await loadJose();
    const { privateKey, publicKey } = await jose.generateKeyPair("ES256", { extractable: true });
    const kid = `local-${Date.now().toString(36)}`;
    const jwk = { ...(await jose.exportJWK(publicKey)), kid, alg: "ES256", use: "sig" };
    const keySet = jose.createLocalJWKSet({ keys: [jwk] });
    const allowed = input.allowedTenantIds.length > 0 ? input.allowedTenantIds : [input.tenantId];
    const auth = new TabAuthenticator(
      jose,
      { allowedTenantIds: allowed, issuer: () => LOCAL_ISSUER, audiences: [LOCAL_AUDIENCE], algorithms: ["ES256"], keys: () => keySet, coordinatorGroupId: null },
      clock,
      log,
    );
    return { auth, signer: new LocalTokenSigner(jose, privateKey, kid, input.tenantId, input.users, clock) };
  }

  /** Checks an Authorization header. Never says why a token was refused (the log gets the reason code). */
  async authenticate(authorization: string | string[] | undefined): Promise<AuthOutcome> {
    let known: { tenantId?: string; actorId?: string } = {};
    const refused = (reason: string): AuthOutcome => {
      this.log.warn("tab.auth.refused", { reason });
      return { ok: false, status: 401, ...known };
    };
    const header = Array.isArray(authorization) ? authorization[0] : authorization;
    const token = /^Bearer ([A-Za-z0-9_.-]+)$/i.exec(header ?? "")?.[1];
    if (!token) return refused(header ? "malformed" : "missing");
    if (token.length > MAX_TOKEN_LENGTH) return refused("tooLong");

    // The unverified tenant only chooses which (allow-listed) key set to verify against.
    let claimed: JWTPayload;
    try {
      claimed = this.jose.decodeJwt(token);
    } catch {
      return refused("undecodable");
    }
    const tid = claimed["tid"];
    if (typeof tid !== "string" || !this.spec.allowedTenantIds.includes(tid)) return refused("tenant");
    known = { tenantId: tid };

    let payload: JWTPayload;
    try {
      ({ payload } = await this.jose.jwtVerify(token, this.spec.keys(tid), {
        issuer: this.spec.issuer(tid),
        audience: [...this.spec.audiences],
        algorithms: [...this.spec.algorithms],
        currentDate: this.clock.now(),
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ["exp", "tid", "oid"],
      }));
    } catch (err) {
      // jose checks the claims only after the signature: a claims error's payload is the signer's.
      const signed = err instanceof this.jose.errors.JWTClaimValidationFailed || err instanceof this.jose.errors.JWTExpired ? err.payload["oid"] : undefined;
      if (typeof signed === "string" && signed.length > 0 && signed.length <= 100 && err instanceof Error && (err as { payload?: JWTPayload }).payload?.["tid"] === tid) known = { tenantId: tid, actorId: signed };
      return refused(err instanceof Error && "code" in err && typeof err.code === "string" ? err.code : "invalid");
    }
    if (payload["tid"] !== tid) return refused("tenant");
    const oid = payload["oid"];
    if (typeof oid !== "string" || oid.length === 0 || oid.length > 100) return refused("oid");
    known = { tenantId: tid, actorId: oid };
    const scp = payload["scp"];
    if (typeof scp !== "string" || !scp.split(" ").includes(TAB_SCOPE)) return refused("scope");

    const roles = stringArray(payload["roles"]);
    const groups = stringArray(payload["groups"]);
    const group = this.spec.coordinatorGroupId;
    const name = typeof payload["name"] === "string" ? payload["name"].slice(0, 200) : "";
    return {
      ok: true,
      identity: { tenantId: tid, aadObjectId: oid, name, isCoordinator: roles.includes(COORDINATOR_ROLE) || (group !== null && groups.includes(group)) },
    };
  }
}

function stringArray(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((x): x is string => typeof x === "string") : [];
}

/** Signs short-lived local tokens for the local mock users (only these, only in local mode). */
export class LocalTokenSigner {
  constructor(
    private readonly jose: Jose,
    private readonly privateKey: Parameters<Jose["SignJWT"]["prototype"]["sign"]>[0],
    private readonly kid: string,
    readonly tenantId: string,
    readonly users: readonly LocalUser[],
    private readonly clock: Clock,
  ) {}

  async sign(aadObjectId: string): Promise<{ token: string; expiresAt: string } | null> {
    const user = this.users.find((u) => u.aadObjectId === aadObjectId);
    if (!user) return null;
    const now = Math.floor(this.clock.now().getTime() / 1000);
    const token = await new this.jose.SignJWT({
      tid: this.tenantId,
      oid: user.aadObjectId,
      name: user.name,
      scp: TAB_SCOPE,
      ...(user.isCoordinator ? { roles: [COORDINATOR_ROLE] } : {}),
    })
      .setProtectedHeader({ alg: "ES256", kid: this.kid, typ: "JWT" })
      .setIssuer(LOCAL_ISSUER)
      .setAudience(LOCAL_AUDIENCE)
      .setSubject(user.aadObjectId)
      .setIssuedAt(now)
      .setExpirationTime(now + LOCAL_TOKEN_SECONDS)
      .sign(this.privateKey);
    return { token, expiresAt: new Date((now + LOCAL_TOKEN_SECONDS) * 1000).toISOString() };
  }
}
