// npm run package [-- --env dev] — builds appPackage/build/appPackage.<env>.zip (the manifest, the two
// icons, the localisation files) with env/.env.<env>'s values (the environment's on top), checked
// offline against the bundled manifest schema and the Store rules scripts/lib/appPackage.mjs lists.
// The same steps as m365agents.yml's teamsApp/validateManifest, zipAppPackage and validateAppPackage.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildPackage, readEnv } from "./lib/appPackage.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const flag = (name) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const env = flag("env") ?? process.env.TEAMSFX_ENV ?? "dev";
if (!/^[a-z0-9-]+$/.test(env)) {
  process.stderr.write(`--env "${env}": letters, digits and hyphens only\n`);
  process.exit(2);
}
try {
  const { zipPath, problems } = buildPackage(root, env, readEnv(root, env), flag("out") ? path.resolve(flag("out")) : undefined);
  if (problems.length > 0) {
    process.stderr.write(`The app package for "${env}" breaks ${problems.length} rule(s); nothing was written:\n${problems.map((p) => `  - ${p}`).join("\n")}\n`);
    process.exit(1);
  }
  process.stdout.write(`${path.relative(process.cwd(), zipPath)}: valid (schema and Store rules checked offline)\n`);
} catch (err) {
  process.stderr.write(`Could not build the app package for "${env}": ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
