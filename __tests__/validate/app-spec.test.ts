/**
 * `npm run validate` on an App Platform stack: the app spec against App Platform's published
 * app-spec schema (validate/app-spec/schema/) and the rules the schema cannot state; the Droplet
 * checks skip with the reason instead of failing.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { appSpecCheck, isAppPlatform } from "../../validate/app-spec";
import { bootStage, BOOT_CHECKS } from "../../validate/boot";
import { APPLY_TIME_PLACEHOLDERS, exampleVarFile } from "../../validate/example-inputs";
import { runtimeStage, RUNTIME_CHECKS } from "../../validate/runtime";
import type { StackDoc } from "../../validate/stacks";

type J = Record<string, any>;
const root = path.join(__dirname, "..", "..");
const fixture = (): J => JSON.parse(fs.readFileSync(path.join(__dirname, "../fixtures/app-platform/stack.json"), "utf8"));
const doc = (json: J): StackDoc => ({ stack: "prod", label: "themesystem/prod", app: "themesystem", file: "stack.json", json });
const spec = (json: J): J => json.resource.digitalocean_app.app.spec[0];
const P = "digitalocean_app.app.spec";

test("the fixture's spec passes, as a one-element list and as an object; provider-only fields are named, not failed", () => {
  const json = fixture();
  const listed = appSpecCheck(doc(json));
  expect(listed.status).toBe("ok");
  expect(listed.detail).toMatch(/skipped: .*spec\.alert/);
  json.resource.digitalocean_app.app.spec = spec(json);
  expect(appSpecCheck(doc(json)).status).toBe("ok");
});

const BROKEN: [string, (s: J) => void, string, RegExp][] = [
  ["a port above 65535", (s) => (s.service[0].http_port = 70000), `${P}.service[0].http_port`, /above the maximum 65535/],
  ["an instance size App Platform does not offer", (s) => (s.service[1].instance_size_slug = "basic-huge"), `${P}.service[1].instance_size_slug`, /allowed: apps-s-1vcpu-0\.5gb.*basic-xxs/],
  ["a component name with capitals", (s) => (s.worker[0].name = "Queue"), `${P}.worker[0].name`, /does not match/],
  ["an env var name the API refuses", (s) => (s.service[1].env[0].key = "1DATABASE-URL"), `${P}.service[1].env[0].key`, /does not match \^\[_A-Za-z\]/],
  ["a region slug that is a datacenter", (s) => (s.region = "fra1"), `${P}.region`, /not one of atl, nyc/],
  ["an autoscaling maximum above 250", (s) => (s.service[1].autoscaling[0].max_instance_count = 300), `${P}.service[1].autoscaling.max_instance_count`, /above the maximum 250/],
  ["a domain that is not a hostname", (s) => (s.domain[0].name = "themesystem"), `${P}.domain[0].name`, /does not match/],
  ["an ingress prefix without a leading slash", (s) => (s.ingress[0].rule[0].match[0].path[0].prefix = "api"), `${P}.ingress.rule[0].match.path.prefix`, /does not start with "\/"/],
  ["an ingress rule to a component that does not exist", (s) => (s.ingress[0].rule[1].component[0].name = "manual"), `${P}.ingress.rule[1].component.name`, /not a component of this app/],
  ["two components with one name", (s) => (s.worker[0].name = "api"), `${P}.worker[0].name`, /already the name of .*service\[1\]/],
  ["a service without a health check", (s) => delete s.service[0].health_check, `${P}.service[0].health_check.http_path`, /no HTTP health check/],
  ["a health check path without a leading slash", (s) => (s.service[1].health_check[0].http_path = "api/health"), `${P}.service[1].health_check.http_path`, /does not start with "\/"/],
  ["a route without a leading slash", (s) => (s.service[0].routes = [{ path: "web" }]), `${P}.service[0].routes[0].path`, /does not start with "\/"/],
];

test.each(BROKEN)("%s fails, naming the path", (_what, breakIt, where, why) => {
  const json = fixture();
  breakIt(spec(json));
  const result = appSpecCheck(doc(json));
  expect(result.status).toBe("FAIL");
  const line = (result.output ?? "").split("\n").find((l) => l.startsWith(`${where}: `));
  expect({ where, line }).toEqual({ where, line: expect.stringMatching(why) });
});

test("runtime and boot skip an App Platform stack's Droplet checks with the reason; Droplet stacks are not App Platform", async () => {
  const d = doc(fixture());
  expect(isAppPlatform(d.json)).toBe(true);
  expect(isAppPlatform({ "//": { platform: { compute: "droplets" } }, resource: { digitalocean_app: { a: {} } } })).toBe(false);
  const runtime = await runtimeStage(d);
  expect(runtime[0]).toMatchObject({ check: "app spec", result: { status: "ok" } });
  expect(runtime.slice(1).map((r) => r.check)).toEqual(RUNTIME_CHECKS.map((c) => c.name));
  for (const r of runtime.slice(1)) expect(r.result).toEqual({ status: "skip", detail: "skipped: prod runs on App Platform (no Droplets, user_data or runtime to check)" });
  const boot = (await bootStage([d], () => undefined, {})).get(d)!;
  expect(boot.map((b) => b.check)).toEqual([...BOOT_CHECKS]);
  for (const b of boot) expect(b.result.detail).toMatch(/^skipped: prod runs on App Platform/);
});

test("npm run validate --only runtime on a hand-off bundle of an App Platform stack: exit 1 on a broken spec, the path in the output", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "app-validate-"));
  const json = fixture();
  spec(json).service[0].http_port = 0;
  fs.writeFileSync(path.join(dir, "cdk.tf.json"), JSON.stringify(json));
  const run = () => spawnSync(process.execPath, ["-r", "./lib/register.js", "scripts/validate.ts", "--dir", dir, "--only", "runtime"], { cwd: root, encoding: "utf8", env: { PATH: process.env.PATH } });
  const bad = run();
  expect(bad.status).toBe(1);
  expect(bad.stdout).toMatch(/themesystem\/prod {2}app spec +FAIL {2}1 problem in the app spec/);
  expect(bad.stdout).toContain(`${P}.service[0].http_port: 0 is below the minimum 1`);
  expect(bad.stdout).toMatch(/themesystem\/prod {2}nginx -t +skip {2}\(skipped: prod runs on App Platform/);
  spec(json).service[0].http_port = 3000;
  fs.writeFileSync(path.join(dir, "cdk.tf.json"), JSON.stringify(json));
  const good = run();
  expect({ status: good.status, stderr: good.stderr }).toEqual({ status: 0, stderr: expect.stringMatching(/0 failed/) });
});

test("terraform plan of an App Platform stack gets placeholders for release and its secrets, never a missing variable", () => {
  const vars = exampleVarFile(fixture().variable);
  expect(vars.missing).toEqual([]);
  expect(vars.values).toMatchObject({ release: APPLY_TIME_PLACEHOLDERS.release, stripe_secret_key: APPLY_TIME_PLACEHOLDERS.secret });
  expect(exampleVarFile({ region_override: {} }).missing).toEqual(["region_override"]);
});
