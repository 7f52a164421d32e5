import assert from "node:assert/strict";
import { GraphPeopleDirectory, LocalPeopleDirectory } from "../../src/adapters/people/directories";

/** The directory's answer to "who is this person's leader" (issue 12: a new mentorship's default leader). */
describe("people directories: managerOf", () => {
  const T = "tenant-1";
  const lars = { aadObjectId: "lars", name: "Lars Leder", email: "lars@contoso.dk" };
  const niels = { aadObjectId: "niels", name: "Niels Nyansat", email: "niels@contoso.dk" };

  it("local mode: the first leader id that is not the person, only in its own tenant", async () => {
    const dir = new LocalPeopleDirectory(T, [lars, niels], ["lars"]);
    assert.deepEqual(await dir.managerOf(T, "niels"), lars);
    assert.equal(await dir.managerOf(T, "lars"), null, "nobody is their own leader");
    assert.equal(await dir.managerOf("other-tenant", "niels"), null);
    assert.equal(await new LocalPeopleDirectory(T, [lars, niels]).managerOf(T, "niels"), null, "no leaders configured");
  });

  it("Graph: the manager's id looked up as a person; none for a malformed id or no manager", async () => {
    const asked: string[] = [];
    const id = "00e85e12-4de4-4f72-9ddd-9d2de920940a";
    const dir = new GraphPeopleDirectory({
      managerOf: async (r) => (asked.push(`manager:${r.aadObjectId}`), r.aadObjectId === id ? "lars-id" : null),
      findPerson: async (r) => (asked.push(`find:${r.emailOrUpn}`), r.emailOrUpn === "lars-id" ? { ...lars, aadObjectId: "lars-id" } : null),
    });
    assert.deepEqual(await dir.managerOf(T, id), { ...lars, aadObjectId: "lars-id" });
    assert.equal(await dir.managerOf(T, "a2f3f637-d64f-4f18-a8b2-0e595e265dec"), null);
    assert.equal(await dir.managerOf(T, "../me"), null);
    assert.deepEqual(asked, [`manager:${id}`, "find:lars-id", "manager:a2f3f637-d64f-4f18-a8b2-0e595e265dec"]);
  });
});
