import { stopAzurite } from "./azurite";

/** Mocha root hooks: whatever the run started, it stops. */
export const mochaHooks = {
  async afterAll(this: Mocha.Context) {
    this.timeout(15000);
    await stopAzurite();
  },
};
