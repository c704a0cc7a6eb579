/**
 * `npm run deploy` end to end, with stub ssh and terraform: the calls each Droplet gets, in order,
 * with their stdin; a failure stopping the rollout; every refusal before any ssh call; and no
 * setting value ever printed.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as zlib from "node:zlib";
import { PRESETS } from "../../config/presets";
import { runtimeOf } from "../../runtimes";
import type { InfraSettings, RuntimeConfig } from "../../runtimes/types";
import { outputsOf, Sandbox, type Call, type Outputs, type Result } from "./harness";

const box = new Sandbox();
afterAll(() => box.cleanup());

const biz = outputsOf("bizsocials", "prod");
const quickcart = outputsOf("quickcart", "prod");
const bulletdrop = outputsOf("bulletdrop", "prod");
const bizOutputs = box.outputs(biz, "bizsocials-prod.json");
const quickcartOutputs = box.outputs(quickcart, "quickcart-prod.json");
const bulletdropOutputs = box.outputs(bulletdrop, "bulletdrop-prod.json");

const archive = box.file("builds/bizsocials-2024.11.3.tar.gz", zlib.gzipSync(Buffer.from("a tar of the app root, in the test's imagination\n".repeat(50))));
const secrets = { APP_KEY: "base64:c2VjcmV0LWFwcC1rZXktZm9yLXRlc3Rz", DO_SPACES_KEY: "DO00FIXTUREKEY", DO_SPACES_SECRET: "fixture secret with $pace #and 'quotes\"" };
const envFile = box.file(
  "secrets.env",
  `# the app's own secrets\n\nAPP_KEY=${secrets.APP_KEY}\nDO_SPACES_KEY="${secrets.DO_SPACES_KEY}"\nDO_SPACES_SECRET=${secrets.DO_SPACES_SECRET}\n`,
);
/** Values that must never be printed. */
const SECRETS = [
  biz.app_settings!.value.database.password,
  biz.app_settings!.value.cache.password,
  quickcart.app_settings!.value.database.password,
  quickcart.app_settings!.value.extra_databases.audit.password,
  bulletdrop.app_settings!.value.database.password,
  secrets.APP_KEY,
  secrets.DO_SPACES_SECRET,
];

function runtimeSettings(config: RuntimeConfig, infra: InfraSettings) {
  const runtime = runtimeOf(config);
  return { settings: runtime.settings(config, infra, config.kind === "laravel" ? "bizsocials" : "app"), render: runtime.renderSettings };
}

const ip = (outputs: Outputs, server: string): string => outputs.app_servers!.value[server].ipv4_address;
/** The ssh calls of a run, without the protocol checks and the database CA's (checked on their own below). */
const ssh = (r: { calls: Call[] }) => r.calls.filter((c) => c.tool === "ssh" && c.remote?.[2] !== "ca" && c.remote?.[2] !== "status");
const caCalls = (r: { calls: Call[] }) => r.calls.filter((c) => c.tool === "ssh" && c.remote?.[2] === "ca");
/** `host subcommand` of each ssh call: the rollout's order at a glance. */
const order = (r: { calls: Call[] }) => ssh(r).map((c) => `${c.destination} ${c.remote![2]}`);

describe("laravel (bizsocials), first deploy of a release", () => {
  let result: Result;
  beforeAll(async () => {
    result = await box.run(["prod", "--release", archive, "--version", "2024.11.3", "--env-file", envFile, "--outputs", bizOutputs]);
  });
  const servers = ["bizsocials-prod-app-1", "bizsocials-prod-app-2", "bizsocials-prod-worker-1"];

  it("succeeds and reports one line per server and step, then a summary", () => {
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^bizsocials-prod-app-1 +settings +ok$/m);
    expect(result.stdout).toMatch(/^bizsocials-prod-app-1 +release 2024\.11\.3 +ok$/m);
    expect(result.stdout).toMatch(/^bizsocials-prod-app-1 +activate \(web\) \+ migrate +ok$/m);
    expect(result.stdout).toMatch(/^bizsocials-prod-worker-1 +activate \(worker, scheduler\) +ok$/m);
    expect(result.stdout).toContain("done: 2024.11.3 is live on 3 servers of bizsocials prod");
  });

  it("calls each server in name order: settings, release, activate", () => {
    expect(order(result)).toEqual(servers.flatMap((s) => ["env", "release", "activate"].map((step) => `deploy@${ip(biz, s)} ${step}`)));
  });

  it("sends each server the database's CA first (mysqlnd verifies against it), as PEM on stdin", () => {
    const all = result.calls.filter((c) => c.tool === "ssh");
    expect(caCalls(result)).toHaveLength(servers.length);
    for (const server of servers) {
      const mine = all.filter((c) => c.destination === `deploy@${ip(biz, server)}`);
      // After the protocol check, before anything else.
      expect(mine.slice(0, 2).map((c) => c.remote!.slice(2))).toEqual([["status"], ["ca"]]);
      expect(mine[1]!.stdin.toString("utf8")).toBe(biz.app_settings!.value.database.ca_certificate);
    }
    expect(String(biz.app_settings!.value.database.ca_certificate)).toMatch(/^-----BEGIN CERTIFICATE-----/);
  });

  it("runs the deploy command through sudo with the default ssh options", () => {
    const first = ssh(result)[0]!;
    expect(first.argv).toEqual([
      "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=accept-new", "-o", "ConnectTimeout=15",
      `deploy@${ip(biz, servers[0]!)}`,
      "sudo /usr/local/sbin/bizsocials-deploy env",
    ]);
  });

  it("sends the rendered settings (the stack's and the secrets file's) on the stdin of env", () => {
    const { settings, render } = runtimeSettings(PRESETS.bizsocials.platform.runtime, biz.app_settings!.value);
    const expected = render({ ...settings, ...secrets });
    for (const call of ssh(result).filter((c) => c.remote![2] === "env")) expect(call.stdin.toString("utf8")).toBe(expected);
    expect(expected).toContain(`DB_PASSWORD=${biz.app_settings!.value.database.password}\n`);
  });

  it("streams the archive's bytes to release VERSION, and nothing to activate", () => {
    for (const call of ssh(result).filter((c) => c.remote![2] === "release")) {
      expect(call.remote).toEqual(["sudo", "/usr/local/sbin/bizsocials-deploy", "release", "2024.11.3"]);
      expect(call.stdin.equals(fs.readFileSync(archive))).toBe(true);
    }
    for (const call of ssh(result).filter((c) => c.remote![2] === "activate")) expect(call.stdin.length).toBe(0);
  });

  it("migrates on the first server only, and gives each server its roles from app_servers", () => {
    const activates = ssh(result).filter((c) => c.remote![2] === "activate").map((c) => c.remote!.slice(3).join(" "));
    expect(activates).toEqual(["2024.11.3 --roles web --migrate", "2024.11.3 --roles web", "2024.11.3 --roles worker,scheduler"]);
  });

  it("takes the version from the file name when --version is not given", async () => {
    const r = await box.run(["prod", "--release", archive, "--env-file", envFile, "--outputs", bizOutputs, "--only", "bizsocials-prod-app-1"]);
    expect(r.status).toBe(0);
    expect(order(r)).toHaveLength(3);
    expect(ssh(r)[1]!.remote!.slice(2)).toEqual(["release", "bizsocials-2024.11.3"]);
  });
});

const QUICKCART = { PLATFORM_PRESET: "quickcart" };

describe("container (quickcart)", () => {
  it("puts a tag alone on the preset's image repository and sends no archive", async () => {
    const r = await box.run(["prod", "--release", "1.4.3", "--outputs", quickcartOutputs], QUICKCART);
    expect(r.status).toBe(0);
    const image = "ghcr.io/quickcart/app:1.4.3";
    expect(ssh(r).map((c) => c.remote!.slice(2).join(" "))).toEqual([
      "env", `release ${image}`, `activate ${image} --roles web --migrate`,
      "env", `release ${image}`, `activate ${image} --roles web`,
    ]);
    for (const call of ssh(r).filter((c) => c.remote![2] !== "env")) expect(call.stdin.length).toBe(0);
    expect(r.stdout).toMatch(/^quickcart-prod-app-1 +release ghcr\.io\/quickcart\/app:1\.4\.3 +ok$/m);
  });

  it("sends compose env_file settings with the extra database's URL", async () => {
    const r = await box.run(["prod", "--release", "ghcr.io/quickcart/app@sha256:" + "a".repeat(64), "--outputs", quickcartOutputs, "--only", "quickcart-prod-app-2"], QUICKCART);
    expect(r.status).toBe(0);
    const { settings, render } = runtimeSettings(PRESETS.quickcart.platform.runtime, quickcart.app_settings!.value);
    expect(ssh(r)[0]!.stdin.toString("utf8")).toBe(render(settings));
    expect(Object.keys(settings)).toContain("AUDIT_DATABASE_URL");
    expect(ssh(r)[1]!.remote!.slice(2)).toEqual(["release", "ghcr.io/quickcart/app@sha256:" + "a".repeat(64)]);
  });

  it.each([
    ["--version", ["--release", "1.4.3", "--version", "1.4.3"], "no --version for the container runtime"],
    ["latest", ["--release", "latest"], 'deploy: --release = "latest"'],
    ["an image tagged latest", ["--release", "ghcr.io/quickcart/app:latest"], 'deploy: --release = "ghcr.io/quickcart/app:latest"'],
    ["an image without tag", ["--release", "ghcr.io/quickcart/app"], "an image with a tag or digest"],
  ])("refuses %s before any call", async (_name, args, message) => {
    const r = await box.run(["prod", ...args, "--outputs", quickcartOutputs], QUICKCART);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(message);
    expect(r.calls).toEqual([]);
  });
});

describe("python (bulletdrop)", () => {
  it("streams the archive, migrates on the first server, and sends a systemd EnvironmentFile", async () => {
    const release = box.file("bulletdrop-2024.11.3.tgz", zlib.gzipSync(Buffer.from("python release")));
    const r = await box.run(["prod", "--release", release, "--outputs", bulletdropOutputs], { PLATFORM_PRESET: "bulletdrop" });
    expect(r.status).toBe(0);
    expect(ssh(r).map((c) => c.remote!.join(" "))).toEqual([
      "sudo /usr/local/sbin/bulletdrop-deploy env",
      "sudo /usr/local/sbin/bulletdrop-deploy release bulletdrop-2024.11.3",
      "sudo /usr/local/sbin/bulletdrop-deploy activate bulletdrop-2024.11.3 --roles web --migrate",
    ]);
    const { settings, render } = runtimeSettings(PRESETS.bulletdrop.platform.runtime, bulletdrop.app_settings!.value);
    expect(ssh(r)[0]!.stdin.toString("utf8")).toBe(render(settings));
    expect(ssh(r)[1]!.stdin.equals(fs.readFileSync(release))).toBe(true);
  });
});

describe("redeploy (no --release)", () => {
  it("pushes settings and roles and activates the live release again, without migrating", async () => {
    const r = await box.run(["prod", "--env-file", envFile, "--outputs", bizOutputs]);
    expect(r.status).toBe(0);
    expect(ssh(r).map((c) => c.remote!.slice(2).join(" "))).toEqual(["env", "activate --roles web", "env", "activate --roles web", "env", "activate --roles worker,scheduler"]);
    expect(r.stdout).toContain("done: settings and roles pushed, the live release activated again on 3 servers");
  });

  it("gives a server without roles --roles none", async () => {
    const outputs = structuredClone(biz);
    outputs.app_servers!.value["bizsocials-prod-worker-1"].roles = [];
    const r = await box.run(["prod", "--env-file", envFile, "--outputs", box.outputs(outputs, "no-roles.json"), "--only", "bizsocials-prod-worker-1"]);
    expect(r.status).toBe(0);
    expect(ssh(r)[1]!.remote!.slice(2)).toEqual(["activate", "--roles", "none"]);
    expect(r.stdout).toMatch(/activate \(no roles\) +ok/);
  });

  it("--version alone activates a release the Droplets hold (going back), without upload or migration", async () => {
    const r = await box.run(["prod", "--version", "2024.11.2", "--env-file", envFile, "--outputs", bizOutputs, "--only", "bizsocials-prod-app-1"]);
    expect(r.status).toBe(0);
    expect(ssh(r).map((c) => c.remote!.slice(2).join(" "))).toEqual(["env", "activate 2024.11.2 --roles web"]);
  });
});

describe("--only", () => {
  it("deploys to the named servers only, in name order, migrating on the first of them", async () => {
    const r = await box.run(["prod", "--release", archive, "--env-file", envFile, "--outputs", bizOutputs, "--only", "bizsocials-prod-worker-1", "--only", "bizsocials-prod-app-2"]);
    expect(r.status).toBe(0);
    expect(order(r)).toEqual([
      ...["env", "release", "activate"].map((s) => `deploy@${ip(biz, "bizsocials-prod-app-2")} ${s}`),
      ...["env", "release", "activate"].map((s) => `deploy@${ip(biz, "bizsocials-prod-worker-1")} ${s}`),
    ]);
    expect(ssh(r)[2]!.remote).toContain("--migrate");
    expect(ssh(r)[5]!.remote).not.toContain("--migrate");
  });
});

describe("a failing step", () => {
  const app2 = `deploy@${ip(biz, "bizsocials-prod-app-2")}`;
  const password = biz.app_settings!.value.database.password;

  it("stops the rollout at once: the third server is never called, exit 1, server and step named", async () => {
    const r = await box.run(["prod", "--release", archive, "--version", "2024.11.3", "--env-file", envFile, "--outputs", bizOutputs], {
      STUB_SSH_FAIL: `${app2} activate`,
      // What the Droplet prints back is shown, with setting values masked.
      STUB_SSH_FAIL_OUTPUT: `bizsocials-deploy: SQLSTATE[28000] Access denied (password ${password})\nbizsocials-deploy: http://127.0.0.1/up did not answer 200 within 60 s`,
    });
    expect(r.status).toBe(1);
    expect(order(r)).toEqual([
      ...["env", "release", "activate"].map((s) => `deploy@${ip(biz, "bizsocials-prod-app-1")} ${s}`),
      ...["env", "release", "activate"].map((s) => `${app2} ${s}`),
    ]);
    expect(r.stdout).toMatch(/^bizsocials-prod-app-2 +activate \(web\) +FAILED$/m);
    expect(r.stderr).toContain("deploy stopped: bizsocials-prod-app-2 failed at step activate (web): exit 1");
    expect(r.stderr).toContain("    bizsocials-deploy: http://127.0.0.1/up did not answer 200 within 60 s");
    expect(r.stderr).toContain("(password ***)");
    expect(r.stderr).toContain("2024.11.3 is live on: bizsocials-prod-app-1");
    expect(r.stderr).toContain("left on their previous release: bizsocials-prod-worker-1");
    expect(r.stderr).toContain("npm run deploy -- prod --version <previous>");
    expect(r.stdout).not.toContain("done:");
  });

  it("at release, counts the failed server among those left on their previous release", async () => {
    const r = await box.run(["prod", "--release", archive, "--env-file", envFile, "--outputs", bizOutputs], { STUB_SSH_FAIL: `${app2} release` });
    expect(r.status).toBe(1);
    expect(order(r).at(-1)).toBe(`${app2} release`);
    expect(r.stderr).toContain("deploy stopped: bizsocials-prod-app-2 failed at step release bizsocials-2024.11.3: exit 1");
    expect(r.stderr).toContain("left on their previous release: bizsocials-prod-app-2, bizsocials-prod-worker-1");
  });
});

describe("a Droplet whose deploy command speaks another protocol", () => {
  it.each([
    ["made before the protocol (no protocol line)", "none", /bizsocials-prod-app-1 runs deploy command protocol 1 \(it prints no protocol: it was made before protocol 2\) .*roll this Droplet/],
    ["made by a newer checkout", "99", /bizsocials-prod-app-1 runs deploy command protocol 99 .*update this checkout \(git pull\)/],
  ])("%s: stops at its protocol check, nothing sent anywhere, exit 1", async (_name, protocol, message) => {
    const r = await box.run(["prod", "--release", archive, "--env-file", envFile, "--outputs", bizOutputs], { STUB_PROTOCOL: protocol });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^bizsocials-prod-app-1 +deploy command +FAILED$/m);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain("left on their previous release: bizsocials-prod-app-1, bizsocials-prod-app-2, bizsocials-prod-worker-1");
    // Only the status call was made: no settings, CA or release reached the old command.
    expect(r.calls.filter((c) => c.tool === "ssh").map((c) => c.remote!.slice(2).join(" "))).toEqual(["status"]);
  });
});

describe("refused before any ssh call, exit 1", () => {
  const notGzip = box.file("release.tar.gz", "not gzip");
  it.each([
    ["an unknown stack", ["qa", "--outputs", bizOutputs], {}, 'deploy: stack = "qa" is not allowed; allowed: dev, staging, prod, dr'],
    ["no stack", ["--outputs", bizOutputs], {}, "deploy: stack = null"],
    ["an unknown --only", ["prod", "--only", "bizsocials-prod-app-9", "--outputs", bizOutputs], {}, 'deploy: --only = "bizsocials-prod-app-9" is not allowed; allowed: bizsocials-prod-app-1, bizsocials-prod-app-2, bizsocials-prod-worker-1'],
    ["a missing release file", ["prod", "--release", "/nonexistent/r.tar.gz", "--outputs", bizOutputs], {}, 'deploy: --release = "/nonexistent/r.tar.gz" is not allowed; allowed: an existing .tar.gz'],
    ["a release that is not gzip", ["prod", "--release", notGzip, "--outputs", bizOutputs], {}, "this file does not start with gzip's magic bytes"],
    ["a bad version", ["prod", "--release", archive, "--version", "1.0/../x", "--outputs", bizOutputs], {}, 'deploy: --version = "1.0/../x" is not allowed'],
    ["version latest", ["prod", "--release", archive, "--version", "latest", "--outputs", bizOutputs], {}, 'deploy: --version = "latest" is not allowed'],
    ["a missing --outputs file", ["prod", "--outputs", "/nonexistent/outputs.json"], {}, 'deploy: --outputs = "/nonexistent/outputs.json"'],
    ["outputs without app_settings", ["prod", "--outputs", box.file("empty.json", "{}")], {}, "has no app_settings and app_servers output: apply the stack first (npx cdktf deploy prod)"],
    ["another stack's outputs", ["dr", "--outputs", bizOutputs], {}, "app_servers.bizsocials-prod-app-1: not a Droplet of this stack (its names start with bizsocials-dr-)"],
    ["another preset's outputs", ["prod", "--outputs", bizOutputs], { PLATFORM_PRESET: "quickcart" }, "its names start with quickcart-prod-"],
    ["an unknown preset", ["prod", "--outputs", bizOutputs], { PLATFORM_PRESET: "nope" }, 'PLATFORM_PRESET = "nope"'],
    ["an unknown flag", ["prod", "--force"], {}, "Unknown option '--force'"],
  ])("%s", async (_name, args, env, message) => {
    const r = await box.run(args, env);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.calls.filter((c) => c.tool === "ssh")).toEqual([]);
  });

  it("a missing --env-file after --, which keeps Node from reading it: our message, exit 1 (as a real process)", async () => {
    // package.json ends the command with `--`, as `npm run deploy -- prod …` then passes it.
    const r = box.runChild(["prod", "--env-file", "/nonexistent/secrets.env", "--outputs", bizOutputs]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('deploy: --env-file = "/nonexistent/secrets.env" is not allowed; allowed: a readable file');
    expect(r.calls).toEqual([]);
  });

  it("a key of the secrets file that the stack's settings already define, naming every such key", async () => {
    const clash = box.file("clash.env", `APP_KEY=x\nDB_PASSWORD=mine\nREDIS_HOST=elsewhere\n`);
    const r = await box.run(["prod", "--env-file", clash, "--outputs", bizOutputs]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('deploy: --env-file key = "DB_PASSWORD" is not allowed');
    expect(r.stderr).toContain('deploy: --env-file key = "REDIS_HOST" is not allowed');
    expect(r.stderr).not.toContain("mine");
    expect(r.calls).toEqual([]);
  });

  it("a malformed secrets file line, by line number and never its contents", async () => {
    const bad = box.file("bad.env", "APP_KEY=fine\nthis line holds hunter2-secret\n");
    const r = await box.run(["prod", "--env-file", bad, "--outputs", bizOutputs]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`deploy: --env-file = "${bad}:2" is not allowed`);
    expect(r.stderr).not.toContain("hunter2");
    expect(r.calls).toEqual([]);
  });

  it("a secret the container runtime's env_file cannot carry, by key", async () => {
    const quote = box.file("quote.env", "SESSION_SECRET=it's-secret\n");
    const r = await box.run(["prod", "--env-file", quote, "--release", "1.4.3", "--outputs", quickcartOutputs], QUICKCART);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("the settings cannot be written for the container runtime: setting SESSION_SECRET holds a single quote");
    expect(r.stderr).not.toContain("it's-secret");
    expect(r.calls).toEqual([]);
  });
});

describe("terraform outputs (no --outputs)", () => {
  const outdir = box.file("cdktf.out/stacks/prod/cdk.tf.json", "{}").replace(/\/stacks\/prod\/cdk\.tf\.json$/, "");

  it("runs terraform output -json in the stack's synthesized directory", async () => {
    const r = await box.run(["prod", "--env-file", envFile, "--dry-run"], { CDKTF_OUTDIR: outdir, STUB_TERRAFORM_OUTPUTS: bizOutputs });
    expect(r.status).toBe(0);
    expect(r.calls.map((c) => [c.tool, ...c.argv])).toEqual([["terraform", `-chdir=${outdir}/stacks/prod`, "output", "-no-color", "-json"]]);
  });

  it("a failing terraform: its error whole (the cause too), without colours, and what to do; exit 1", async () => {
    // What Terraform 1.11.4 printed, in colour, in a stack directory never initialized (no state).
    const fixture = (name: string) => path.join(__dirname, "..", "fixtures", "terraform-output", name);
    const r = await box.run(["prod", "--env-file", envFile], { CDKTF_OUTDIR: outdir, STUB_TERRAFORM_FAIL: fixture("output-backend-required.stderr") });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`terraform output failed in ${outdir}/stacks/prod (exit 1)`);
    expect(r.stderr).not.toMatch(/[\x1b│╷╵]/);
    expect(r.stderr).toMatch(/^ {4}Error: Backend initialization required, please run "terraform init"$/m);
    expect(r.stderr).toMatch(/^ {4}Reason: Initial configuration of the requested backend "s3"$/m);
    // All of it, word for word, as Terraform words it without colour (which it wraps differently).
    const words = (text: string) => text.trim().split(/\s+/).join(" ");
    expect(words(r.stderr)).toContain(words(fs.readFileSync(fixture("output-backend-required-no-color.stderr"), "utf8")));
    expect(r.stderr).toContain("apply the stack first (npx cdktf deploy prod)");
    expect(ssh(r)).toEqual([]);
  });

  it("a stack that was never synthesized", async () => {
    const r = await box.run(["staging"], { CDKTF_OUTDIR: outdir });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`no synthesized stack in ${outdir}/stacks/staging: run npm run synth, then terraform init`);
    expect(r.calls).toEqual([]);
  });
});

describe("--dry-run", () => {
  it("prints the exact ssh command lines and the settings' names, and runs nothing", async () => {
    // As a real process, the way package.json runs it.
    const r = box.runChild(["prod", "--release", archive, "--version", "2024.11.3", "--env-file", envFile, "--outputs", bizOutputs, "--dry-run", "--ssh-user", "ci", "--ssh-option", "UserKnownHostsFile=/etc/ci/known_hosts"]);
    expect(r.status).toBe(0);
    expect(r.calls).toEqual([]);
    const opts = "-o UserKnownHostsFile=/etc/ci/known_hosts -o BatchMode=yes -o StrictHostKeyChecking=accept-new -o ConnectTimeout=15";
    const at = `ci@${ip(biz, "bizsocials-prod-app-1")}`;
    expect(r.stdout).toContain(`ssh ${opts} ${at} 'sudo /usr/local/sbin/bizsocials-deploy env'  # stdin: the settings (`);
    expect(r.stdout).toContain(`ssh ${opts} ${at} 'sudo /usr/local/sbin/bizsocials-deploy release 2024.11.3'  # stdin: ${archive}\n`);
    expect(r.stdout).toContain(`ssh ${opts} ${at} 'sudo /usr/local/sbin/bizsocials-deploy activate 2024.11.3 --roles web --migrate'\n`);
    expect(r.stdout).toContain(`'sudo /usr/local/sbin/bizsocials-deploy activate 2024.11.3 --roles worker,scheduler'\n`);
    expect(r.stdout).toMatch(/^settings: \d+ keys \(\d+ from the stack's app_settings, 3 from .*secrets\.env\): .*APP_KEY, .*DB_PASSWORD, .*DO_SPACES_SECRET/m);
  });
});

it("warns that a deploy without --env-file leaves the app without its own secrets", async () => {
  const r = await box.run(["prod", "--outputs", bizOutputs, "--dry-run"]);
  expect(r.status).toBe(0);
  expect(r.stderr).toContain("warning: no --env-file");
});

// Last: every run above, successful or not, is in Sandbox.printed.
it("never prints a setting value: passwords and secrets appear in no run's stdout or stderr", () => {
  const printed = Sandbox.printed.join("\n");
  expect(printed.length).toBeGreaterThan(1000);
  for (const secret of SECRETS) expect(printed).not.toContain(secret);
});
