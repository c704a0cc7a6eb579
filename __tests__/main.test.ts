/**
 * main.ts end to end, as a child process: the real entry point writes cdktf.out, and bad input
 * exits non-zero with a clear message while the previous output stays untouched.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const root = path.join(__dirname, "..");

function runMain(outdir: string, env: Record<string, string>, preload: string[] = []) {
  return spawnSync(process.execPath, ["-r", "./lib/register.js", ...preload.flatMap((p) => ["-r", p]), "main.ts"], {
    cwd: root,
    env: { PATH: process.env.PATH, CDKTF_OUTDIR: outdir, ...env },
    encoding: "utf8",
  });
}

function snapshotDir(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const full = path.join(entry.parentPath, entry.name);
      out[path.relative(dir, full)] = fs.readFileSync(full, "utf8");
    }
  }
  return out;
}

/** Removes an output: the link and the directory it points to. */
function removeOutput(out: string): void {
  fs.rmSync(fs.realpathSync(out), { recursive: true });
  fs.rmSync(out, { recursive: true, force: true });
}

describe("main", () => {
  let tmp: string;
  let outdir: string;
  let firstRun: Record<string, string>;
  let firstStdout: string;

  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "platform-main-"));
    outdir = path.join(tmp, "cdktf.out");
    const result = runMain(outdir, {});
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    firstRun = snapshotDir(outdir);
    firstStdout = result.stdout;
  });

  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  /** What is in tmp besides cdktf.out and the directory it resolves to. */
  const besideOutput = () => fs.readdirSync(tmp).filter((n) => n !== "cdktf.out" && n !== path.basename(fs.realpathSync(outdir)));

  it("makes the directories above CDKTF_OUTDIR that do not exist yet", () => {
    const other = path.join(tmp, "new", "deeper", "cdktf.out");
    const result = runMain(other, { PLATFORM_STACKS: "dev" });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(fs.readFileSync(path.join(other, "stacks", "dev", "cdk.tf.json"), "utf8")).toBe(firstRun[path.join("stacks", "dev", "cdk.tf.json")]);
    fs.rmSync(path.join(tmp, "new"), { recursive: true });
  });

  it("writes all four stacks and a manifest", () => {
    for (const stack of ["dev", "staging", "prod", "dr"]) {
      expect(Object.keys(firstRun)).toContain(path.join("stacks", stack, "cdk.tf.json"));
    }
    expect(Object.keys(firstRun)).toContain("manifest.json");
  });

  it.each(["dev", "staging", "prod", "dr"])("prints %s's policy result and every suppression with its reason", (stack) => {
    expect(firstStdout).toContain(`bizsocials/${stack}: policy passed`);
    expect(firstStdout).toContain(`[DO-FW-2] ${stack}: ${stack}/compute/firewall/firewall (3 findings) suppressed: Droplets must reach apt mirrors`);
  });

  it("writes identical bytes on a second run", () => {
    expect(runMain(outdir, {}).status).toBe(0);
    expect(snapshotDir(outdir)).toEqual(firstRun);
    expect(besideOutput()).toEqual([]); // no staging directories left behind
  });

  it("needs no terraform on PATH (cdktf's DataResource ran `terraform version` while synthesizing)", () => {
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), "platform-node-only-"));
    fs.symlinkSync(process.execPath, path.join(bin, "node"));
    try {
      const other = path.join(tmp, "no-terraform.out");
      const result = spawnSync(process.execPath, ["-r", "./lib/register.js", "main.ts"], { cwd: root, env: { PATH: bin, CDKTF_OUTDIR: other }, encoding: "utf8" });
      expect(result.stderr).toBe("");
      expect(result.status).toBe(0);
      expect(fs.readFileSync(path.join(other, "stacks", "prod", "cdk.tf.json"), "utf8")).toBe(firstRun[path.join("stacks", "prod", "cdk.tf.json")]);
      removeOutput(other);
    } finally {
      fs.rmSync(bin, { recursive: true, force: true });
    }
  });

  it("writes the bootstrap stack only when it is named, and its policy line", () => {
    expect(Object.keys(firstRun).some((f) => f.includes("bootstrap"))).toBe(false);
    const other = path.join(tmp, "bootstrap.out");
    const result = runMain(other, { PLATFORM_STACKS: "bootstrap" });
    expect(result.status).toBe(0);
    expect(fs.readdirSync(path.join(other, "stacks"))).toEqual(["bootstrap"]);
    expect(result.stdout).toContain("bizsocials/bootstrap: policy passed");
    removeOutput(other);
  });

  it("synthesizes failover mode when asked", () => {
    const other = path.join(tmp, "failover.out");
    const result = runMain(other, { PLATFORM_STACKS: "prod,dr", PLATFORM_DR_MODE: "failover", PLATFORM_DR_PROMOTED_CLUSTER: "bizsocials-dr-mysql-replica" });
    expect(result.status).toBe(0);
    const dr = JSON.parse(fs.readFileSync(path.join(other, "stacks", "dr", "cdk.tf.json"), "utf8"));
    expect(dr.removed).toHaveLength(1);
    expect(dr["//"].platform.drMode).toBe("failover");
    removeOutput(other);
  });

  it("selects stacks and the growth profile from the environment", () => {
    const other = path.join(tmp, "growth.out");
    const result = runMain(other, { PLATFORM_STACKS: "prod", PLATFORM_PROD_PROFILE: "growth" });
    expect(result.status).toBe(0);
    expect(fs.readdirSync(path.join(other, "stacks"))).toEqual(["prod"]);
    const prod = JSON.parse(fs.readFileSync(path.join(other, "stacks", "prod", "cdk.tf.json"), "utf8"));
    const sizes = Object.values(prod.resource.digitalocean_droplet as Record<string, { name: string; size: string }>)
      .filter((d) => d.name.includes("-app-"))
      .map((d) => d.size);
    expect(sizes).toEqual(["s-2vcpu-4gb", "s-2vcpu-4gb", "s-2vcpu-4gb", "s-2vcpu-4gb"]);
    removeOutput(other);
  });

  it("reports a policy violation: non-zero exit, rule id, stack, path, value and fix, previous output untouched", () => {
    const result = runMain(outdir, {}, ["./__tests__/fixtures/over-budget.ts"]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("Policy check failed (1 problem; nothing was written)");
    expect(result.stderr).toContain("[DO-COST-1] staging: staging (stack) monthly estimate = 77: $77.00/month is over the budget of $1.00");
    expect(result.stderr).toContain("Fix: ");
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(snapshotDir(outdir)).toEqual(firstRun);
    expect(besideOutput()).toEqual([]);
  });

  it.each([
    ["an unknown stack", { PLATFORM_STACKS: "dev,qa" }, 'selection: stack name = "qa" (from PLATFORM_STACKS="dev,qa")', "allowed: dev, staging, prod, dr"],
    ["a stack named twice", { PLATFORM_STACKS: "prod,prod" }, 'selection: stack name = "prod" (from PLATFORM_STACKS="prod,prod")', "allowed: each stack named once"],
    ["an empty PLATFORM_STACKS", { PLATFORM_STACKS: "" }, 'selection: PLATFORM_STACKS = "" is not allowed', "unset PLATFORM_STACKS to select dev, staging, prod, dr"],
    ["an unknown profile", { PLATFORM_PROD_PROFILE: "scale" }, 'prod: profile = "scale" (from PLATFORM_PROD_PROFILE)', "allowed: launch, growth"],
    ["a state region without Spaces", { PLATFORM_STATE_REGION: "nyc1" }, 'state backend: region = "nyc1" (from PLATFORM_STATE_REGION)', "allowed: a region with Spaces"],
    ["a malformed state bucket prefix", { PLATFORM_STATE_BUCKET_PREFIX: "Acme_State" }, 'state backend: bucket prod = "Acme_State-prod" (from PLATFORM_STATE_BUCKET_PREFIX="Acme_State")', "allowed: a Spaces bucket name"],
    ["the retired single state bucket", { PLATFORM_STATE_BUCKET: "acme-tfstate" }, 'selection: PLATFORM_STATE_BUCKET = "acme-tfstate"', "set PLATFORM_STATE_BUCKET_PREFIX"],
    ["an unknown preset", { PLATFORM_PRESET: "mastodon" }, 'selection: PLATFORM_PRESET = "mastodon"', "allowed: bizsocials, quickcart, freshtrack, bulletdrop, themesystem"],
    ["App Platform for a preset without that variant", { PLATFORM_PRESET: "quickcart", PLATFORM_COMPUTE: "app-platform" }, 'selection: PLATFORM_COMPUTE = "app-platform"', "allowed: droplets (quickcart has no app-platform variant)"],
    ["an unknown DR mode", { PLATFORM_DR_MODE: "active" }, 'selection: PLATFORM_DR_MODE = "active"', "allowed: standby, failover"],
    ["failover without the promoted cluster's name", { PLATFORM_DR_MODE: "failover" }, "selection: PLATFORM_DR_PROMOTED_CLUSTER is unset", "set with PLATFORM_DR_MODE=failover"],
    ["a promoted cluster given by id", { PLATFORM_DR_MODE: "failover", PLATFORM_DR_PROMOTED_CLUSTER: "9cc10173-e9ea-4176-9dbc-a4cee4c4ff30" }, 'selection: PLATFORM_DR_PROMOTED_CLUSTER = "9cc10173-e9ea-4176-9dbc-a4cee4c4ff30"', "Not its id"],
    ["a promoted cluster in standby mode", { PLATFORM_DR_PROMOTED_CLUSTER: "bizsocials-dr-mysql-replica" }, 'selection: PLATFORM_DR_PROMOTED_CLUSTER = "bizsocials-dr-mysql-replica"', "unset in standby mode"],
    ["state in prod's region", { PLATFORM_STATE_REGION: "nyc3" }, 'state backend: region (PLATFORM_STATE_REGION overrides it) = "nyc3"', "other than prod's nyc3"],
    ["failover on a preset whose dr cannot take over", { PLATFORM_PRESET: "freshtrack", PLATFORM_DR_MODE: "failover" }, 'selection: PLATFORM_DR_MODE = "failover"', "freshtrack's dr holds a replica but no load balancer"],
    ["a container image without a tag", { PLATFORM_PRESET: "quickcart" }, 'platform: runtime.image = "ghcr.io/quickcart/app"', "a version tag"],
  ])("rejects %s: non-zero exit, clear message, previous output untouched", (_name, env, where, allowed) => {
    const preload = where.startsWith("platform: runtime.image") ? ["./__tests__/fixtures/untagged-image.ts"] : [];
    const result = runMain(outdir, env, preload);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(where);
    expect(result.stderr).toContain(allowed);
    expect(result.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
    expect(snapshotDir(outdir)).toEqual(firstRun);
    expect(besideOutput()).toEqual([]);
  });
});
