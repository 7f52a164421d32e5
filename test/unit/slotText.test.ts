import assert from "node:assert/strict";
import { createMentorship } from "../../src/domain/mentorship";
import { defaultSlot } from "../../src/domain/meetings";
import { TENANT, mentee, mentor } from "../support/fixtures";
import { slotHintFromText } from "../../src/domain/slotText";

describe("The plan's regular time, read from the agreement's 'time and place'", () => {
  const cases: [string, { weekday?: number; time?: string }][] = [
    ["Tirsdage kl. 13.00", { weekday: 2, time: "13:00" }],
    ["tirsdag kl 13", { weekday: 2, time: "13:00" }],
    ["Om onsdagen 9:30 i mødelokale 2", { weekday: 3, time: "09:30" }],
    ["Torsdager klokken 14.15, møterom Kvadraturen", { weekday: 4, time: "14:15" }],
    ["mandager kl. 8", { weekday: 1, time: "08:00" }],
    ["Fredag 13:00-14:00", { weekday: 5, time: "13:00" }],
    ["Every Thursday at 14", { weekday: 4, time: "14:00" }],
    ["tuesdays 10:30", { weekday: 2, time: "10:30" }],
    ["Første møde 13.01.2027, derefter hver anden tirsdag", { weekday: 2 }],
    ["Mødelokale 3, 2. sal", {}],
    ["mandag eller onsdag kl. 10", { time: "10:00" }],
    ["Lørdage kl. 10", { time: "10:00" }],
    ["kl. 25", {}],
    ["1.5.2027", {}],
    ["", {}],
    ["Tirsdag 9-10", { weekday: 2, time: "09:00" }],
    ["Torsdag 14-15, mødelokale 2", { weekday: 4, time: "14:00" }],
    ["onsdager 14.30–15.30", { weekday: 3, time: "14:30" }],
    ["13-01-2027 og derefter", {}],
  ];
  for (const [text, expected] of cases) {
    it(JSON.stringify(text), () => assert.deepEqual(slotHintFromText(text), expected));
  }
});

describe("The plan card starts from the agreed time", () => {
  const base = createMentorship(
    { id: "m1", tenantId: TENANT, conversationId: "c1", programme: "klds", language: "da", unit: "Børn og familie", firstWorkingDay: "2027-01-04", mentor, mentee },
    { hasActiveMentorship: false, humanAadObjectIds: [mentor.aadObjectId, mentee.aadObjectId] },
    new Date("2026-12-01T09:00:00Z"),
  );
  assert.ok(base.ok);
  const m = base.value.mentorship;
  const withTime = (timeAndPlace: string) => ({ ...m, agreement: { ...m.agreement, fields: { ...m.agreement.fields, timeAndPlace } } });

  it("takes the weekday and time the agreement names", () => {
    assert.deepEqual(defaultSlot(withTime("Tirsdage kl. 13.00, mødelokale 2")), { weekday: 2, time: "13:00", minutes: defaultSlot(m).minutes });
    assert.equal(defaultSlot(withTime("Torsdager 14:30")).weekday, 4);
  });

  it("falls back to the programme's default where the text names none", () => {
    assert.deepEqual({ ...defaultSlot(withTime("Mødelokale 3")), minutes: 0 }, { weekday: 2, time: "10:00", minutes: 0 });
  });
});
