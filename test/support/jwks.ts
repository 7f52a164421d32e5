import { type KeyObject, createHmac, generateKeyPairSync, randomBytes, sign as rsaSign } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A stand-in for the Bot Framework's published signing keys, on loopback only: an OpenID metadata
 * document and a JWKS whose one key is endorsed for "msteams", plus helpers that sign tokens the
 * way the channel does (RS256, `kid` header) with that key, with an unrelated key, or not at all.
 * botframework-connector fetches the metadata URL it is given with node-fetch and then its
 * `jwks_uri`; plain http on 127.0.0.1 is fine for it. Tokens are assembled by hand (not with
 * jsonwebtoken's sign) so that claims a real signer would refuse, such as a string `exp`, can be sent.
 */

export const CHANNEL_ISSUER = "https://api.botframework.com";

export type Claims = Record<string, unknown>;

/** The claims of a v2 Teams SSO access token for the tab's app, as Entra issues it at `now`; `over` replaces any. */
export function ssoClaims(who: { readonly name: string; readonly aadObjectId: string }, o: { readonly tenantId: string; readonly clientId: string; readonly now: Date }, over: Claims = {}): Claims {
  const now = Math.floor(o.now.getTime() / 1000);
  return {
    iss: `https://login.microsoftonline.com/${o.tenantId}/v2.0`,
    aud: o.clientId,
    tid: o.tenantId,
    oid: who.aadObjectId,
    sub: `sub-${who.aadObjectId}`,
    name: who.name,
    scp: "access_as_user",
    iat: now - 60,
    nbf: now - 60,
    exp: now + 3600,
    ver: "2.0",
    ...over,
  };
}

export interface SignOptions {
  /** "trusted" (default): the published key. "other": an unrelated key, to forge signatures. */
  readonly key?: "trusted" | "other";
  /** The `kid` header; defaults to the published key's id (so a forgery claims to be the real key). */
  readonly kid?: string | null;
  /** RS256 (default), RS384 or RS512: all are RSA signatures with the same key. */
  readonly algorithm?: "RS256" | "RS384" | "RS512";
}

export interface JwksServer {
  /** The OpenID metadata document's URL (give it to the bot as BOT_OPENID_METADATA_URL). */
  readonly metadataUrl: string;
  /** The id of the published, msteams-endorsed key. */
  readonly kid: string;
  /** A second key id, also published, but endorsed only for another channel. */
  readonly otherChannelKid: string;
  /** How many times each path was fetched. */
  readonly hits: Readonly<Record<string, number>>;
  sign(claims: Claims, opts?: SignOptions): string;
  /** A token with `alg: none` and an empty signature. */
  unsigned(claims: Claims, kid?: string): string;
  /** Any header and payload text, RS256-signed with the published key (or given a literal signature). */
  raw(header: Claims, payload: string, signature?: string): string;
  /** The algorithm-confusion forgery: HS256 with the published public key (PEM) as the HMAC secret. */
  hs256WithPublicKey(claims: Claims): string;
  close(): Promise<void>;
}

function rsaPair(): { privateKey: KeyObject; publicKey: KeyObject } {
  return generateKeyPairSync("rsa", { modulusLength: 2048 });
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
const HASH = { RS256: "sha256", RS384: "sha384", RS512: "sha512" } as const;

function rsaJwt(header: Claims, payloadText: string, privateKey: KeyObject, algorithm: keyof typeof HASH): string {
  const input = `${b64url(header)}.${Buffer.from(payloadText).toString("base64url")}`;
  return `${input}.${rsaSign(HASH[algorithm], Buffer.from(input), privateKey).toString("base64url")}`;
}

export async function startJwks(): Promise<JwksServer> {
  const trusted = rsaPair();
  const other = rsaPair();
  const otherChannel = rsaPair();
  const kid = `test-${randomBytes(6).toString("hex")}`;
  const otherChannelKid = `test-${randomBytes(6).toString("hex")}`;
  const publish = (key: KeyObject, id: string, endorsements: string[]) => ({
    ...key.export({ format: "jwk" }),
    kid: id,
    use: "sig",
    alg: "RS256",
    endorsements,
  });

  const hits: Record<string, number> = {};
  let base = "";
  const server = http.createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    hits[path] = (hits[path] ?? 0) + 1;
    const json = (body: unknown) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (req.method === "GET" && path === "/.well-known/openidconfiguration") {
      json({
        issuer: CHANNEL_ISSUER,
        authorization_endpoint: `${base}/authorize`,
        jwks_uri: `${base}/keys`,
        id_token_signing_alg_values_supported: ["RS256"],
        token_endpoint_auth_signing_alg_values_supported: ["RS256"],
      });
    } else if (req.method === "GET" && path === "/keys") {
      json({ keys: [publish(trusted.publicKey, kid, ["msteams"]), publish(otherChannel.publicKey, otherChannelKid, ["skype"])] });
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  base = `http://127.0.0.1:${port}`;

  return {
    metadataUrl: `${base}/.well-known/openidconfiguration`,
    kid,
    otherChannelKid,
    hits,
    sign(claims, opts = {}) {
      const privateKey = opts.key === "other" ? other.privateKey : opts.kid === otherChannelKid ? otherChannel.privateKey : trusted.privateKey;
      const keyid = opts.kid === undefined ? kid : opts.kid;
      const alg = opts.algorithm ?? "RS256";
      return rsaJwt({ alg, typ: "JWT", ...(keyid === null ? {} : { kid: keyid }) }, JSON.stringify(claims), privateKey, alg);
    },
    raw(header, payload, signature) {
      const token = rsaJwt(header, payload, trusted.privateKey, "RS256");
      return signature === undefined ? token : `${token.slice(0, token.lastIndexOf(".") + 1)}${signature}`;
    },
    unsigned(claims, keyId = kid) {
      return `${b64url({ alg: "none", typ: "JWT", kid: keyId })}.${b64url(claims)}.`;
    },
    hs256WithPublicKey(claims) {
      const secret = trusted.publicKey.export({ format: "pem", type: "spki" });
      const input = `${b64url({ alg: "HS256", typ: "JWT", kid })}.${b64url(claims)}`;
      return `${input}.${createHmac("sha256", secret).update(input).digest("base64url")}`;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
