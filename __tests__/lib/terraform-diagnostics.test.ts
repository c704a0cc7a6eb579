/** Terraform's diagnostics read back from what it printed, on real Terraform 1.11.4 output. */
import * as fs from "node:fs";
import * as path from "node:path";
import { errorReport, parseDiagnostics, stripAnsi } from "../../lib/terraform-diagnostics";
import { providerInstallFailure } from "../../validate/terraform";

const printed = (name: string) => ["stdout", "stderr"].map((ext) => fs.readFileSync(path.join(__dirname, "..", "fixtures", "terraform-output", `${name}.${ext}`), "utf8")).join("");

test("init offline: the boxed CLI-configuration warning ends with its box; each error with its detail, no progress line", () => {
  const found = parseDiagnostics(printed("init-offline"));
  expect(found.map((d) => `${d.severity}: ${d.summary}`)).toEqual([
    "Warning: Unable to open CLI configuration file",
    "Error: Failed to query available provider packages",
    "Error: Failed to query available provider packages",
  ]);
  expect(found[0]!.detail).toBe('The CLI configuration file at "/root/.terraformrc" does not exist.');
  for (const d of found.slice(1)) {
    expect(d.detail).toMatch(/^Could not retrieve the list of available versions for provider\n/);
    expect(d.detail).toMatch(/\n {4}terraform providers$/);
    expect(d.detail).not.toContain("Initializing");
  }
});

test("coloured output (terraform output without -no-color): the same diagnostic, no escape codes, no box", () => {
  const raw = printed("output-backend-required");
  expect(raw).toContain("\x1b[");
  const [d, ...rest] = parseDiagnostics(raw);
  expect(rest).toEqual([]);
  expect(d!.summary).toBe('Backend initialization required, please run "terraform init"');
  expect(d!.detail.split("\n")[0]).toBe('Reason: Initial configuration of the requested backend "s3"');
  expect(d!.detail).toMatch(/no changes to your existing\nconfiguration or state have been made\.$/);
  expect(`${d!.summary}${d!.detail}`).not.toMatch(/[\x1b│╷╵]/);
});

test("errorReport: the errors whole, each once (Terraform repeats a diagnostic per instance), warnings left out", () => {
  const raw = printed("validate-undeclared");
  const once = errorReport(raw);
  const errors = raw.slice(raw.indexOf("\nError:"));
  expect(errorReport(raw + errors + errors)).toBe(once);
  expect(once.split("\n")[0]).toBe("Error: Reference to undeclared input variable");
  expect(once).toContain('  on cdk.tf.json line 5, in resource.terraform_data.web:\n   5:       "web": { "input": "${var.admin_cidr}" },');
  expect(once).toContain("\n\nError: Reference to undeclared resource\n\n");
  expect(once).not.toContain("Warning");
  // Without an Error: line, the output itself (colour removed).
  expect(errorReport("\x1b[31mstub terraform: failing\x1b[0m\n\n")).toBe("stub terraform: failing");
  expect(stripAnsi("\x1b[1m\x1b[31mError: \x1b[0m\x1b[0mx\r")).toBe("Error: x");
});

describe("providerInstallFailure: which providers init could not install, and why", () => {
  test("registry unreachable (the fixture)", () => {
    expect(providerInstallFailure(printed("init-offline"))?.map((f) => f.provider).sort()).toEqual(["digitalocean/digitalocean", "hashicorp/random"]);
    expect(new Set(providerInstallFailure(printed("init-offline"))!.map((f) => f.cause))).toEqual(new Set(["could not connect to registry.terraform.io"]));
  });
  test("a filesystem mirror without the provider: where Terraform looked", () => {
    const text = 'Error: Failed to query available provider packages\n\nCould not retrieve the list of available versions for provider\nhashicorp/random: provider registry.terraform.io/hashicorp/random was not\nfound in any of the search locations\n\n  - /srv/mirror\n';
    expect(providerInstallFailure(text)).toEqual([{ provider: "hashicorp/random", cause: "it was not found in any of the search locations (/srv/mirror)" }]);
  });
  test("another init failure is not one", () => {
    expect(providerInstallFailure(printed("validate-undeclared"))).toBeUndefined();
    expect(providerInstallFailure("Error: Invalid backend configuration\n\nbad\n")).toBeUndefined();
  });
});
