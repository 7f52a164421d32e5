import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { RestError } from "@azure/data-tables";
import { TableMentorshipStore } from "../../src/adapters/tables/tableStore";
import { StorageUnavailableError } from "../../src/ports/store";
import { TENANT } from "../support/fixtures";

// Azurite's well-known development account (public, documented; not a secret).
const KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

/** A loopback stand-in for the table endpoint that answers every request the way `answer` says (or never). */
async function endpoint(answer: ((res: http.ServerResponse) => void) | "hang") {
  let requests = 0;
  const server = http.createServer((req, res) => {
    requests++;
    req.resume();
    if (answer !== "hang") req.on("end", () => answer(res));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    connectionString: `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${KEY};TableEndpoint=http://127.0.0.1:${port}/devstoreaccount1;`,
    requests: () => requests,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

const odataError = (status: number, code: string) => (res: http.ServerResponse) => {
  res.writeHead(status, { "content-type": "application/json;odata=minimalmetadata" });
  res.end(JSON.stringify({ "odata.error": { code, message: { lang: "en-US", value: code } } }));
};

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  assert.fail("expected a rejection");
}

describe("Storage outages are one typed error, and only outages are", function () {
  this.timeout(20000);

  it("a 503 is StorageUnavailableError, for a read and for a transaction; the interactive client retries once", async () => {
    const e = await endpoint(odataError(503, "ServerBusy"));
    try {
      const store = TableMentorshipStore.fromConnectionString(e.connectionString, "t", "interactive");
      const read = await rejection(store.getMentorship(TENANT, "m-1"));
      assert.ok(read instanceof StorageUnavailableError, String(read));
      assert.equal(read.code, "HTTP_503");
      assert.equal(e.requests(), 2, "one retry, not the SDK's three");
      const m = { tenantId: TENANT, id: "m-1", conversationId: "c", mentor: { aadObjectId: "a" }, mentee: { aadObjectId: "b" }, phase: "learning" };
      const write = await rejection(store.saveMentorship(m as never, "W/\"x\"", { number: 2 } as never));
      assert.ok(write instanceof StorageUnavailableError, String(write));
    } finally {
      await e.close();
    }
  });

  it("a request that gets no answer times out as StorageUnavailableError (interactive)", async () => {
    const e = await endpoint("hang");
    try {
      const started = Date.now();
      const err = await rejection(TableMentorshipStore.fromConnectionString(e.connectionString, "t", "interactive").getMentorship(TENANT, "m-1"));
      assert.ok(err instanceof StorageUnavailableError, String(err));
      assert.equal(err.code, "TIMEOUT");
      assert.ok(Date.now() - started < 4000, `${Date.now() - started} ms`);
    } finally {
      await e.close();
    }
  });

  it("refusals that are not outages stay what they are: 404 is 'not found', 403 and 400 are the SDK's own errors", async () => {
    for (const [status, code] of [[404, "ResourceNotFound"], [403, "AuthorizationFailure"], [400, "InvalidInput"]] as const) {
      const e = await endpoint(odataError(status, code));
      try {
        const store = TableMentorshipStore.fromConnectionString(e.connectionString, "t", "interactive");
        if (status === 404) assert.equal(await store.getMentorship(TENANT, "m-1"), null);
        else {
          const err = await rejection(store.getMentorship(TENANT, "m-1"));
          assert.ok(err instanceof RestError && !(err instanceof StorageUnavailableError), String(err));
          assert.equal(err.statusCode, status);
        }
      } finally {
        await e.close();
      }
    }
  });
});
