/**
 * `npm run handoff` end to end (child processes), and the bundle's pieces: JSON identical to the
 * synth output, a tfvars example whose values pass the variables' own validation rules, a README
 * with the stack's backend and commands, its sizing column, cost and suppressions, SHA256SUMS,
 * byte-identical reruns, and bad input that changes nothing.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { marked, type Tokens } from "marked";
import { parseCidr } from "../../config/validate";
import { sizingColumn } from "../../bundle/sizing";
import { MissingExampleError, tfvarsExample } from "../../bundle/tfvars";
import { fromDir } from "../../validate/stacks";
import { synthText } from "../helpers";
import { makeStubs, runValidate } from "../validate/stubs";

const root = path.join(__dirname, "..", "..");
let tmp: string;

function handoff(args: string[], env: Record<string, string> = {}, preload: string[] = []) {
  return spawnSync(process.execPath, ["-r", "./lib/register.js", ...preload.flatMap((p) => ["-r", p]), "scripts/handoff.ts", "--out", path.join(tmp, "handoff"), ...args], {
    cwd: root,
    env: { PATH: process.env.PATH, CDKTF_OUTDIR: path.join(tmp, "cdktf.out"), ...env },
    encoding: "utf8",
  });
}

function readTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (e.isFile()) out[path.relative(dir, path.join(e.parentPath, e.name))] = fs.readFileSync(path.join(e.parentPath, e.name), "utf8");
  }
  return out;
}

const bundle = (stack: string) => path.join(tmp, "handoff", "bizsocials", stack);
const file = (stack: string, name: string) => fs.readFileSync(path.join(bundle(stack), name), "utf8");

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "platform-handoff-"));
  const result = handoff([]);
  expect(result.stderr).toBe("");
  expect(result.status).toBe(0);
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe.each(["dev", "staging", "prod", "dr"] as const)("the %s bundle", (stack) => {
  it("holds the stack's JSON exactly as cdktf.out has it (and as an independent synth writes it)", () => {
    expect(file(stack, "cdk.tf.json")).toBe(fs.readFileSync(path.join(tmp, "cdktf.out", "stacks", stack, "cdk.tf.json"), "utf8"));
    expect(file(stack, "cdk.tf.json")).toBe(synthText(stack));
  });

  it("has a SHA256SUMS that sha256sum -c accepts, over every other file", () => {
    const check = spawnSync("sha256sum", ["-c", "SHA256SUMS"], { cwd: bundle(stack), encoding: "utf8" });
    expect(check.status).toBe(0);
    expect(check.stdout.trim().split("\n").sort()).toEqual(["README.md: OK", "cdk.tf.json: OK", "terraform.tfvars.example: OK"]);
  });

  it("lists every declared variable with its description, type, rules in words, and an example that passes them", () => {
    const variables = JSON.parse(file(stack, "cdk.tf.json")).variable as Record<string, { description: string; type: string; validation?: { condition: string; error_message: string }[] }>;
    const example = file(stack, "terraform.tfvars.example");
    expect(Object.keys(variables).length).toBeGreaterThan(0);
    for (const [name, v] of Object.entries(variables)) {
      expect(example).toContain(`# ${name}: ${v.type}, `);
      expect(example).toContain(`#   ${v.description}`);
      const line = new RegExp(`^${name} = (.*)$`, "m").exec(example);
      expect(line).not.toBeNull();
      const value = JSON.parse(line![1]!) as unknown; // lists of strings and strings are JSON in HCL
      for (const rule of v.validation ?? []) {
        expect(example).toContain(`#   Rule: ${rule.error_message}`);
        expect({ name, rule: rule.condition, passes: passes(rule.condition, value) }).toEqual({ name, rule: rule.condition, passes: true });
      }
    }
  });

  it("has a README with its backend, the exact commands, cost and suppressions", () => {
    const json = JSON.parse(file(stack, "cdk.tf.json"));
    const readme = file(stack, "README.md");
    const s3 = json.terraform.backend.s3;
    expect(readme).toContain(`Spaces bucket \`${s3.bucket}\`, key \`${s3.key}\`, endpoint \`${s3.endpoints.s3}\``);
    expect(readme).toContain(`export AWS_ACCESS_KEY_ID=… AWS_SECRET_ACCESS_KEY=…   # the Spaces key scoped to ${s3.bucket}`);
    expect(readme).toContain("export DIGITALOCEAN_TOKEN=…");
    expect(readme).toContain("export SPACES_ACCESS_KEY_ID=… SPACES_SECRET_ACCESS_KEY=…");
    for (const [name, p] of Object.entries(json.terraform.required_providers as Record<string, { source: string; version: string }>)) {
      expect(readme).toContain(`\`${p.source}\` ${p.version} (${name})`);
    }
    expect(readme).toContain("AWS_REQUEST_CHECKSUM_CALCULATION=when_required AWS_RESPONSE_CHECKSUM_VALIDATION=when_required");
    const commands = ["sha256sum -c SHA256SUMS", "cp terraform.tfvars.example terraform.tfvars", "terraform init -input=false", "terraform plan -input=false -out=tfplan", "terraform apply tfplan"];
    const positions = commands.map((c) => readme.indexOf(c));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(readme).toContain(`Terraform ${json.terraform.required_version}`);
    expect(readme).toContain("Spaces has no state locking");
    expect(readme).toMatch(/\| \*\*total\*\* \| \| \| \| \*\*\$\d+\.\d\d\*\* \|/);
    expect(readme).toContain("| DO-FW-2 | `" + stack + "/compute/firewall/firewall` |");
    expect(readme).toContain("Droplets must reach apt mirrors");
  });

  it("has the stack's column of docs/SIZING.md", () => {
    const doc = fs.readFileSync(path.join(root, "docs", "SIZING.md"), "utf8");
    const table = marked.lexer(doc).find((t): t is Tokens.Table => t.type === "table")!;
    const index = table.header.findIndex((h) => h.text === stack || h.text === `${stack} (launch, default)`);
    expect(index).toBeGreaterThan(0);
    const readme = file(stack, "README.md");
    for (const row of table.rows) expect(readme).toContain(`| ${row[0]!.text.replace(/\|/g, "\\|")} | ${row[index]!.text.replace(/\|/g, "\\|")} |`);
  });
});

/** The validation conditions these stacks use, evaluated in JS; an unknown form fails the test. */
function passes(condition: string, value: unknown): boolean {
  const list = Array.isArray(value) ? (value as string[]) : [value as string];
  const checks: boolean[] = [];
  if (/length\(var\.\w+\) > 0/.test(condition)) checks.push(list.length > 0);
  if (/cidrhost\(c, 0\)/.test(condition)) checks.push(list.every((c) => parseCidr(c) !== null || /:/.test(c)));
  if (/endswith\(c, \\"\/0\\"\)/.test(condition) || /endswith\(c, "\/0"\)/.test(condition)) checks.push(list.every((c) => !c.endsWith("/0")));
  const regex = /regex\("((?:[^"\\]|\\.)*)"/.exec(condition);
  if (regex) checks.push(list.every((x) => new RegExp(JSON.parse(`"${regex[1]}"`) as string).test(x)));
  if (/startswith\(var\.\w+, "https:\/\/hooks\.slack\.com\/"\)/.test(condition)) checks.push(list.every((x) => x === "" || x.startsWith("https://hooks.slack.com/")));
  if (checks.length === 0) throw new Error(`no JS equivalent for the condition ${condition}: add one to this test`);
  return checks.every(Boolean);
}

it("writes byte-identical bundles on a second run", () => {
  const first = readTree(path.join(tmp, "handoff"));
  expect(handoff([]).status).toBe(0);
  expect(readTree(path.join(tmp, "handoff"))).toEqual(first);
  expect(fs.readdirSync(path.join(tmp, "handoff", "bizsocials")).sort()).toEqual(["dev", "dr", "prod", "staging"]); // no staging dirs left
});

it("named stacks replace PLATFORM_STACKS; other bundles stay as they were", () => {
  const devBefore = readTree(bundle("dev"));
  const result = handoff(["prod"], { PLATFORM_PROD_PROFILE: "growth" });
  expect(result.status).toBe(0);
  expect(result.stdout.trim().split("\n")).toHaveLength(1);
  expect(file("prod", "README.md")).toContain("prod profile: growth, DR mode: standby");
  expect(file("prod", "README.md")).toContain("| app droplets | 4 × s-2vcpu-4gb |");
  expect(readTree(bundle("dev"))).toEqual(devBefore);
  expect(handoff(["prod"]).status).toBe(0); // back to launch for the other tests
});

it("the bootstrap bundle: local state, no variables", () => {
  const result = handoff(["bootstrap"]);
  expect(result.status).toBe(0);
  const readme = file("bootstrap", "README.md");
  const local = JSON.parse(file("bootstrap", "cdk.tf.json")).terraform.backend.local;
  expect(readme).toContain(`State: a local file, \`${local.path}\` relative to the directory terraform runs in`);
  expect(readme).toContain("-backend-config=path=<file>");
  expect(readme).not.toContain("AWS_ACCESS_KEY_ID");
  expect(readme).not.toContain("Spaces has no state locking"); // a local state has a (machine-local) lock
  expect(readme).toContain("has no column for bootstrap");
  expect(readme).not.toContain("cp terraform.tfvars.example");
  expect(file("bootstrap", "terraform.tfvars.example")).toContain("# This stack declares no variables.");
});

it.each([
  ["an unknown stack", ["qa"], {}, 'selection: stack name = "qa" (from the stack arguments "qa")', "allowed: dev, staging, prod, dr, bootstrap (only when named)"],
  ["an empty PLATFORM_STACKS", [], { PLATFORM_STACKS: "" }, 'selection: PLATFORM_STACKS = ""', "unset PLATFORM_STACKS"],
  ["a bad profile", [], { PLATFORM_PROD_PROFILE: "huge" }, 'prod: profile = "huge" (from PLATFORM_PROD_PROFILE)', "allowed: launch, growth"],
  ["an unknown flag", ["--zip"], {}, "Unknown option '--zip'", "usage: npm run handoff"],
])("%s: exit 1, a clear message, bundles and cdktf.out untouched", (_name, args, env, message, allowed) => {
  const before = readTree(tmp);
  const result = handoff(args, env);
  expect(result.status).toBe(1);
  expect(result.stderr).toContain(message);
  expect(result.stderr).toContain(allowed);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  expect(readTree(tmp)).toEqual(before);
});

it("a policy violation (staging over a $1 budget): exit 1, the rule, bundles and cdktf.out untouched", () => {
  const before = readTree(tmp);
  const result = handoff([], {}, ["./__tests__/fixtures/over-budget.ts"]);
  expect(result.status).toBe(1);
  expect(result.stderr).toContain("[DO-COST-1] staging: staging (stack) monthly estimate = 77");
  expect(result.stderr).not.toMatch(/\n\s+at /);
  expect(readTree(tmp)).toEqual(before);
});

it("a required variable without an example (after synth succeeded): exit 1, its name, bundles and cdktf.out untouched", () => {
  const before = readTree(tmp);
  const result = handoff(["dev", "prod"], {}, ["./__tests__/handoff/fixtures/no-example.ts"]);
  expect(result.status).toBe(1);
  expect(result.stderr).toContain("handoff: no example value for the required variable alert_emails; allowed: variables with an example in validate/example-inputs.ts");
  expect(result.stderr).not.toMatch(/\n\s+at /);
  expect(readTree(tmp)).toEqual(before); // dev could be bundled, but nothing is written when prod cannot
});

it("puts no path, host, user or credential of the machine into a bundle", () => {
  const secrets = { DIGITALOCEAN_TOKEN: "dop_v1_sentinel0token", AWS_SECRET_ACCESS_KEY: "sentinel0aws0secret", SPACES_SECRET_ACCESS_KEY: "sentinel0spaces0secret" };
  const out = fs.mkdtempSync(path.join(tmp, "elsewhere-"));
  const home = fs.mkdtempSync(path.join(tmp, "sentinel-home-"));
  const result = spawnSync(process.execPath, ["-r", "./lib/register.js", "scripts/handoff.ts", "--out", out], {
    cwd: root,
    env: { PATH: process.env.PATH, CDKTF_OUTDIR: path.join(out, "cdktf.out"), HOME: home, USER: "sentinel0user", ...secrets },
    encoding: "utf8",
  });
  expect(result.stderr).toBe("");
  const elsewhere = readTree(path.join(out, "bizsocials"));
  const here = Object.entries(readTree(path.join(tmp, "handoff", "bizsocials"))).filter(([name]) => !name.startsWith("bootstrap/"));
  expect(elsewhere).toEqual(Object.fromEntries(here)); // same bytes, whatever the output dir
  const machine = [root, tmp, os.hostname(), "sentinel0", ...Object.values(secrets)];
  for (const [name, content] of Object.entries(elsewhere)) for (const m of machine) expect({ name, has: content.includes(m) ? m : undefined }).toEqual({ name, has: undefined });
});

it("a preset without a sizing doc says so instead of printing the default preset's column", () => {
  const result = handoff(["prod"], { PLATFORM_PRESET: "bulletdrop" });
  expect(result.status).toBe(0);
  const readme = fs.readFileSync(path.join(tmp, "handoff", "bulletdrop", "prod", "README.md"), "utf8");
  expect(readme).toContain("documents the default preset only, not bulletdrop");
  expect(readme).not.toContain("| app droplets |");
  expect(spawnSync("sha256sum", ["-c", "SHA256SUMS"], { cwd: path.join(tmp, "handoff", "bulletdrop", "prod") }).status).toBe(0);
  fs.rmSync(path.join(tmp, "handoff", "bulletdrop"), { recursive: true });
});

it("failover mode: prod and dr bundles say so", () => {
  const result = handoff(["prod", "dr"], { PLATFORM_DR_MODE: "failover", PLATFORM_DR_PROMOTED_CLUSTER: "bizsocials-dr-mysql-replica" });
  expect(result.status).toBe(0);
  for (const stack of ["prod", "dr"]) expect(file(stack, "README.md")).toContain("prod profile: launch, DR mode: failover");
  expect(file("prod", "cdk.tf.json")).toBe(fs.readFileSync(path.join(tmp, "cdktf.out", "stacks", "prod", "cdk.tf.json"), "utf8"));
  expect(handoff(["prod", "dr"]).status).toBe(0); // back to standby for the other tests
});

describe("sizingColumn", () => {
  const doc = "| | dev | prod (launch, default) | prod (growth) |\n|---|---|---|---|\n| app | 1 × a | 2 × b | 4 × c |\n| cdn | no | yes | same |\n";
  it("takes the stack's column, by profile, with \"same\" resolved to the cell on its left", () => {
    expect(sizingColumn(doc, "dev", "growth")).toEqual([{ label: "app", value: "1 × a" }, { label: "cdn", value: "no" }]);
    expect(sizingColumn(doc, "prod", "launch")).toEqual([{ label: "app", value: "2 × b" }, { label: "cdn", value: "yes" }]);
    expect(sizingColumn(doc, "prod", "growth")).toEqual([{ label: "app", value: "4 × c" }, { label: "cdn", value: "yes" }]);
  });
  it("is undefined for a stack without a column, or a doc without a table", () => {
    expect(sizingColumn(doc, "dr", "launch")).toBeUndefined();
    expect(sizingColumn(doc, "prod", "huge")).toBeUndefined();
    expect(sizingColumn("# no table\n", "dev", "launch")).toBeUndefined();
  });
});

it("refuses a required variable it has no example for, naming it", () => {
  expect(() => tfvarsExample("x/prod", { api_key: { type: "string" }, admin_cidrs: { type: "list(string)" } })).toThrow(MissingExampleError);
  expect(() => tfvarsExample("x/prod", { api_key: { type: "string" } })).toThrow("no example value for the required variable api_key");
});

describe("npm run validate on a bundle", () => {
  it("reads the bundle directory as its stack", () => {
    const [doc, ...rest] = fromDir(bundle("prod"), undefined);
    expect(rest).toEqual([]);
    expect(doc!.stack).toBe("prod");
    expect(doc!.label).toBe("bizsocials/prod");
    expect(() => fromDir(bundle("prod"), ["dev"])).toThrow("this one holds prod");
  });

  it("plans the bundle's JSON with its example tfvars (terraform stubbed)", () => {
    const stubs = makeStubs();
    try {
      const varFile = path.join(bundle("prod"), "terraform.tfvars.example");
      const result = runValidate(stubs, ["--only", "terraform", "--dir", bundle("prod"), "--var-file", varFile]);
      expect(result.status).toBe(0);
      const plan = stubs.calls().find((c) => c.argv[0] === "plan")!;
      expect(plan.argv).toContain(`-var-file=${varFile}`);
    } finally {
      stubs.cleanup();
    }
  });
});

it("the JS equivalents of the rules reject bad values (so the example check can fail)", () => {
  const variables = JSON.parse(file("prod", "cdk.tf.json")).variable as Record<string, { validation: { condition: string }[] }>;
  const rule = (name: string, i = 0) => variables[name]!.validation[i]!.condition;
  expect(passes(rule("admin_cidrs"), ["not-a-cidr"])).toBe(false);
  expect(passes(rule("admin_cidrs"), [])).toBe(false);
  expect(passes(rule("admin_cidrs", 1), ["0.0.0.0/0"])).toBe(false);
  expect(passes(rule("ssh_key_fingerprints"), ["3b:16:bf"])).toBe(false);
  expect(passes(rule("alert_emails"), ["ops-at-example"])).toBe(false);
  expect(passes(rule("alert_slack_webhook_url"), "https://example.com/hook")).toBe(false);
});
