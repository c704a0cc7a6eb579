/**
 * The project's commands on the App Platform presets, end to end (child processes, as users run
 * them): `npm run validate` checks each app spec offline, `npm run cost` prices every stack,
 * `npm run review --base HEAD` compares against the commit, `npm run handoff` writes a bundle that
 * asks for the release, and `npm run deploy` says what a release is there instead of failing
 * obscurely. The commands of one selection run concurrently after one synth.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const root = path.join(__dirname, "..");
interface Result {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function run(script: string, args: string[], env: Record<string, string>): Promise<Result> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["-r", "./lib/register.js", script, ...args], { cwd: root, env: { PATH: process.env.PATH, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

const SELECTIONS = [
  ["themesystem", { PLATFORM_PRESET: "themesystem" }],
  ["bizsocials", { PLATFORM_COMPUTE: "app-platform" }],
] as const;

describe.each(SELECTIONS)("%s on App Platform", (app, selection) => {
  let tmp: string;
  let results: Record<"validate" | "cost" | "review" | "handoff" | "deploy", Result>;

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), `app-commands-${app}-`));
    const env = { ...selection, CDKTF_OUTDIR: path.join(tmp, "cdktf.out") };
    const synth = await run("main.ts", [], env);
    expect(synth.stderr).toBe("");
    const [validate, cost, review, handoff, deploy] = await Promise.all([
      run("scripts/validate.ts", ["--only", "runtime"], env),
      run("scripts/cost.ts", [], env),
      run("scripts/review.ts", ["--base", "HEAD"], env),
      run("scripts/handoff.ts", ["prod", "--out", path.join(tmp, "handoff")], env),
      run("scripts/deploy.ts", ["prod", "--release", "v1.2.3"], env),
    ]);
    results = { validate: validate!, cost: cost!, review: review!, handoff: handoff!, deploy: deploy! };
  }, 60_000);
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it("validate: each stack's app spec passes App Platform's schema and rules; the Droplet checks say why they skip", () => {
    expect(results.validate.status).toBe(0);
    for (const stack of ["dev", "staging", "prod", "dr"]) expect(results.validate.stdout).toMatch(new RegExp(`${app}/${stack}\\s+app spec\\s+ok`));
    expect(results.validate.stdout).toMatch(/skip\s+\(skipped: \w+ runs on App Platform/);
    expect(results.validate.stdout).not.toMatch(/\bFAIL\b/);
  });

  it("cost: every stack priced, the app and its components on their own lines, nothing unpriced", () => {
    expect(results.cost.status).toBe(0);
    expect(results.cost.stdout).toMatch(/App Platform service api/);
    expect(results.cost.stdout).not.toMatch(/not priced|unpriced/i);
    for (const stack of ["dev", "staging", "prod", "dr"]) expect(results.cost.stdout).toMatch(new RegExp(`^${stack}$`, "m"));
  });

  it("review --base HEAD: compares every stack with the commit", () => {
    expect(results.review.status).toBe(0);
    for (const stack of ["dev", "staging", "prod", "dr"]) expect(results.review.stdout).toContain(`${app}/${stack}: policy passed`);
  });

  it("handoff: a bundle whose example inputs name the release (no value) and no Droplet input", () => {
    expect(results.handoff.status).toBe(0);
    const dir = path.join(tmp, "handoff", app, "prod");
    expect(fs.readdirSync(dir).sort()).toEqual(["README.md", "SHA256SUMS", "cdk.tf.json", "terraform.tfvars.example"]);
    const tfvars = fs.readFileSync(path.join(dir, "terraform.tfvars.example"), "utf8");
    expect(tfvars).toMatch(/^# release = /m);
    expect(tfvars).not.toMatch(/ssh_key_fingerprints|admin_cidrs/);
    expect(fs.readFileSync(path.join(dir, "README.md"), "utf8")).toMatch(/-var release=/);
  });

  it("deploy: does nothing, exits 1 and says what a release is on App Platform", () => {
    expect(results.deploy.status).toBe(1);
    expect(results.deploy.stderr).toMatch(/App Platform/);
    expect(results.deploy.stderr).toMatch(/release/);
    expect(results.deploy.stderr).not.toMatch(/\n\s+at /);
  });
});
