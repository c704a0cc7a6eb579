/**
 * The deploy command (`/usr/local/sbin/<app>-deploy`) as it behaves, not as it reads: each runtime's
 * real script, from its cloud-config, runs with bash in a sandbox (fixtures/deploy-script/sandbox.ts)
 * where only its BASE and ETC constants point elsewhere and whatever needs root or is absent (id,
 * chown, runuser, systemctl, supervisorctl, php, composer, docker, systemd-run, python3, curl, sleep)
 * is a stub that logs its argv. Needs bash and GNU coreutils/findutils/tar; no root, no network.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { PLATFORM } from "../../config/environments";
import { PRESETS } from "../../config/presets";
import { CONTAINER, hasTagOrDigest } from "../../runtimes/container";
import { DEPLOY_PROTOCOL } from "../../runtimes/deploy";
import { LARAVEL, PHP } from "../../runtimes/laravel";
import { PYTHON } from "../../runtimes/python";
import type { ContainerRuntimeConfig, DropletSpec, LaravelRuntimeConfig, PythonRuntimeConfig } from "../../runtimes/types";
import { disposeSandboxes, HEALTH_ATTEMPTS, Sandbox, type Call, type Run, type SandboxOptions } from "../fixtures/deploy-script/sandbox";

afterEach(disposeSandboxes);

// ---------------------------------------------------------------------------------------------
// Helpers

/** Fails with the script's stderr in the message when the exit code is not the expected one. */
function expectExit(run: Run, code: number): void {
  expect({ code: run.code, stderr: run.stderr }).toEqual({ code, stderr: expect.any(String) });
}

function succeeded(run: Run): Run {
  if (run.code !== 0) throw new Error(`the deploy command exited ${run.code}:\n${run.stderr}`);
  return run;
}

/** The calls as "program arg arg…", without id and cloud-init (every run asks them) and runuser (it runs what follows). */
function trace(run: Run): string[] {
  return run.calls.filter((c) => c.program !== "id" && c.program !== "cloud-init" && c.program !== "runuser").map((c) => [c.program, ...c.args].join(" "));
}

/** Each expected line (a RegExp, or a string that must equal the line) occurs, in this order. */
function expectInOrder(lines: readonly string[], expected: readonly (string | RegExp)[]): void {
  let from = 0;
  for (const want of expected) {
    const at = lines.findIndex((l, i) => i >= from && (typeof want === "string" ? l === want : want.test(l)));
    if (at < 0) throw new Error(`expected ${String(want)} after line ${from} of the calls:\n${lines.map((l, i) => `${i}: ${l}`).join("\n")}`);
    from = at + 1;
  }
}

function callsOf(run: Run, program: string): Call[] {
  return run.calls.filter((c) => c.program === program);
}

/** Where a health request goes: -H "Host: h" http://127.0.0.1/p, or --resolve h:80:127.0.0.1 http://h/p. */
function healthTarget(call: Call): { address: string; host: string; path: string } {
  const url = new URL(call.args.find((a) => /^https?:\/\//.test(a))!);
  const header = call.args.map((a, i) => (call.args[i - 1] === "-H" || call.args[i - 1] === "--header" ? /^Host:\s*(.+)$/i.exec(a)?.[1] : undefined)).find((h) => h !== undefined);
  const port = url.port || (url.protocol === "https:" ? "443" : "80");
  const resolved = call.args.map((a, i) => (call.args[i - 1] === "--resolve" && a.startsWith(`${url.hostname}:${port}:`) ? a.split(":")[2] : undefined)).find((r) => r !== undefined);
  return { address: header ? url.hostname : (resolved ?? url.hostname), host: header ?? url.hostname, path: url.pathname };
}

function read(file: string): string {
  return fs.readFileSync(file, "utf8");
}

function isLink(file: string): boolean {
  return fs.lstatSync(file, { throwIfNoEntry: false })?.isSymbolicLink() ?? false;
}

/** Sets a release directory's mtime as if it had been prepared `day` days after a fixed date. */
function preparedOnDay(dir: string, day: number): void {
  const t = 1_700_000_000 + day * 86_400;
  fs.utimesSync(dir, t, t);
}

// ---------------------------------------------------------------------------------------------
// Runtimes under test

const laravelConfig = PLATFORM.runtime as LaravelRuntimeConfig;
const laravelSpec = (web: boolean): DropletSpec => ({ app: "bizsocials", hostnames: ["app.bizsocials.io", "www.bizsocials.io"], tls: "load-balancer", web, databaseEngine: "mysql", queue: "redis" });
const FPM = `php${PHP}-fpm`;

function laravel(web = true, options: Partial<SandboxOptions> = {}): Sandbox {
  return new Sandbox("bizsocials", LARAVEL.cloudConfig(laravelConfig, laravelSpec(web)), { releases: "archive", watch: { under: "base", path: "current" }, ...options });
}

/** A Laravel app's root as CI packs it: vendor/ included, storage/ as in the repository. */
const LARAVEL_APP: Readonly<Record<string, string>> = {
  artisan: "#!/usr/bin/env php\n<?php\n",
  "vendor/autoload.php": "<?php\n",
  "public/index.php": "<?php\n",
  "bootstrap/app.php": "<?php\n",
  "storage/logs/from-the-archive.log": "shipped by mistake\n",
};

function withoutVendor(files: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(files).filter(([name]) => !name.startsWith("vendor/")));
}

function laravelRelease(s: Sandbox, version: string, files: Readonly<Record<string, string>> = LARAVEL_APP): Run {
  return s.run(["release", version], { input: s.archive(files) });
}

/** `release` then `activate` (all roles of a web Droplet), as a previous deploy left the Droplet. */
function laravelLive(s: Sandbox, version: string, roles = "web,worker,scheduler"): void {
  succeeded(laravelRelease(s, version));
  succeeded(s.run(["activate", version, "--roles", roles]));
}

const bulletdrop = PRESETS.bulletdrop.platform.runtime as PythonRuntimeConfig;
const bulletdropWithJobs: PythonRuntimeConfig = { ...bulletdrop, worker: { command: ["python", "-m", "app.worker"] }, scheduler: { command: ["python", "-m", "app.cron"] } };
const pythonSpec = (web: boolean): DropletSpec => ({ app: "bulletdrop", hostnames: ["shots.bulletdrop.com"], tls: "load-balancer", web, databaseEngine: "pg", queue: "database" });
const PYTHON_APP: Readonly<Record<string, string>> = {
  "requirements.txt": "gunicorn==22.0.0\nuvicorn[standard]==0.30.1\nalembic==1.13.2\n",
  "wheels/gunicorn-22.0.0-py3-none-any.whl": "",
  "app/main.py": "app = None\n",
};

function python(config: PythonRuntimeConfig = bulletdrop, web = true): Sandbox {
  return new Sandbox("bulletdrop", PYTHON.cloudConfig(config, pythonSpec(web)), { releases: "archive", watch: { under: "base", path: "current" } });
}

const quickcart = PRESETS.quickcart.platform.runtime as ContainerRuntimeConfig;
const quickcartWithJobs: ContainerRuntimeConfig = {
  ...quickcart,
  worker: { command: ["python", "-m", "app.worker"] },
  scheduler: { command: ["python", "-m", "app.cron"] },
  migrate: { command: ["alembic", "upgrade", "head"] },
};
const containerSpec = (web: boolean): DropletSpec => ({ app: "quickcart", hostnames: ["shop.quickcart.id"], tls: "load-balancer", web, databaseEngine: "pg", queue: "redis" });

function container(config: ContainerRuntimeConfig = quickcartWithJobs, web = true): Sandbox {
  return new Sandbox("quickcart", CONTAINER.cloudConfig(config, containerSpec(web)), { releases: "image", watch: { under: "etc", path: "release.env" } });
}

const IMAGE_1 = "ghcr.io/quickcart/app:1.0.0";
const IMAGE_2 = "ghcr.io/quickcart/app:1.1.0";

// ---------------------------------------------------------------------------------------------

describe("the sandbox", () => {
  it.each([
    ["laravel", () => laravel(), 4],
    ["python", () => python(), 3],
    ["container", () => container(), 2],
  ] as const)("%s: the copy differs from the generated command only in its directory constants and health attempts", (_kind, make, rewritten) => {
    const s = make();
    const before = s.original.split("\n");
    const after = read(s.script).split("\n");
    expect(after).toHaveLength(before.length);
    const changed = before.flatMap((line, i) => (line === after[i] ? [] : [line]));
    // laravel: BASE, ETC, SUPERVISOR_CONF_D; python: BASE, ETC; container: ETC; and HEALTH_ATTEMPTS in all.
    expect(changed).toHaveLength(rewritten);
    for (const line of changed) expect(line).toMatch(/^readonly ((BASE|ETC|SUPERVISOR_CONF_D)=\/|HEALTH_ATTEMPTS=30$)/);
  });
});

describe("laravel: env", () => {
  const SETTINGS = "# from npm run deploy\nAPP_ENV=production\nDB_PASSWORD=p4ss w0rd=\n\nREDIS_HOST=tls://cache.internal\n";

  it("writes exactly stdin to $ETC/app.env, for root and the app's group only, replacing what was there", () => {
    const s = laravel();
    fs.writeFileSync(path.join(s.etc, "app.env"), "OLD=1\n");
    const run = s.run(["env"], { input: SETTINGS });
    expectExit(run, 0);
    expect(read(path.join(s.etc, "app.env"))).toBe(SETTINGS);
    expect(fs.statSync(path.join(s.etc, "app.env")).mode & 0o777).toBe(0o640);
    expect(trace(run)).toEqual([expect.stringMatching(/^chown root:www-data <sandbox>\/etc\/bizsocials\/\.app\.env\.\w+$/)]);
    expect(run.stdout).toBe("bizsocials-deploy: settings replaced\n");
    expect(s.list(s.etc)).toEqual(["app.env", "supervisor"]);
  });

  it.each([
    ["empty stdin", "", "no settings on stdin"],
    ["a line without =", "APP_ENV=production\nDEBUG\n", "settings must be KEY=value lines"],
    ["export KEY=value", "export APP_ENV=production\n", "settings must be KEY=value lines"],
    ["an indented line", "  APP_ENV=production\n", "settings must be KEY=value lines"],
    ["a key starting with a digit", "1APP=x\n", "settings must be KEY=value lines"],
    ["a key with a dash", "APP-ENV=x\n", "settings must be KEY=value lines"],
  ])("refuses %s, keeps the settings it had and leaves no temporary file", (_what, input, message) => {
    const s = laravel();
    fs.writeFileSync(path.join(s.etc, "app.env"), "KEPT=1\n");
    const run = s.run(["env"], { input });
    expectExit(run, 1);
    expect(run.stderr).toBe(`bizsocials-deploy: ${message}\n`);
    expect(read(path.join(s.etc, "app.env"))).toBe("KEPT=1\n");
    expect(s.list(s.etc)).toEqual(["app.env", "supervisor"]);
    expect(callsOf(run, "chown")).toEqual([]);
  });
});

describe("laravel: ca", () => {
  const PEM = "-----BEGIN CERTIFICATE-----\nMIIEQTCCAqmgAwIBAgIUS\n-----END CERTIFICATE-----\n";

  it("writes exactly stdin to $ETC/database-ca.pem, readable by the app", () => {
    const s = laravel();
    const run = s.run(["ca"], { input: PEM });
    expectExit(run, 0);
    expect(read(path.join(s.etc, "database-ca.pem"))).toBe(PEM);
    expect(fs.statSync(path.join(s.etc, "database-ca.pem")).mode & 0o777).toBe(0o644);
  });

  it("refuses what is not a PEM certificate and leaves no temporary file", () => {
    const s = laravel();
    const run = s.run(["ca"], { input: "not a certificate\n" });
    expectExit(run, 1);
    expect(run.stderr).toBe("bizsocials-deploy: no PEM certificate on stdin\n");
    expect(s.list(s.etc).filter((n) => n.startsWith(".database-ca"))).toEqual([]);
  });
});

describe("laravel: release", () => {
  it("unpacks the archive into $BASE/releases/VERSION, links the shared storage and the settings, and marks it prepared", () => {
    const s = laravel();
    const run = laravelRelease(s, "2024.11.3");
    expectExit(run, 0);
    expect(run.stdout).toBe("bizsocials-deploy: release 2024.11.3 prepared\n");
    const dir = path.join(s.base, "releases/2024.11.3");
    expect(read(path.join(dir, "artisan"))).toBe(LARAVEL_APP.artisan);
    expect(read(path.join(dir, "public/index.php"))).toBe("<?php\n");
    // storage/ from the archive gives way to the shared one, which outlives releases.
    expect(isLink(path.join(dir, "storage"))).toBe(true);
    expect(fs.readlinkSync(path.join(dir, "storage"))).toBe(path.join(s.base, "shared/storage"));
    expect(fs.existsSync(path.join(s.base, "shared/storage/logs/from-the-archive.log"))).toBe(false);
    expect(fs.readlinkSync(path.join(dir, ".env"))).toBe(path.join(s.etc, "app.env"));
    expect(fs.existsSync(path.join(dir, ".prepared"))).toBe(true);
    // artisan optimize (as the app) writes bootstrap/cache.
    expect(fs.statSync(path.join(dir, "bootstrap/cache")).mode & 0o070).toBe(0o070);
    // Not live yet.
    expect(fs.existsSync(path.join(s.base, "current"))).toBe(false);
    // Root's and read-only for others; nothing of the archive runs (no composer here).
    expect(trace(run)).toContain("chown -R root:root <sandbox>/var/www/bizsocials/releases/2024.11.3");
    expect(callsOf(run, "composer")).toEqual([]);
  });

  it("refuses an archive without vendor/ (built in CI; composer's scripts would run as root here)", () => {
    const s = laravel();
    const run = laravelRelease(s, "1.0.0", withoutVendor(LARAVEL_APP));
    expectExit(run, 1);
    expect(run.stderr).toContain("the archive has no vendor/: build it in CI");
    expect(callsOf(run, "composer")).toEqual([]);
    expect(s.list("releases")).toEqual([]);
  });

  it("refuses an archive whose bootstrap/cache is a link (root would change what it points at)", () => {
    const s = laravel();
    const stage = fs.mkdtempSync(path.join(s.root, "links-"));
    fs.mkdirSync(path.join(stage, "bootstrap"), { recursive: true });
    for (const [name, content] of Object.entries(LARAVEL_APP)) {
      fs.mkdirSync(path.dirname(path.join(stage, name)), { recursive: true });
      fs.writeFileSync(path.join(stage, name), content);
    }
    fs.symlinkSync("/etc", path.join(stage, "bootstrap/cache"));
    const archive = spawnSync("tar", ["-czf", "-", "-C", stage, "."]).stdout;
    const run = s.run(["release", "1.0.0"], { input: archive });
    expectExit(run, 1);
    expect(run.stderr).toContain("bootstrap/ and bootstrap/cache must be directories, not links");
    expect(s.list("releases")).toEqual([]);
  });

  it.each([
    ["../x", "../x"],
    ["a path", "a/b"],
    ["a leading dot", ".hidden"],
    ["a leading dash", "-rf"],
    ["a space", "1.0 beta"],
    ["65 characters", "v".repeat(65)],
  ])("refuses a version with %s before reading the archive", (_what, version) => {
    const s = laravel();
    const run = laravelRelease(s, version);
    expectExit(run, 1);
    expect(run.stderr).toContain(`version '${version}' is not allowed`);
    expect(s.list("releases")).toEqual([]);
    expect(trace(run)).toEqual([]);
  });

  it("accepts a version of 64 characters", () => {
    const s = laravel();
    expectExit(laravelRelease(s, "v".repeat(64)), 0);
    expect(s.list("releases")).toEqual(["v".repeat(64)]);
  });

  it("refuses an empty version and a missing one", () => {
    const s = laravel();
    for (const args of [["release", ""], ["release"]]) {
      const run = s.run(args, { input: s.archive(LARAVEL_APP) });
      expectExit(run, 1);
      expect(run.stderr).toBe("bizsocials-deploy: usage: release VERSION < RELEASE.tar.gz\n");
    }
    expect(s.list("releases")).toEqual([]);
  });

  it("takes a version it holds already as done (a retried deploy), and leaves that release as it was", () => {
    const s = laravel();
    succeeded(laravelRelease(s, "1.0.0"));
    const before = s.list("releases/1.0.0");
    const run = laravelRelease(s, "1.0.0", { ...LARAVEL_APP, "public/index.php": "<?php // other\n" });
    expectExit(run, 0);
    expect(run.stdout).toBe("bizsocials-deploy: release 1.0.0 is prepared already\n");
    expect(s.list("releases/1.0.0")).toEqual(before);
    expect(read(path.join(s.base, "releases/1.0.0/public/index.php"))).toBe("<?php\n");
    expect(fs.existsSync(path.join(s.base, "releases/1.0.0/.prepared"))).toBe(true);
  });

  it.each([
    ["an archive without artisan at its top", (s: Sandbox) => s.run(["release", "1.0.0"], { input: s.archive({ "app/artisan": "<?php\n", "vendor/autoload.php": "" }) }), "the archive has no artisan at its top"],
    ["stdin that is not a .tar.gz", (s: Sandbox) => s.run(["release", "1.0.0"], { input: "not an archive" }), ""],
    ["no stdin", (s: Sandbox) => s.run(["release", "1.0.0"]), ""],
    ["a failing chown", (s: Sandbox) => s.run(["release", "1.0.0"], { input: s.archive(LARAVEL_APP), env: { STUB_FAIL: "chown *" } }), "failing as the test asked"],
  ])("leaves no half release behind after %s", (_what, release, message) => {
    const s = laravel();
    const run = release(s);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain(message);
    expect(s.list("releases")).toEqual([]);
    // …so the same version can be sent again.
    expectExit(laravelRelease(s, "1.0.0"), 0);
  });
});

describe("laravel: activate", () => {
  const R = (v: string) => `<sandbox>/var/www/bizsocials/releases/${v}`;

  it("optimizes and migrates the new release while the old one serves, switches, reloads PHP-FPM, restarts the queue, links the programs of the roles and waits for health", () => {
    const s = laravel();
    laravelLive(s, "1.0.0");
    succeeded(laravelRelease(s, "1.1.0"));
    const run = s.run(["activate", "1.1.0", "--roles", "web,worker,scheduler", "--migrate"]);
    expectExit(run, 0);
    const lines = trace(run);
    expectInOrder(lines, [
      `php ${R("1.1.0")}/artisan optimize`,
      `php ${R("1.1.0")}/artisan migrate --force`,
      `systemctl reload ${FPM}`,
      `php ${R("1.1.0")}/artisan queue:restart`,
      "supervisorctl reread",
      "supervisorctl update",
      "supervisorctl restart bizsocials-scheduler:*",
      /^curl /,
    ]);
    const at = (line: string) => run.calls.find((c) => [c.program, ...c.args].join(" ") === line)!;
    // The old release is live until optimize and the migration have succeeded.
    expect(at(`php ${R("1.1.0")}/artisan optimize`).watched).toBe(R("1.0.0"));
    expect(at(`php ${R("1.1.0")}/artisan migrate --force`).watched).toBe(R("1.0.0"));
    expect(at(`systemctl reload ${FPM}`).watched).toBe(R("1.1.0"));
    expect(at(`php ${R("1.1.0")}/artisan queue:restart`).watched).toBe(R("1.1.0"));
    // artisan runs as the app's user, with no access for others to what it writes (the config cache holds the secrets).
    for (const [i, call] of run.calls.entries()) {
      if (call.program === "php") expect(run.calls[i - 1]).toMatchObject({ program: "runuser", args: ["-u", "www-data", "--", "/bin/sh", "-c", 'umask 0027 && exec "$@"', "artisan", "php", ...call.args] });
    }
    expect(fs.readlinkSync(path.join(s.base, "current"))).toBe(path.join(s.base, "releases/1.1.0"));
    expect(fs.readlinkSync(path.join(s.supervisorConfD, "bizsocials-worker.conf"))).toBe(path.join(s.etc, "supervisor/worker.conf"));
    expect(fs.readlinkSync(path.join(s.supervisorConfD, "bizsocials-scheduler.conf"))).toBe(path.join(s.etc, "supervisor/scheduler.conf"));
    expect(read(path.join(s.etc, "roles"))).toBe("web worker scheduler\n");
    expect(run.stdout).toContain("bizsocials-deploy: 1.1.0 is live with roles: web worker scheduler\n");
  });

  it("asks the health path through nginx on loopback with the site's first hostname, until it answers", () => {
    const s = laravel();
    succeeded(laravelRelease(s, "1.0.0"));
    const run = s.run(["activate", "1.0.0", "--roles", "web"], { env: { STUB_HTTP: "000 502 503 200" } });
    expectExit(run, 0);
    const curls = callsOf(run, "curl");
    expect(curls).toHaveLength(4);
    for (const call of curls) expect(healthTarget(call)).toEqual({ address: "127.0.0.1", host: "app.bizsocials.io", path: laravelConfig.healthPath });
    expect(callsOf(run, "sleep")).toHaveLength(3);
    expect(run.stdout).toContain("healthy");
  });

  it("migrates only when asked", () => {
    const s = laravel();
    succeeded(laravelRelease(s, "1.0.0"));
    const run = s.run(["activate", "1.0.0", "--roles", "web,worker,scheduler"]);
    expectExit(run, 0);
    expect(trace(run).filter((l) => l.includes("artisan migrate"))).toEqual([]);
    expect(trace(run)).toContain(`php ${R("1.0.0")}/artisan optimize`);
  });

  it("switches `current` by renaming a new link over it: no link inside the old release, no current.next left", () => {
    const s = laravel();
    laravelLive(s, "1.0.0");
    succeeded(laravelRelease(s, "1.1.0"));
    succeeded(s.run(["activate", "1.1.0", "--roles", "web"]));
    expect(isLink(path.join(s.base, "current"))).toBe(true);
    expect(fs.readlinkSync(path.join(s.base, "current"))).toBe(path.join(s.base, "releases/1.1.0"));
    expect(s.list("")).toEqual(["current", "releases", "shared"]);
    expect(s.list("releases/1.0.0").filter((n) => !Object.keys(LARAVEL_APP).some((f) => f.split("/")[0] === n))).toEqual([".env", ".prepared"]);
  });

  it("with a health path that never answers: exits non-zero after its attempts, and the new release stays live (no rollback)", () => {
    const s = laravel();
    laravelLive(s, "1.0.0");
    succeeded(laravelRelease(s, "1.1.0"));
    const run = s.run(["activate", "1.1.0", "--roles", "web,worker"], { env: { STUB_HTTP: "503" } });
    expectExit(run, 1);
    expect(run.stderr).toMatch(new RegExp(`bizsocials-deploy: \\S+ did not answer 200 after ${HEALTH_ATTEMPTS} attempts\\n$`));
    expect(callsOf(run, "curl")).toHaveLength(HEALTH_ATTEMPTS);
    expect(callsOf(run, "sleep").every((c) => c.args.join(" ") === "2")).toBe(true);
    // What the script does today: the switch, the reload and the roles come before the health check.
    expect(fs.readlinkSync(path.join(s.base, "current"))).toBe(path.join(s.base, "releases/1.1.0"));
    expect(read(path.join(s.etc, "roles"))).toBe("web worker\n");
    expect(run.stdout).not.toContain("is live");
  });

  it.each([
    ["the migration", "php *artisan migrate*"],
    ["artisan optimize", "php *artisan optimize"],
  ])("when %s fails: exits non-zero with the old release still live, PHP-FPM, the queue and the roles untouched", (_what, fail) => {
    const s = laravel();
    laravelLive(s, "1.0.0", "web,worker");
    succeeded(laravelRelease(s, "1.1.0"));
    const run = s.run(["activate", "1.1.0", "--roles", "web,worker,scheduler", "--migrate"], { env: { STUB_FAIL: fail } });
    expect(run.code).not.toBe(0);
    expect(fs.readlinkSync(path.join(s.base, "current"))).toBe(path.join(s.base, "releases/1.0.0"));
    expect(trace(run).filter((l) => /^(systemctl|supervisorctl|curl)|queue:restart/.test(l))).toEqual([]);
    expect(read(path.join(s.etc, "roles"))).toBe("web worker\n");
    expect(s.list(s.supervisorConfD)).toEqual(["bizsocials-worker.conf"]);
  });

  it("without a version, activates the live release again (new roles, no switch to anything else)", () => {
    const s = laravel();
    laravelLive(s, "1.0.0", "web");
    succeeded(laravelRelease(s, "1.1.0"));
    const run = s.run(["activate", "--roles", "web,worker"]);
    expectExit(run, 0);
    expect(trace(run)).toContain(`php ${R("1.0.0")}/artisan optimize`);
    expect(trace(run).some((l) => l.includes("1.1.0"))).toBe(false);
    expect(fs.readlinkSync(path.join(s.base, "current"))).toBe(path.join(s.base, "releases/1.0.0"));
    expect(s.list(s.supervisorConfD)).toEqual(["bizsocials-worker.conf"]);
    expect(run.stdout).toContain("1.0.0 is live with roles: web worker\n");
  });

  it("without a version and nothing live: refuses before doing anything", () => {
    const s = laravel();
    succeeded(laravelRelease(s, "1.0.0"));
    const run = s.run(["activate", "--roles", "web"]);
    expectExit(run, 1);
    expect(run.stderr).toBe("bizsocials-deploy: no release is live yet: activate a VERSION\n");
    expect(trace(run)).toEqual([]);
  });

  it("with --roles none: unlinks both programs, starts nothing, waits for no health path", () => {
    const s = laravel();
    laravelLive(s, "1.0.0");
    expect(s.list(s.supervisorConfD)).toEqual(["bizsocials-scheduler.conf", "bizsocials-worker.conf"]);
    const run = s.run(["activate", "1.0.0", "--roles", "none"]);
    expectExit(run, 0);
    expect(s.list(s.supervisorConfD)).toEqual([]);
    expect(read(path.join(s.etc, "roles")).trim()).toBe("none");
    expect(trace(run)).toContain("supervisorctl update");
    expect(trace(run).filter((l) => /^curl|supervisorctl restart/.test(l))).toEqual([]);
  });

  it("links the programs of the roles and unlinks the others when roles change", () => {
    const s = laravel();
    laravelLive(s, "1.0.0", "web,worker");
    expect(s.list(s.supervisorConfD)).toEqual(["bizsocials-worker.conf"]);
    const run = s.run(["activate", "1.0.0", "--roles", "scheduler,web"]);
    expectExit(run, 0);
    expect(s.list(s.supervisorConfD)).toEqual(["bizsocials-scheduler.conf"]);
    expect(read(path.join(s.etc, "roles"))).toBe("scheduler web\n");
    expectInOrder(trace(run), ["supervisorctl update", "supervisorctl restart bizsocials-scheduler:*"]);
  });

  it("on a worker Droplet: no PHP-FPM to reload, no health path to wait for, and no web role", () => {
    const s = laravel(false);
    succeeded(laravelRelease(s, "1.0.0"));
    const run = s.run(["activate", "1.0.0", "--roles", "worker", "--migrate"]);
    expectExit(run, 0);
    expect(trace(run).filter((l) => /^(systemctl|curl)/.test(l))).toEqual([]);
    expect(s.list(s.supervisorConfD)).toEqual(["bizsocials-worker.conf"]);
    const web = s.run(["activate", "1.0.0", "--roles", "web,worker"]);
    expectExit(web, 1);
    expect(web.stderr).toBe("bizsocials-deploy: role 'web' is not allowed on this Droplet; allowed: worker scheduler\n");
  });

  it.each([
    ["an unknown role", ["1.0.0", "--roles", "web,cron"], "role 'cron' is not allowed on this Droplet; allowed: web worker scheduler"],
    ["an empty role", ["1.0.0", "--roles", ",web"], "role '' is not allowed on this Droplet; allowed: web worker scheduler"],
    ["no --roles", ["1.0.0"], "--roles is required: none, or a comma-separated subset of web worker scheduler"],
    ["--roles without a value", ["1.0.0", "--roles"], "--roles needs a value"],
    ["an unknown option", ["1.0.0", "--roles", "web", "--force"], "unknown option --force"],
    ["a release it never prepared", ["2.0.0", "--roles", "web"], "release 2.0.0 is not prepared: run release 2.0.0 first"],
    ["a bad version", ["../1.0.0", "--roles", "web"], "version '../1.0.0' is not allowed: 1-64 letters, digits, dots, dashes, underscores"],
  ])("refuses %s before touching anything", (_what, args, message) => {
    const s = laravel();
    laravelLive(s, "1.0.0", "web,worker");
    const run = s.run(["activate", ...args]);
    expectExit(run, 1);
    expect(run.stderr).toBe(`bizsocials-deploy: ${message}\n`);
    expect(trace(run)).toEqual([]);
    expect(fs.readlinkSync(path.join(s.base, "current"))).toBe(path.join(s.base, "releases/1.0.0"));
    expect(read(path.join(s.etc, "roles"))).toBe("web worker\n");
  });

  it("refuses a release whose preparation did not finish (no .prepared)", () => {
    const s = laravel();
    fs.mkdirSync(path.join(s.base, "releases/1.0.0"));
    fs.writeFileSync(path.join(s.base, "releases/1.0.0/artisan"), "<?php\n");
    const run = s.run(["activate", "1.0.0", "--roles", "web"]);
    expectExit(run, 1);
    expect(run.stderr).toBe("bizsocials-deploy: release 1.0.0 is not prepared: run release 1.0.0 first\n");
    expect(fs.existsSync(path.join(s.base, "current"))).toBe(false);
  });
});

describe("every call waits for cloud-init", () => {
  it("goes on once cloud-init is done, and after one with recoverable errors (exit 2), saying so", () => {
    const s = laravel();
    const done = s.run(["status"]);
    expectExit(done, 0);
    expect(callsOf(done, "cloud-init").map((c) => c.args.join(" "))).toEqual(["status --wait"]);
    const degraded = s.run(["status"], { env: { STUB_CLOUD_INIT_EXIT: "2" } });
    expectExit(degraded, 0);
    expect(degraded.stdout).toMatch(/cloud-init finished with recoverable errors/);
  });

  it.each([["env"], ["release", "1.0.0"], ["activate", "1.0.0", "--roles", "web"], ["status"]])("refuses %s on a Droplet whose cloud-init failed, before anything else runs", (...args) => {
    const s = laravel();
    const run = s.run(args, { env: { STUB_CLOUD_INIT_EXIT: "1" }, input: "A=1\n" });
    expectExit(run, 1);
    expect(run.stderr).toBe("bizsocials-deploy: cloud-init failed on this Droplet (cloud-init status --long says where): roll this Droplet\n");
    expect(trace(run)).toEqual([]);
    expect(fs.existsSync(path.join(s.etc, "app.env"))).toBe(false);
  });
});

describe("laravel: status", () => {
  it("prints the live release and the roles", () => {
    const s = laravel();
    laravelLive(s, "1.0.0", "web,worker");
    const run = s.run(["status"]);
    expectExit(run, 0);
    expect(run.stdout).toBe(`protocol: ${DEPLOY_PROTOCOL}\nrelease: 1.0.0\nroles: web worker\n`);
  });

  it("bug: status prints an empty release instead of 'none' before anything is live (die exits the substitution before `|| echo none`)", () => {
    const s = laravel();
    const run = s.run(["status"]);
    expectExit(run, 0);
    expect(run.stdout).toBe(`protocol: ${DEPLOY_PROTOCOL}\nrelease: none\nroles: none\n`);
  });
});

describe("laravel: pruning after activation", () => {
  function fiveReleases(s: Sandbox): void {
    for (const [day, version] of ["1.0.0", "1.1.0", "1.2.0", "1.3.0", "1.4.0"].entries()) {
      succeeded(laravelRelease(s, version));
      preparedOnDay(path.join(s.base, "releases", version), day);
    }
  }

  it("keeps the three most recently prepared releases", () => {
    const s = laravel();
    fiveReleases(s);
    expectExit(s.run(["activate", "1.4.0", "--roles", "web"]), 0);
    expect(s.list("releases")).toEqual(["1.2.0", "1.3.0", "1.4.0"]);
  });

  it("never removes the live release, even when it is older than the three kept (a rollback)", () => {
    const s = laravel();
    fiveReleases(s);
    expectExit(s.run(["activate", "1.0.0", "--roles", "web"]), 0);
    expect(s.list("releases")).toEqual(["1.0.0", "1.2.0", "1.3.0", "1.4.0"]);
    expect(fs.existsSync(path.join(s.base, "current/artisan"))).toBe(true);
  });

  it("does not prune when the health check fails", () => {
    const s = laravel();
    fiveReleases(s);
    expectExit(s.run(["activate", "1.4.0", "--roles", "web"], { env: { STUB_HTTP: "500" } }), 1);
    expect(s.list("releases")).toHaveLength(5);
  });

  it("bug: pruning removes the live release when the app's directory is reached through a symlink (it compares readlink -f of current with find's unresolved paths)", () => {
    const s = laravel(true, { baseThroughSymlink: true });
    fiveReleases(s);
    expectExit(s.run(["activate", "1.0.0", "--roles", "web"]), 0);
    expect(s.list("releases")).toEqual(["1.0.0", "1.2.0", "1.3.0", "1.4.0"]);
    expect(fs.existsSync(path.join(s.base, "current/artisan"))).toBe(true);
  });
});

describe("health check on a Droplet that ends HTTPS itself (certbot --redirect answers :80 with a 301 to https)", () => {
  it("bug: a redirect counts as healthy: curl -f fails on >= 400 only, so the 301 passes while the app answers 503", () => {
    const s = laravel();
    succeeded(laravelRelease(s, "1.0.0"));
    const run = s.run(["activate", "1.0.0", "--roles", "web"], { env: { STUB_HTTP: "301", STUB_HTTPS: "503" } });
    expect(run.code).not.toBe(0);
  });

  it("is healthy when the app answers 200 behind the redirect", () => {
    const s = laravel();
    succeeded(laravelRelease(s, "1.0.0"));
    const run = s.run(["activate", "1.0.0", "--roles", "web"], { env: { STUB_HTTP: "301", STUB_HTTPS: "200" } });
    expectExit(run, 0);
  });
});

describe("as a user other than root", () => {
  it.each([["env"], ["release", "1.0.0"], ["activate", "1.0.0", "--roles", "web"], ["status"]])("%s is refused before anything runs", (...args) => {
    const s = laravel();
    const run = s.run(args, { input: args[0] === "release" ? s.archive(LARAVEL_APP) : "A=1\n", env: { STUB_UID: "1000" } });
    expectExit(run, 1);
    expect(run.stderr).toMatch(/^bizsocials-deploy: run it as root: sudo .*bizsocials-deploy /);
    expect(run.calls.map((c) => c.program)).toEqual(["id"]);
    expect(s.list(s.etc)).toEqual(["supervisor"]);
    expect(s.list("releases")).toEqual([]);
  });

  it.each([
    ["python", () => python(), ["release", "1.0.0"]],
    ["container", () => container(), ["release", IMAGE_1]],
  ] as const)("%s: release is refused too", (_kind, make, args) => {
    const s = make();
    const run = s.run(args, { env: { STUB_UID: "1000" } });
    expectExit(run, 1);
    expect(run.stderr).toContain("run it as root");
    expect(run.calls.map((c) => c.program)).toEqual(["id"]);
  });
});

describe("usage", () => {
  // backup-env: only where the Droplet runs the backup jobs (this one does not).
  it.each([[[]], [["deploy"]], [["--help"]], [["backup-env"]]])("%j prints the usage and fails", (args) => {
    const s = laravel();
    const run = s.run(args);
    expectExit(run, 1);
    expect(run.stderr).toBe("bizsocials-deploy: usage: bizsocials-deploy env < SETTINGS | ca < PEM | release VERSION < RELEASE.tar.gz | activate [VERSION] --roles ROLES|none [--migrate] | status\n");
  });
});

describe("python", () => {
  const R = (v: string) => `<sandbox>/var/www/bulletdrop/releases/${v}`;

  function pythonLive(s: Sandbox, version: string, roles = "web"): void {
    succeeded(s.run(["release", version], { input: s.archive(PYTHON_APP) }));
    succeeded(s.run(["activate", version, "--roles", roles]));
  }

  it("release builds a venv in the release from its requirements.txt, offline and from the archive's wheels only, and the venv has gunicorn", () => {
    const s = python();
    const run = s.run(["release", "1.0.0"], { input: s.archive(PYTHON_APP) });
    expectExit(run, 0);
    expect(trace(run)).toEqual([
      `chown -R root:root ${R("1.0.0")}`,
      `python3 -m venv ${R("1.0.0")}/.venv`,
      `pip install --quiet --no-cache-dir --no-index --only-binary=:all: --find-links ${R("1.0.0")}/wheels --requirement ${R("1.0.0")}/requirements.txt`,
    ]);
    const dir = path.join(s.base, "releases/1.0.0");
    expect(fs.existsSync(path.join(dir, ".venv/bin/gunicorn"))).toBe(true);
    expect(fs.existsSync(path.join(dir, ".prepared"))).toBe(true);
    expect(read(path.join(dir, "app/main.py"))).toBe("app = None\n");
    expect(fs.existsSync(path.join(s.base, "current"))).toBe(false);
  });

  it.each([
    ["without requirements.txt", { "app/main.py": "" }, {}, "the archive has no requirements.txt at its top"],
    ["without wheels (building sdists here would run their code as root)", { "requirements.txt": "gunicorn==22.0.0\n" }, {}, "the archive has no wheels/: build them in CI"],
    ["whose requirements do not install gunicorn", { "requirements.txt": "uvicorn==0.30.1\n", "wheels/uvicorn-0.30.1-py3-none-any.whl": "" }, {}, "requirements.txt must install gunicorn (and uvicorn)"],
    ["whose pip install fails", PYTHON_APP, { STUB_FAIL: "pip *" }, "failing as the test asked"],
  ])("release refuses an archive %s and leaves no half release", (_what, files, env, message) => {
    const s = python();
    const run = s.run(["release", "1.0.0"], { input: s.archive(files), env });
    expectExit(run, 1);
    expect(run.stderr).toContain(message);
    expect(s.list("releases")).toEqual([]);
  });

  it("where the Droplet serves a frontend, release refuses an archive without frontend/index.html and takes one with it", () => {
    const withFrontend: DropletSpec = { ...pythonSpec(true), hostnames: ["api.bulletdrop.com"], frontendHostnames: ["bulletdrop.com"] };
    const s = new Sandbox("bulletdrop", PYTHON.cloudConfig(bulletdrop, withFrontend), { releases: "archive", watch: { under: "base", path: "current" } });
    const refused = s.run(["release", "1.0.0"], { input: s.archive(PYTHON_APP) });
    expectExit(refused, 1);
    expect(refused.stderr).toContain("the archive has no frontend/index.html: this stack serves the frontend's built static files from frontend/ of the release");
    expect(s.list("releases")).toEqual([]);
    succeeded(s.run(["release", "1.0.0"], { input: s.archive({ ...PYTHON_APP, "frontend/index.html": "<!doctype html>\n", "frontend/assets/app-1a2b.js": "" }) }));
    expect(read(path.join(s.base, "releases/1.0.0/frontend/index.html"))).toBe("<!doctype html>\n");
  });

  it("activate --migrate runs the migration as the app, in the new release's venv, with its settings, before the switch; then restarts the web unit and waits for health", () => {
    const s = python();
    pythonLive(s, "1.0.0");
    succeeded(s.run(["release", "1.1.0"], { input: s.archive(PYTHON_APP) }));
    const run = s.run(["activate", "1.1.0", "--roles", "web", "--migrate"]);
    expectExit(run, 0);
    const migrations = callsOf(run, "systemd-run");
    expect(migrations).toHaveLength(1);
    const migration = migrations[0]!;
    expect(migration.watched).toBe(R("1.0.0"));
    expect(migration.args).toEqual(
      expect.arrayContaining(["--wait", "--pipe", "--uid=www-data", "--gid=www-data", `--working-directory=${R("1.1.0")}`, "--property=EnvironmentFile=<sandbox>/etc/bulletdrop/app.env"]),
    );
    expect(migration.args).toContain(`--setenv=PATH=${R("1.1.0")}/.venv/bin:/usr/local/bin:/usr/bin:/bin`);
    expect(migration.args.slice(migration.args.indexOf("--"))).toEqual(["--", `${R("1.1.0")}/.venv/bin/alembic`, "upgrade", "head"]);
    expectInOrder(trace(run), [/^systemd-run /, "systemctl enable --quiet bulletdrop-web.service", "systemctl restart bulletdrop-web.service", /^curl /]);
    expect(callsOf(run, "systemctl")[0]!.watched).toBe(R("1.1.0"));
    expect(healthTarget(callsOf(run, "curl")[0]!)).toEqual({ address: "127.0.0.1", host: "shots.bulletdrop.com", path: bulletdrop.healthPath });
    expect(fs.readlinkSync(path.join(s.base, "current"))).toBe(path.join(s.base, "releases/1.1.0"));
  });

  it("activate without --migrate runs no migration", () => {
    const s = python();
    succeeded(s.run(["release", "1.0.0"], { input: s.archive(PYTHON_APP) }));
    const run = s.run(["activate", "1.0.0", "--roles", "web"]);
    expectExit(run, 0);
    expect(callsOf(run, "systemd-run")).toEqual([]);
  });

  it("a failing migration leaves the old release live and the units untouched", () => {
    const s = python();
    pythonLive(s, "1.0.0");
    succeeded(s.run(["release", "1.1.0"], { input: s.archive(PYTHON_APP) }));
    const run = s.run(["activate", "1.1.0", "--roles", "web", "--migrate"], { env: { STUB_FAIL: "systemd-run *" } });
    expectExit(run, 1);
    expect(fs.readlinkSync(path.join(s.base, "current"))).toBe(path.join(s.base, "releases/1.0.0"));
    expect(callsOf(run, "systemctl")).toEqual([]);
  });

  it("enables and restarts the units of the roles, disables and stops the others", () => {
    const s = python(bulletdropWithJobs);
    succeeded(s.run(["release", "1.0.0"], { input: s.archive(PYTHON_APP) }));
    const run = s.run(["activate", "1.0.0", "--roles", "worker,web"]);
    expectExit(run, 0);
    expect(trace(run).filter((l) => l.startsWith("systemctl"))).toEqual([
      "systemctl enable --quiet bulletdrop-web.service",
      "systemctl restart bulletdrop-web.service",
      "systemctl enable --quiet bulletdrop-worker.service",
      "systemctl restart bulletdrop-worker.service",
      "systemctl disable --quiet --now bulletdrop-scheduler.service",
    ]);
    const none = s.run(["activate", "--roles", "none"]);
    expectExit(none, 0);
    expect(trace(none)).toEqual(["systemctl disable --quiet --now bulletdrop-web.service", "systemctl disable --quiet --now bulletdrop-worker.service", "systemctl disable --quiet --now bulletdrop-scheduler.service"]);
  });

  it("with no migration configured, --migrate only says so", () => {
    const { migrate: _none, ...config } = bulletdrop;
    const s = python(config);
    succeeded(s.run(["release", "1.0.0"], { input: s.archive(PYTHON_APP) }));
    const run = s.run(["activate", "1.0.0", "--roles", "web", "--migrate"]);
    expectExit(run, 0);
    expect(run.stdout).toContain("bulletdrop-deploy: no migration is configured\n");
    expect(callsOf(run, "systemd-run")).toEqual([]);
  });

  it("a failed health check exits non-zero", () => {
    const s = python();
    succeeded(s.run(["release", "1.0.0"], { input: s.archive(PYTHON_APP) }));
    expectExit(s.run(["activate", "1.0.0", "--roles", "web"], { env: { STUB_HTTP: "000" } }), 1);
  });
});

describe("container", () => {
  const E = "<sandbox>/etc/quickcart";
  const compose = (envFile: string) => `docker compose --project-name quickcart --file ${E}/compose.yaml --env-file ${E}/${envFile}`;

  function containerLive(s: Sandbox, image: string, roles = "web,worker,scheduler"): void {
    succeeded(s.run(["release", image]));
    succeeded(s.run(["activate", image, "--roles", roles]));
  }

  it.each([IMAGE_1, `ghcr.io/quickcart/app@sha256:${"a".repeat(64)}`, "registry.example:5000/acme/app:2"])("release %s pulls it", (image) => {
    const s = container();
    const run = s.run(["release", image]);
    expectExit(run, 0);
    expect(trace(run)).toEqual([`docker pull --quiet ${image}`]);
    expect(run.stdout).toBe(`quickcart-deploy: image ${image} pulled\n`);
  });

  it.each([
    ["ghcr.io/quickcart/app", "has no tag or digest"],
    ["registry.example:5000/acme/app", "has no tag or digest"],
    ["ghcr.io/quickcart/app:1.0; rm -rf /", "is not an image reference"],
    ["-v", "is not an image reference"],
  ])("release refuses %s without pulling", (image, message) => {
    const s = container();
    const run = s.run(["release", image]);
    expectExit(run, 1);
    expect(run.stderr).toContain(message);
    expect(trace(run)).toEqual([]);
  });

  it("release refuses no image", () => {
    const run = container().run(["release"]);
    expectExit(run, 1);
    expect(run.stderr).toBe("quickcart-deploy: usage: release IMAGE\n");
  });

  it.each(["ghcr.io/quickcart/app:", `ghcr.io/quickcart/app@sha256:abc`])(
    "bug: release accepts %s, which has no valid tag or digest (hasTagOrDigest refuses it), and pulls it",
    (image) => {
      expect(hasTagOrDigest(image)).toBe(false);
      const run = container().run(["release", image]);
      expectExit(run, 1);
      expect(callsOf(run, "docker")).toEqual([]);
    },
  );

  it("release fails when the pull fails", () => {
    const run = container().run(["release", IMAGE_1], { env: { STUB_FAIL: "docker pull *" } });
    expectExit(run, 1);
    expect(run.stdout).not.toContain("pulled");
  });

  it("activate --migrate migrates in a one-off container of the new image, then names it in release.env and starts the roles' profiles, removing the others", () => {
    const s = container();
    containerLive(s, IMAGE_1);
    const run = s.run(["activate", IMAGE_2, "--roles", "web,worker", "--migrate"]);
    expectExit(run, 0);
    const lines = trace(run);
    expect(lines).toEqual([
      `${compose("release.env.next")} --profile migrate run --rm --no-deps migrate`,
      `${compose("release.env")} --profile scheduler rm --stop --force scheduler`,
      `${compose("release.env")} --profile web --profile worker up --detach --remove-orphans`,
      expect.stringMatching(/^curl /),
    ]);
    expect(callsOf(run, "docker")[0]!.watched).toBe(`APP_IMAGE=${IMAGE_1}`);
    expect(callsOf(run, "docker")[1]!.watched).toBe(`APP_IMAGE=${IMAGE_2}`);
    expect(read(path.join(s.etc, "release.env"))).toBe(`APP_IMAGE=${IMAGE_2}\n`);
    expect(fs.existsSync(path.join(s.etc, "release.env.next"))).toBe(false);
    expect(read(path.join(s.etc, "roles"))).toBe("web worker\n");
    expect(healthTarget(callsOf(run, "curl")[0]!)).toEqual({ address: "127.0.0.1", host: "shop.quickcart.id", path: quickcart.healthPath });
  });

  it("with no migration configured, --migrate only says so", () => {
    const s = container(quickcart);
    const run = s.run(["activate", IMAGE_1, "--roles", "web", "--migrate"]);
    expectExit(run, 0);
    expect(run.stdout).toContain("quickcart-deploy: no migration is configured\n");
    expect(trace(run).filter((l) => l.includes(" run "))).toEqual([]);
  });

  it("activate without --migrate runs no one-off container", () => {
    const s = container();
    succeeded(s.run(["release", IMAGE_1]));
    const run = s.run(["activate", IMAGE_1, "--roles", "web,worker,scheduler"]);
    expectExit(run, 0);
    expect(trace(run)).toEqual([`${compose("release.env")} --profile web --profile worker --profile scheduler up --detach --remove-orphans`, expect.stringMatching(/^curl /)]);
  });

  it("a failing migration leaves the live image named in release.env and starts nothing", () => {
    const s = container();
    containerLive(s, IMAGE_1);
    const run = s.run(["activate", IMAGE_2, "--roles", "web", "--migrate"], { env: { STUB_FAIL: "docker compose * run *" } });
    expectExit(run, 1);
    expect(read(path.join(s.etc, "release.env"))).toBe(`APP_IMAGE=${IMAGE_1}\n`);
    expect(trace(run).filter((l) => / (up|rm) /.test(l))).toEqual([]);
  });

  it("activate without an image activates the live one again; status shows it", () => {
    const s = container();
    containerLive(s, IMAGE_1, "web");
    const run = s.run(["activate", "--roles", "web,scheduler"]);
    expectExit(run, 0);
    expect(trace(run)).toContain(`${compose("release.env")} --profile web --profile scheduler up --detach --remove-orphans`);
    expect(read(path.join(s.etc, "release.env"))).toBe(`APP_IMAGE=${IMAGE_1}\n`);
    expect(s.run(["status"]).stdout).toBe(`protocol: ${DEPLOY_PROTOCOL}\nrelease: ${IMAGE_1}\nroles: web scheduler\n`);
  });

  it("activate with --roles none removes every service and starts none", () => {
    const s = container();
    containerLive(s, IMAGE_1);
    const run = s.run(["activate", "--roles", "none"]);
    expectExit(run, 0);
    expect(trace(run)).toEqual(["web", "worker", "scheduler"].map((svc) => `${compose("release.env")} --profile ${svc} rm --stop --force ${svc}`));
  });

  it("activate refuses a role the Droplet has no service for", () => {
    const s = container(quickcart);
    const run = s.run(["activate", IMAGE_1, "--roles", "web,worker"]);
    expectExit(run, 1);
    expect(run.stderr).toBe("quickcart-deploy: role 'worker' is not allowed on this Droplet; allowed: web\n");
    expect(fs.existsSync(path.join(s.etc, "release.env"))).toBe(false);
  });

  it("a failed health check exits non-zero, with the new image already named in release.env", () => {
    const s = container();
    containerLive(s, IMAGE_1, "web");
    const run = s.run(["activate", IMAGE_2, "--roles", "web"], { env: { STUB_HTTP: "502" } });
    expectExit(run, 1);
    expect(callsOf(run, "curl")).toHaveLength(HEALTH_ATTEMPTS);
    expect(read(path.join(s.etc, "release.env"))).toBe(`APP_IMAGE=${IMAGE_2}\n`);
  });

  it("bug: status prints an empty release instead of 'none' before anything is live", () => {
    const run = container().run(["status"]);
    expectExit(run, 0);
    expect(run.stdout).toBe(`protocol: ${DEPLOY_PROTOCOL}\nrelease: none\nroles: none\n`);
  });
});
