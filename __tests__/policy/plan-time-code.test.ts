/**
 * DO-SEC-2 on the real stacks: every environment stack (each prod profile, standby and failover) is
 * compliant, block by block (the bootstrap: __tests__/stacks/bootstrap-stack.test.ts); the rolling
 * chain's steps are the only resources with a provisioner and carry the mark the rule looks for;
 * and no suppression can waive the rule.
 */
import * as os from "node:os";
import { App, TerraformStack } from "cdktf";
import { Droplet } from "@cdktf/provider-digitalocean/lib/droplet";
import { DigitaloceanProvider } from "@cdktf/provider-digitalocean/lib/provider";
import { DR_MODES, PROD_PROFILES, STACK_NAMES } from "../../config/types";
import { PlatformPolicy } from "../../policy/aspect";
import { ROLLING_CHAIN_ROLE, SEC_2 } from "../../policy/rules/sec-2-plan-time-code";
import { StackView, type Block } from "../../policy/stack-view";
import { suppress } from "../../policy/suppressions";
import { synthJson } from "../helpers";

const FACTS = { stack: "test", appTag: "acme", envTag: "acme-test", production: true, budgetUsd: 100 };
const REASON = "the vendor's agent needs to be installed by this provisioner";

function nonCompliant(json: object): string[] {
  const view = new StackView(FACTS, json as Block);
  return view.subjects.flatMap((s) => {
    const e = SEC_2.evaluate(s, view);
    return e.status === "NON_COMPLIANT" ? e.findings.map((f) => `${s.address} ${f.attribute}: ${f.problem}`) : [];
  });
}

const environmentStacks = PROD_PROFILES.flatMap((profile) => DR_MODES.flatMap((mode) => STACK_NAMES.map((stack) => [`${stack} (${profile}, ${mode})`, stack, profile, mode] as const)));

describe.each(environmentStacks)("%s", (_label, stack, profile, mode) => {
  const json = synthJson(stack, profile, mode);

  it("is compliant in every block", () => {
    expect(nonCompliant(json)).toEqual([]);
  });

  it("runs a provisioner only in the rolling chain's marked terraform_data steps", () => {
    const withProvisioner = Object.entries(json.resource ?? {}).flatMap(([type, blocks]) =>
      Object.entries(blocks)
        .filter(([, b]) => b.provisioner !== undefined)
        .map(([name, b]) => ({ address: `${type}.${name}`, role: (b["//"] as { platform?: { role?: string } } | undefined)?.platform?.role })),
    );
    for (const r of withProvisioner) expect(r).toEqual({ address: expect.stringMatching(/^terraform_data\./), role: ROLLING_CHAIN_ROLE });
    if (stack === "prod") expect(withProvisioner.length).toBeGreaterThan(0); // prod's app Droplets are behind a load balancer: the chain exists
  });
});

test("no suppression waives DO-SEC-2: the finding stays an error, and the suppression is reported as one too", () => {
  const app = new App({ outdir: os.tmpdir() });
  const stack = new TerraformStack(app, "test");
  new DigitaloceanProvider(stack, "do", {});
  const droplet = new Droplet(stack, "vendor", { name: "vendor", size: "s-1vcpu-1gb", image: "ubuntu-24-04-x64", region: "nyc3" });
  droplet.addOverride("provisioner", [{ "local-exec": { command: "curl https://example.com/install.sh | sh" } }]);
  suppress(droplet, "DO-SEC-2", REASON);
  const report = new PlatformPolicy(FACTS, [SEC_2]).check(stack);
  expect(report.suppressed).toEqual([]);
  expect(report.violations.map((v) => [v.rule, v.address, v.attribute])).toEqual([
    ["DO-SEC-2", "digitalocean_droplet.vendor", "provisioner[0]"],
    ["DO-SEC-2", "suppression", "id"],
  ]);
  expect(report.violations[1]!.problem).toBe("DO-SEC-2 cannot be suppressed, so this suppression waives nothing.");
});
