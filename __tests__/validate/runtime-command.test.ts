/**
 * `npm run validate -- --only runtime` end to end against stub tools on PATH (stub-tool.js): what
 * each check runs, that failures and missing tools fail it, that the health check needs a real
 * answer, and that nothing is left running or lying around.
 */
import * as fs from "node:fs";
import { STACK_NAMES } from "../../config/types";
import { RUNTIME_CHECKS, userDataDocuments } from "../../validate/runtime";
import { synthJson } from "../helpers";
import { fixtureDir, makeStubs, runValidate, synthDir, type Stubs } from "./stubs";

const CHECKS = RUNTIME_CHECKS.map((c) => c.name);
const status = (line: string) => / {2}(ok|FAIL|none|skip)(?: {2}|$)/.exec(line)?.[1];
const lineOf = (lines: string[], label: string, check: string) => lines.find((l) => l.startsWith(`${label} `) && l.includes(`  ${check}  `))!;

/** Processes still running one of the stubs (the validator must stop every daemon it started). */
function stubProcesses(stubs: Stubs): string[] {
  return fs
    .readdirSync("/proc")
    .filter((p) => /^\d+$/.test(p))
    .flatMap((p) => {
      try {
        const cmdline = fs.readFileSync(`/proc/${p}/cmdline`, "utf8");
        return cmdline.includes(stubs.bin) ? [cmdline.replace(/\0/g, " ")] : [];
      } catch {
        return [];
      }
    });
}

let stubs: Stubs;
beforeEach(() => {
  stubs = makeStubs();
});
afterEach(() => stubs.cleanup());

test("every stack, every check, one line each; each distinct user_data is checked once; nothing left running", () => {
  const result = runValidate(stubs, ["--only", "runtime", "--dir", synthDir()]);
  expect(result.stderr).toMatch(/validate: \d+ ok, 0 failed/);
  expect(result.status).toBe(0);
  expect(result.lines).toHaveLength(STACK_NAMES.length * CHECKS.length);
  for (const [i, line] of result.lines.entries()) {
    expect(line.startsWith(`bizsocials/${STACK_NAMES[Math.floor(i / CHECKS.length)]} `)).toBe(true);
    expect(line).toContain(`  ${CHECKS[i % CHECKS.length]}  `);
    expect(["ok", "none"]).toContain(status(line));
  }
  // cloud-init's schema saw each distinct document once, as the Droplet receives it (Terraform's $${ undone).
  const documents = new Set(STACK_NAMES.flatMap((s) => userDataDocuments(synthJson(s)).map((d) => d.userData)));
  const checked = stubs.calls("cloud-init").map((c) => c.document);
  expect(checked).toHaveLength(documents.size);
  expect(new Set(checked)).toEqual(documents);
  expect(checked.some((d) => d!.includes("$${"))).toBe(false);
  expect(stubs.calls("terraform")).toEqual([]);
  // The health path went through nginx to a stub app, non-2xx before it ran.
  for (const stack of STACK_NAMES) {
    const health = lineOf(result.lines, `bizsocials/${stack}`, "health");
    if (status(health) === "ok") expect(health).toMatch(/: 502 before the app, 200 with a stub /);
  }
  // Sandboxes removed, daemons stopped.
  for (const call of stubs.calls().filter((c) => ["nginx", "supervisord", "php-fpm8.3"].includes(c.tool))) {
    expect(fs.existsSync(call.cwd) && call.cwd.includes("validate-")).toBe(false);
  }
  expect(stubProcesses(stubs)).toEqual([]);
});

test("a tool that fails or only warns fails its line, with its output indented under it", () => {
  const result = runValidate(stubs, ["--only", "runtime", "--dir", synthDir(), "dev"], {
    STUB_FAIL: "cloud-init,php-fpm8.3 -t,nginx -t",
    STUB_WARN: "systemd-analyze",
    STUB_AVAIL_EMPTY: "1",
  });
  expect(result.status).toBe(1);
  const line = (check: string) => lineOf(result.lines, "bizsocials/dev", check);
  const has = (kind: string) => userDataDocuments(synthJson("dev")).some((d) => d.config.files.some((f) => f.kind === kind));
  expect(line("cloud-init schema")).toMatch(/FAIL {2}app-1: exit 1$/);
  expect(result.stdout).toContain("  FAIL  app-1: exit 1\n    stub cloud-init: failing as told\n");
  expect(status(line("nginx -t"))).toBe("FAIL");
  expect(result.stdout).toContain("    stub nginx: failing as told\n");
  if (has("php-fpm-pool")) expect(status(line("php-fpm -t"))).toBe("FAIL");
  if (has("supervisor")) expect(line("supervisord")).toMatch(/FAIL {2}app-1: supervisorctl avail does not list /);
  // systemd only warns (exit 0) about unknown keys: any output fails.
  expect(line("systemd-analyze verify")).toMatch(/FAIL {2}app-1: warnings$/);
  expect(result.stdout).toContain("    stub systemd-analyze: a warning\n");
  expect(stubProcesses(stubs)).toEqual([]);
});

test("a missing tool fails each check that needs it, with the install hint; nothing is skipped silently", () => {
  const onlyCloudInit = makeStubs(["cloud-init"]);
  try {
    const result = runValidate(onlyCloudInit, ["--only", "runtime", "--dir", synthDir(), "dev"]);
    expect(result.status).toBe(1);
    expect(result.lines).toHaveLength(CHECKS.length);
    expect(status(lineOf(result.lines, "bizsocials/dev", "cloud-init schema"))).toBe("ok");
    for (const line of result.lines.filter((l) => status(l) !== "ok")) {
      if (status(line) === "none") continue;
      expect(line).toMatch(/FAIL {2}app-1: \S+ not found on PATH.*install the tools with `bash scripts\/install-validate-tools\.sh`/);
    }
    expect(lineOf(result.lines, "bizsocials/dev", "nginx -t")).toContain("nginx not found on PATH");
    expect(lineOf(result.lines, "bizsocials/dev", "health")).toContain("nginx not found on PATH");
  } finally {
    onlyCloudInit.cleanup();
  }
});

test("nginx answering the health path itself fails: no fake 200 before the app runs (a folder with one stack will do)", () => {
  const one = fixtureDir({ staging: synthJson("staging") });
  try {
    const result = runValidate(stubs, ["--only", "runtime", "--dir", one.dir], { STUB_NGINX_200: "1" });
    expect(result.status).toBe(1);
    expect(result.lines.every((l) => l.startsWith("bizsocials/staging "))).toBe(true);
    expect(lineOf(result.lines, "bizsocials/staging", "health")).toMatch(/FAIL {2}app-1: GET \/\S+ \(Host: \S+\) answered 200 before the app ran/);
  } finally {
    one.cleanup();
  }
});

describe("a hand-written document", () => {
  const userData = [
    "#cloud-config",
    "users: [{ name: shop }]",
    "write_files:",
    "  - path: /etc/nginx/conf.d/shop.conf",
    "    content: |",
    "      server { listen 80; server_name dev.shop.io; location / { proxy_pass http://127.0.0.1:8000; } }",
    "  - path: /usr/local/sbin/shop-task",
    "    content: |",
    "      #!/bin/sh",
    '      echo "$${1:-none}"',
    "  - path: /etc/systemd/system/no-such-unit.service.d/override.conf",
    "    content: |",
    "      [Service]",
    "      Nice=5",
  ].join("\n");
  const stack = {
    "//": { platform: { app: "shop", stack: "dev", healthPath: "/healthz", hostname: "dev.shop.io" } },
    resource: { digitalocean_droplet: { "app-tier_app-1": { user_data: userData }, "app-tier_app-2": { user_data: "#cloud-config\nruncmd: [['echo', '${var.x}']]\n" } } },
  };
  let result: ReturnType<typeof runValidate>;
  let calls: ReturnType<Stubs["calls"]>;
  beforeAll(() => {
    const own = makeStubs();
    const dir = fixtureDir({ dev: stack });
    try {
      result = runValidate(own, ["--only", "runtime", "--dir", dir.dir]);
      calls = own.calls();
    } finally {
      dir.cleanup();
      own.cleanup();
    }
  });
  const line = (check: string) => lineOf(result.lines, "shop/dev", check);

  test("proxy_pass: the stub app runs inside the validator; 502 before it, 200 with it", () => {
    expect(line("health")).toMatch(/ok {2}\(app-1: GET \/healthz \(Host: dev\.shop\.io\): 502 before the app, 200 with a stub HTTP app\)/);
    expect(line("nginx -t")).toMatch(/ok {2}\(app-1: \/etc\/nginx\/conf\.d\/shop\.conf\)/);
  });
  test("a shell script anywhere is shellchecked with its shebang's shell", () => {
    expect(line("shellcheck")).toMatch(/ok {2}\(app-1: \/usr\/local\/sbin\/shop-task \(sh\)\)/);
    expect(calls.find((c) => c.tool === "shellcheck")!.argv).toEqual(["--shell=sh", "--format=gcc", expect.stringMatching(/\/usr\/local\/sbin\/shop-task$/)]);
  });
  test("a drop-in for a unit this machine does not have fails", () => {
    expect(line("systemd-analyze verify")).toMatch(/FAIL {2}app-1: no-such-unit\.service is not installed on this machine/);
  });
  test("user_data with Terraform expressions cannot be checked, and says so", () => {
    expect(line("cloud-init schema")).toMatch(/FAIL {2}app-2: user_data holds Terraform expressions \(\$\{var\.x\}\)/);
  });
  test("what the documents do not have is said, not skipped", () => {
    expect(line("php-fpm -t")).toMatch(/none {2}\(no PHP-FPM pool in user_data\)$/);
    expect(line("supervisord")).toMatch(/none {2}\(no supervisor program file in user_data\)$/);
    expect(result.status).toBe(1);
  });
});
