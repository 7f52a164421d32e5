/**
 * A throw-away self-signed certificate for 127.0.0.1 and localhost, made at test time and written
 * to a temp dir: the fake Graph serves HTTPS with it, and a child Node process trusts it through
 * NODE_EXTRA_CA_CERTS (read once, at start-up — hence the child process).
 *
 * The `openssl` CLI is used when it is on PATH; otherwise (e.g. Windows without Git's openssl) a
 * small pure-JS X.509 v3 builder signs a P-256 certificate with node:crypto. Both give the same
 * shape: CN=localhost, SAN DNS:localhost + IP:127.0.0.1, CA:TRUE (so it can be its own trust anchor).
 */
import { execFileSync } from "node:child_process";
import { X509Certificate, createPrivateKey, generateKeyPairSync, randomBytes, sign } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export interface TestCertificate {
  readonly dir: string;
  readonly keyPath: string;
  readonly certPath: string;
  /** Key and certificate in one PEM file (what ClientCertificateCredential reads). */
  readonly combinedPath: string;
  readonly key: string;
  readonly cert: string;
  readonly generator: "openssl" | "js";
}

export function hasOpenssl(): boolean {
  try {
    execFileSync("openssl", ["version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

export function createTestCertificate(options: { generator?: "auto" | "openssl" | "js"; days?: number } = {}): TestCertificate {
  const days = options.days ?? 2;
  const wanted = options.generator ?? "auto";
  const generator = wanted === "auto" ? (hasOpenssl() ? "openssl" : "js") : wanted;
  const dir = mkdtempSync(path.join(os.tmpdir(), "graph-tls-"));
  const keyPath = path.join(dir, "key.pem");
  const certPath = path.join(dir, "cert.pem");
  if (generator === "openssl") {
    execFileSync(
      "openssl",
      [
        "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
        "-keyout", keyPath, "-out", certPath, "-days", String(days), "-subj", "/CN=localhost",
        "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
        "-addext", "basicConstraints=critical,CA:TRUE",
      ],
      { stdio: "pipe" },
    );
  } else {
    const { key, cert } = selfSignedJs(days);
    writeFileSync(keyPath, key, { mode: 0o600 });
    writeFileSync(certPath, cert);
  }
  const key = readFileSync(keyPath, "utf8");
  const cert = readFileSync(certPath, "utf8");
  const combinedPath = path.join(dir, "combined.pem");
  writeFileSync(combinedPath, `${key.trim()}\n${cert.trim()}\n`, { mode: 0o600 });
  return { dir, keyPath, certPath, combinedPath, key, cert, generator };
}

export function removeTestCertificate(cert: TestCertificate): void {
  rmSync(cert.dir, { recursive: true, force: true });
}

// ─── pure-JS X.509 (DER) ─────────────────────────────────────────────────────────────────────

function len(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}
const tlv = (tag: number, ...content: Buffer[]): Buffer => {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), len(body.length), body]);
};
const seq = (...c: Buffer[]) => tlv(0x30, ...c);
const set = (...c: Buffer[]) => tlv(0x31, ...c);
const octets = (b: Buffer) => tlv(0x04, b);
const bits = (b: Buffer) => tlv(0x03, Buffer.from([0]), b);
const bool = (v: boolean) => tlv(0x01, Buffer.from([v ? 0xff : 0]));
const explicit = (n: number, c: Buffer) => tlv(0xa0 + n, c);

function oid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split(".").map(Number) as [number, number, ...number[]];
  const out = [40 * a + b];
  for (const part of rest) {
    const chunk: number[] = [part & 0x7f];
    for (let v = Math.floor(part / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift((v & 0x7f) | 0x80);
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

function positiveInteger(bytes: Buffer): Buffer {
  const b = Buffer.from(bytes);
  b[0] = (b[0] ?? 0) & 0x7f || 0x01;
  return tlv(0x02, b);
}

function utcTime(d: Date): Buffer {
  const p = (n: number) => String(n).padStart(2, "0");
  const s = `${p(d.getUTCFullYear() % 100)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`;
  return tlv(0x17, Buffer.from(s, "ascii"));
}

function selfSignedJs(days: number): { key: string; cert: string } {
  const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const ecdsaSha256 = seq(oid("1.2.840.10045.4.3.2"));
  const name = seq(set(seq(oid("2.5.4.3"), tlv(0x0c, Buffer.from("localhost", "utf8")))));
  const now = Date.now();
  const validity = seq(utcTime(new Date(now - 60_000)), utcTime(new Date(now + days * 86_400_000)));
  const san = seq(tlv(0x82, Buffer.from("localhost", "ascii")), tlv(0x87, Buffer.from([127, 0, 0, 1])));
  const extensions = explicit(
    3,
    seq(
      seq(oid("2.5.29.19"), bool(true), octets(seq(bool(true)))), // basicConstraints: critical, CA:TRUE
      seq(oid("2.5.29.17"), octets(san)), // subjectAltName
      seq(oid("2.5.29.37"), octets(seq(oid("1.3.6.1.5.5.7.3.1")))), // extKeyUsage: serverAuth
    ),
  );
  const tbs = seq(
    explicit(0, tlv(0x02, Buffer.from([2]))), // v3
    positiveInteger(randomBytes(16)),
    ecdsaSha256,
    name,
    validity,
    name,
    publicKey.export({ type: "spki", format: "der" }),
    extensions,
  );
  const signature = sign("sha256", tbs, privateKey); // DER-encoded ECDSA signature
  const der = seq(tbs, ecdsaSha256, bits(signature));
  const cert = `-----BEGIN CERTIFICATE-----\n${der.toString("base64").replace(/(.{64})/g, "$1\n").trim()}\n-----END CERTIFICATE-----\n`;
  const key = createPrivateKey(privateKey.export({ type: "pkcs8", format: "pem" })).export({ type: "pkcs8", format: "pem" }) as string;
  new X509Certificate(cert); // throws if the DER is malformed
  return { key, cert };
}
