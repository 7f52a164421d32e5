// Issue 14: the Teams admin's guide (docs/admin-guide.da.md, .en.md) names every permission the app
// asks for — the manifest's, the Graph application permissions the README's configuration lists, the
// tab's scope and app role — every Azure resource type the bicep creates, and how to install, upgrade
// and uninstall. A permission or resource added without a word to the admin fails here.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";

const ROOT = path.resolve(__dirname, "..", "..");
const read = (p: string) => fs.readFileSync(path.join(ROOT, p), "utf8");

describe("the Teams admin's guide", () => {
  const guides = { da: read("docs/admin-guide.da.md"), en: read("docs/admin-guide.en.md") };
  const manifest = JSON.parse(read("appPackage/manifest.json")) as { permissions: string[]; bots: { scopes: string[] }[] };
  const readmeGraph = /`GRAPH_CLIENT_ID`[^\n]*/.exec(read("README.md"))?.[0] ?? "";
  const graphPermissions = [...new Set([...readmeGraph.matchAll(/`((?:Calendars|Chat|User|TeamsAppInstallation|ChatMember|Mail)\.[A-Za-z.]+)`/g)].map((m) => m[1]!))];
  const bicepTypes = [...new Set([...read("infra/azure.bicep").matchAll(/^resource \w+ '([A-Za-z.]+\/[A-Za-z]+)/gm)].map((m) => m[1]!))];
  const aad = read("aad.manifest.json");

  it("finds the permissions and resources it checks for (the lists are not empty)", () => {
    assert.ok(graphPermissions.length >= 5, JSON.stringify(graphPermissions));
    assert.ok(bicepTypes.length >= 5, JSON.stringify(bicepTypes));
  });

  for (const [lang, text] of Object.entries(guides)) {
    it(`${lang}: every Graph permission, the manifest's permissions and scopes, the tab's scope and role`, () => {
      for (const p of graphPermissions) assert.ok(text.includes(p), `${p} is explained`);
      for (const p of [...manifest.permissions, ...manifest.bots[0]!.scopes]) assert.ok(text.includes(p), `manifest ${p}`);
      assert.ok(aad.includes("access_as_user") && text.includes("access_as_user"));
      assert.ok(text.includes("Coordinator"));
      assert.ok(text.includes("RBAC for Applications") && text.includes("New-ManagementRoleAssignment"), "the calendar permission's scoping");
    });

    it(`${lang}: every kind of Azure resource the bicep creates, the region, install, upgrade, uninstall`, () => {
      const names: Record<string, RegExp> = {
        "Microsoft.ManagedIdentity/userAssignedIdentities": /managed identity/i,
        "Microsoft.Storage/storageAccounts": /Storage Account/,
        "Microsoft.Web/serverfarms": /App Service/,
        "Microsoft.Web/sites": /App Service/,
        "Microsoft.Insights/components": /Application Insights/,
        "Microsoft.OperationalInsights/workspaces": /Log Analytics/,
        "Microsoft.KeyVault/vaults": /Key Vault/,
        "Microsoft.Authorization/roleAssignments": /RBAC|rolle|role/i,
      };
      for (const type of bicepTypes) {
        const pattern = names[type] ?? (type.startsWith("Microsoft.Storage/") ? /Table/ : type.startsWith("Microsoft.Web/") ? /App Service/ : type.startsWith("Microsoft.KeyVault/") ? /Key Vault/ : null);
        assert.ok(pattern, `the test knows how the guide names ${type}`);
        assert.match(text, pattern, `${type} is described`);
      }
      assert.match(text, /location/);
      for (const step of ["atk provision", "atk deploy", "npm run package", "readyz"]) assert.ok(text.includes(step), step);
      assert.match(text, lang === "da" ? /## 5\. Opdatering/ : /## 5\. Upgrade/);
      assert.match(text, lang === "da" ? /## 6\. Afinstallation og sletning af alle data/ : /## 6\. Uninstall and remove all data/);
    });
  }
});
