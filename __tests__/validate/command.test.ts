/**
 * `npm run validate` end to end, terraform stage and command line: scripts/validate.ts as a child
 * process against stub tools on PATH (stub-tool.js records each call), on the JSON global-setup.ts
 * synthesized.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { EXAMPLE_TFVARS } from "../../validate/example-inputs";
import { synthJson } from "../helpers";
import { makeStubs, runValidate, synthDir, type Stubs } from "./stubs";

let stubs: Stubs;
beforeEach(() => {
  stubs = makeStubs();
});
afterEach(() => stubs.cleanup());

test("terraform stage: init, validate and plan per stack in a scratch copy with a local backend and the example variables", () => {
  const result = runValidate(stubs, ["--only", "terraform", "--dir", synthDir(), "prod", "dev"], { TF_CLI_CONFIG_FILE: "/etc/mirror.tfrc" });
  expect(result.stderr).toMatch(/validate: 6 ok, 0 failed/);
  expect(result.status).toBe(0);
  expect(result.lines).toEqual([
    "bizsocials/dev   terraform init      ok",
    "bizsocials/dev   terraform validate  ok",
    "bizsocials/dev   terraform plan      ok  (38 to add)",
    "bizsocials/prod  terraform init      ok",
    "bizsocials/prod  terraform validate  ok",
    "bizsocials/prod  terraform plan      ok  (38 to add)",
  ]);

  const calls = stubs.calls();
  expect(calls.every((c) => c.tool === "terraform")).toBe(true);
  expect(calls.map((c) => c.argv.map((a) => a.replace(/^-var-file=.*/, "-var-file=…")))).toEqual(
    [1, 2].flatMap(() => [
      ["init", "-input=false", "-no-color"],
      ["validate", "-no-color"],
      ["plan", "-input=false", "-no-color", "-lock=false", "-var-file=…"],
    ]),
  );
  const [devDir, prodDir] = [calls[0]!.cwd, calls[3]!.cwd];
  expect(devDir).not.toBe(prodDir);
  for (const c of calls) {
    expect(c.cwd.startsWith(synthDir())).toBe(false);
    expect(c.backend).toEqual({ local: { path: "terraform.tfstate" } });
    expect(c.env).toEqual({ TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1", TF_CLI_CONFIG_FILE: "/etc/mirror.tfrc" });
  }
  // The var file: exactly the variables each stack declares without a default, with the values of docs/deploying-stacks.md.
  const varFile = (i: number) => JSON.parse(calls[i]!.varFile!);
  expect(varFile(2)).toEqual({ admin_cidrs: EXAMPLE_TFVARS.admin_cidrs, ssh_key_fingerprints: EXAMPLE_TFVARS.ssh_key_fingerprints });
  expect(Object.keys(synthJson("dev").variable!).sort()).toEqual(Object.keys(varFile(2)).sort());
  expect(varFile(5)).toEqual(EXAMPLE_TFVARS);
  // The scratch copies are gone; the synth output is untouched.
  expect(fs.existsSync(devDir)).toBe(false);
  expect(fs.readdirSync(path.join(synthDir(), "stacks", "prod"))).toEqual(["cdk.tf.json"]);
});

test("--var-file replaces the generated var file", () => {
  const file = path.join(os.tmpdir(), `validate-test-${process.pid}.tfvars.json`);
  fs.writeFileSync(file, '{"admin_cidrs": ["198.51.100.0/24"]}');
  try {
    const result = runValidate(stubs, ["--only", "terraform", "--dir", synthDir(), "--var-file", file, "dev"]);
    expect(result.status).toBe(0);
    const plan = stubs.calls().find((c) => c.argv[0] === "plan")!;
    expect(plan.argv).toContain(`-var-file=${file}`);
    expect(plan.varFile).toBe('{"admin_cidrs": ["198.51.100.0/24"]}');
  } finally {
    fs.rmSync(file);
  }
});

test("a failing terraform step is a FAIL line with its output; the later steps say they were skipped", () => {
  const result = runValidate(stubs, ["--only", "terraform", "--dir", synthDir(), "staging"], { STUB_FAIL: "terraform validate" });
  expect(result.status).toBe(1);
  expect(result.stdout).toBe(
    [
      "bizsocials/staging  terraform init      ok",
      "bizsocials/staging  terraform validate  FAIL  exit 1",
      "    stub terraform: failing as told",
      "bizsocials/staging  terraform plan      skip  (terraform validate failed)",
      "",
    ].join("\n"),
  );
  expect(stubs.calls().map((c) => c.argv[0])).toEqual(["init", "validate"]);
});

test("a missing terraform fails the stage with an install hint", () => {
  const only = makeStubs(["cloud-init"]);
  try {
    const result = runValidate(only, ["--only", "terraform", "--dir", synthDir(), "dev"]);
    expect(result.status).toBe(1);
    expect(result.lines[0]).toMatch(/^bizsocials\/dev {2}terraform init {6}FAIL {2}terraform not found on PATH.*install Terraform ≥ 1\.7/);
    expect(result.lines.slice(1).every((l) => / skip {2}\(terraform init failed\)$/.test(l))).toBe(true);
  } finally {
    only.cleanup();
  }
});

test("without --dir the selection is synthesized: positional stacks replace PLATFORM_STACKS, the preset names the lines", () => {
  const result = runValidate(stubs, ["--only", "terraform", "dev"], { PLATFORM_STACKS: "prod", PLATFORM_PRESET: "quickcart" });
  expect(result.stderr).toMatch(/validate: 3 ok/);
  expect(result.status).toBe(0);
  expect(result.lines.map((l) => l.split(/\s+/)[0])).toEqual(["quickcart/dev", "quickcart/dev", "quickcart/dev"]);
});

test.each([
  ["an unknown flag", ["--yaml"], {}, ["Unknown option '--yaml'", "usage: npm run validate"]],
  ["an unknown stage", ["--only", "lint"], {}, ['validate: --only = "lint" is not allowed; allowed: terraform, runtime', "usage: npm run validate"]],
  ["an unknown stack", ["qa", "prod"], { PLATFORM_PRESET: "nope" }, ['selection: stack name = "qa" (from the stack arguments "qa,prod") is not allowed; allowed: dev, staging, prod, dr', 'PLATFORM_PRESET = "nope"']],
  ["an empty PLATFORM_STACKS", [], { PLATFORM_STACKS: "" }, ['selection: PLATFORM_STACKS = "" is not allowed']],
  ["an empty PLATFORM_STACKS with --dir", ["--dir", "/nonexistent"], { PLATFORM_STACKS: "" }, ['selection: PLATFORM_STACKS = "" is not allowed']],
  ["a --dir without the stacks", ["--dir", "/nonexistent"], {}, ['validate: --dir = "/nonexistent" is not allowed']],
  ["a missing --var-file", ["--var-file", "/nonexistent.tfvars"], {}, ['validate: --var-file = "/nonexistent.tfvars"']],
])("rejects %s with exit 1 and a message, running nothing", (_name, args, env, messages) => {
  const result = runValidate(stubs, args, env);
  expect(result.status).toBe(1);
  for (const m of messages) expect(result.stderr).toContain(m);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  expect(result.stdout).toBe("");
  expect(stubs.calls()).toEqual([]);
});

test("the bootstrap stack is validated when named, like any stack", () => {
  const result = runValidate(stubs, ["--only", "terraform", "bootstrap"]);
  expect(result.status).toBe(0);
  expect(result.lines).toEqual(["bizsocials/bootstrap  terraform init      ok", "bizsocials/bootstrap  terraform validate  ok", expect.stringMatching(/^bizsocials\/bootstrap  terraform plan      ok/)]);
  // Its local backend is replaced by the scratch copy's, as every stack's is.
  for (const c of stubs.calls()) expect(c.backend).toEqual({ local: { path: "terraform.tfstate" } });
});

describe("what terraform printed, under a FAIL line", () => {
  /** Real Terraform 1.11.4 output (see __tests__/fixtures/terraform-output/README.md). */
  const fixture = (name: string) => path.join(__dirname, "..", "fixtures", "terraform-output", name);
  const printed = (name: string) => ["stdout", "stderr"].map((ext) => fs.readFileSync(`${fixture(name)}.${ext}`, "utf8")).join("");
  const STACKS = ["dev", "staging", "prod", "dr"];
  const count = (text: string, part: string) => text.split(part).length - 1;
  const offline = { STUB_TERRAFORM_REPLAY: `init=${fixture("init-offline")}`, TF_CLI_CONFIG_FILE: "/nonexistent/mirror.tfrc" };

  test("providers that cannot be installed: one line per stack naming them and why, then one hint; not Terraform's text", () => {
    const result = runValidate(stubs, ["--only", "terraform", "--dir", synthDir(), ...STACKS], offline);
    expect(result.status).toBe(1);
    const all = `${result.stdout}${result.stderr}`;
    // Four stacks: at most one line each, the hint and the summary (before: ~40 lines a stack).
    expect(all.trimEnd().split("\n").length).toBeLessThanOrEqual(STACKS.length + 7);
    expect(result.stdout.trimEnd().split("\n")).toHaveLength(STACKS.length);
    for (const stack of STACKS) {
      expect(count(all, `bizsocials/${stack} `)).toBe(1);
      expect(result.stdout).toMatch(new RegExp(`^bizsocials/${stack} +terraform init +FAIL {2}cannot install providers digitalocean/digitalocean, hashicorp/random: could not connect to registry\\.terraform\\.io; validate and plan not run$`, "m"));
    }
    expect(count(all, "--only runtime")).toBe(1);
    expect(count(all, "TF_CLI_CONFIG_FILE")).toBe(2); // the mirror, and that the file named does not exist
    expect(result.stderr).toContain('TF_CLI_CONFIG_FILE = "/nonexistent/mirror.tfrc" does not exist');
    expect(count(all, "DIGITALOCEAN_TOKEN")).toBe(1);
    expect(count(all, "--verbose")).toBe(1);
    expect(all).not.toContain("Could not retrieve the list of available versions");
    expect(all).not.toContain("Initializing provider plugins");
    expect(stubs.calls().map((c) => c.argv[0])).toEqual(STACKS.map(() => "init"));
    expect(result.stderr).toMatch(/validate: 0 ok, 4 failed, 0 with nothing to check, 0 skipped/);
  });

  test("--verbose: Terraform's whole output under each init line", () => {
    const result = runValidate(stubs, ["--only", "terraform", "--dir", synthDir(), "--verbose", "dev", "prod"], offline);
    expect(result.status).toBe(1);
    const raw = printed("init-offline").split("\n").map((l) => l.trimEnd()).filter((l) => l !== "");
    // Each line as often as Terraform printed it, for each of the two stacks.
    for (const line of raw) expect(count(result.stdout, `    ${line}\n`)).toBe(2 * raw.filter((l) => l === line).length);
    expect(count(result.stderr, "--only runtime")).toBe(1);
    expect(result.stderr).not.toContain("--verbose");
  });

  test("a configuration error: Terraform's errors whole (summary, where, detail), each once, without its progress and warnings", () => {
    const result = runValidate(stubs, ["--only", "terraform", "--dir", synthDir(), "prod"], { STUB_TERRAFORM_REPLAY: `validate=${fixture("validate-undeclared")}` });
    expect(result.status).toBe(1);
    expect(result.lines).toEqual([
      "bizsocials/prod  terraform init      ok",
      "bizsocials/prod  terraform validate  FAIL  exit 1",
      "bizsocials/prod  terraform plan      skip  (terraform validate failed)",
    ]);
    const body = result.stdout.split("\n").filter((l) => l.startsWith("    ")).map((l) => l.slice(4)).join("\n");
    const raw = printed("validate-undeclared");
    // Every line from the first Error: on, as Terraform printed it (blank lines aside).
    const errors = raw.slice(raw.indexOf("Error:")).split("\n").filter((l) => l.trim() !== "");
    expect(errors.length).toBeGreaterThan(6);
    for (const line of errors) expect(count(body, line)).toBe(1);
    expect(count(body, "Error: ")).toBe(2);
    expect(body).not.toContain("Warning");
    expect(body).not.toContain("CLI configuration");
    expect(result.stderr).not.toContain("--only runtime");

    const verbose = runValidate(stubs, ["--only", "terraform", "--dir", synthDir(), "--verbose", "prod"], { STUB_TERRAFORM_REPLAY: `validate=${fixture("validate-undeclared")}` });
    expect(verbose.stdout).toContain("    │ Warning: Unable to open CLI configuration file");
  });
});
