import assert from "node:assert/strict";
import { JobRegistry, type JobKindSpec } from "../../src/app/jobs/registry";
import type { Job } from "../../src/ports/jobs";
import { MeetingService } from "../../src/app/meetings/meetingService";

const ran: string[] = [];
const spec = (kind: Job["kind"], untilDone: boolean): JobKindSpec => ({ kind, untilDone, idRule: "{tenant}:{mentorship}:{kind}", run: async (job) => void ran.push(`${kind}:${job.id}`) });
const job = (kind: Job["kind"]): Job => ({ id: `j-${kind}`, kind, tenantId: "t", mentorshipId: "m", dueAt: "2027-01-11T08:00:00.000Z", payload: {} });

describe("the job-kind registry (every feature's kinds, one list for the scheduler)", () => {
  it("gives the scheduler each registered kind's handler and the kinds it must never give up", async () => {
    ran.splice(0);
    const registry = new JobRegistry().register([spec("agenda.post", false), spec("booking.resume", true)]).register([spec("reminder.agreement", false)]);
    assert.deepEqual(registry.list().map((k) => k.kind), ["agenda.post", "booking.resume", "reminder.agreement"]);
    assert.deepEqual(registry.untilDone(), ["booking.resume"]);
    const handlers = registry.handlers();
    await handlers["reminder.agreement"]?.(job("reminder.agreement"));
    await handlers["agenda.post"]?.(job("agenda.post"));
    assert.deepEqual(ran, ["reminder.agreement:j-reminder.agreement", "agenda.post:j-agenda.post"]);
    assert.equal(handlers["booking.followUp"], undefined, "a kind nobody registered has no handler");
  });

  it("refuses a kind registered twice (two features claiming one kind is a wiring bug, caught at start)", () => {
    const registry = new JobRegistry().register([spec("agenda.post", false)]);
    assert.throws(() => registry.register([spec("agenda.post", true)]), /registered twice: agenda\.post/);
  });

  it("the meetings register all seven of their kinds, the booking's two and the closing's calendar as until-done", () => {
    // Listing the kinds touches none of the service's parts.
    const meetings = new MeetingService({} as ConstructorParameters<typeof MeetingService>[0]);
    const registry = new JobRegistry().register(meetings.jobKinds());
    assert.deepEqual(registry.list().map((k) => k.kind).sort(), ["agenda.post", "booking.followUp", "booking.resume", "closing.calendar", "reminder.agreement", "reminder.heldCheck", "reminder.pointOne"]);
    assert.deepEqual([...registry.untilDone()].sort(), ["booking.followUp", "booking.resume", "closing.calendar"]);
  });
});
