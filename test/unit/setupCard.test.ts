import assert from "node:assert/strict";
import { Languages } from "../../src/domain/language";
import { setupCardData } from "../../src/cards/setupCard";

describe("The setup card's language choice", () => {
  it("names each language in itself, whatever the card's language", () => {
    for (const language of Languages) {
      const data = setupCardData({ language, setupId: "s1", mentorName: "Mette", candidates: [] });
      assert.deepEqual(data.languages, [
        { title: "Dansk", value: "da" },
        { title: "Norsk bokmål", value: "nb" },
        { title: "English", value: "en" },
      ]);
    }
  });
});
