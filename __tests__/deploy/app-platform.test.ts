/**
 * `npm run deploy` on an App Platform stack: nothing is done, exit 1, and the message says what a
 * release is there (the `release` variable; `doctl apps create-deployment` for GitHub-built
 * components), whether the stack is recognised by its outputs or by its synthesized JSON.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runCli } from "../../deploy/cli";
import { outputsAreAppPlatform } from "../../deploy/app-platform";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "deploy-app-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const stackJson = fs.readFileSync(path.join(__dirname, "../fixtures/app-platform/stack.json"), "utf8");
const APP_ID = "00f84330-0000-4000-8000-0000000000a1";

async function run(argv: string[], env: NodeJS.ProcessEnv = {}) {
  let out = "";
  let err = "";
  // PATH empty: if the command reached terraform or ssh it would fail differently.
  const code = await runCli(argv, { PATH: "", ...env }, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

test("outputs with app_id and no app_servers: refused with the app's id in the doctl command, nothing printed to stdout", async () => {
  const outputs = path.join(tmp, "outputs.json");
  fs.writeFileSync(outputs, JSON.stringify({ app_id: { sensitive: false, type: "string", value: APP_ID }, app_live_url: { sensitive: false, type: "string", value: "https://themesystem.example" } }));
  const r = await run(["prod", "--outputs", outputs]);
  expect(r.code).toBe(1);
  expect(r.out).toBe("");
  expect(r.err).toMatch(/^prod runs on App Platform \(.*outputs\.json has an app_id output and no app_servers\): npm run deploy delivers releases to Droplets over ssh, so it did nothing here\./);
  expect(r.err).toContain("`release` variable");
  expect(r.err).toContain("TF_VAR_release=<tag> npx cdktf deploy prod");
  expect(r.err).toContain("terraform apply -var release=<tag>");
  expect(r.err).toContain(`doctl apps create-deployment ${APP_ID}`);
});

test("a synthesized stack recording compute app-platform: refused before terraform is run", async () => {
  const outdir = path.join(tmp, "cdktf.out");
  fs.mkdirSync(path.join(outdir, "stacks", "staging"), { recursive: true });
  fs.writeFileSync(path.join(outdir, "stacks", "staging", "cdk.tf.json"), stackJson);
  const r = await run(["staging"], { CDKTF_OUTDIR: outdir });
  expect(r.code).toBe(1);
  expect(r.err).toMatch(/^staging runs on App Platform \(.*cdk\.tf\.json records compute "app-platform"\)/);
  expect(r.err).toContain("`doctl apps create-deployment <app_id>` (the stack's app_id output: `terraform output -raw app_id`)");
  expect(r.err).not.toMatch(/terraform is not on PATH/);
});

test("Droplet outputs are not taken for App Platform", () => {
  expect(outputsAreAppPlatform({ app_servers: { value: {} }, app_settings: { value: {} } })).toBeUndefined();
  expect(outputsAreAppPlatform({ app_id: { value: APP_ID } })).toEqual({ appId: APP_ID });
  expect(outputsAreAppPlatform(null)).toBeUndefined();
});
