/**
 * The aspect as cdktf runs it: findings become error Annotations on the offending construct and
 * stop synthesis; suppressions need a reason, cover a construct and its children, and show up as
 * info Annotations; a suppression naming no rule is itself an error.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Construct } from "constructs";
import { App, Aspects, TerraformStack } from "cdktf";
import { Droplet } from "@cdktf/provider-digitalocean/lib/droplet";
import { DigitaloceanProvider } from "@cdktf/provider-digitalocean/lib/provider";
import { PlatformPolicy } from "../../policy/aspect";
import { DROPLET_1 } from "../../policy/rules/droplet-1-ssh-keys";
import { CAT_7 } from "../../policy/rules/cat-7-image";
import { suppress, suppressionFor } from "../../policy/suppressions";

const FACTS = { stack: "test", appTag: "acme", envTag: "acme-test", production: false, budgetUsd: 100 };
const REASON = "break-glass Droplet, keys are injected by the provisioning vendor";

function fixture(build: (stack: TerraformStack) => void) {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "policy-aspect-"));
  const app = new App({ outdir });
  const stack = new TerraformStack(app, "test");
  new DigitaloceanProvider(stack, "do", {});
  build(stack);
  const policy = new PlatformPolicy(FACTS, [DROPLET_1, CAT_7]);
  return { app, stack, policy, outdir };
}

const droplet = (scope: Construct, id: string, sshKeys?: string[]) =>
  new Droplet(scope, id, { name: id, size: "s-1vcpu-1gb", image: "ubuntu-24-04-x64", region: "nyc3", sshKeys });

const messages = (c: Construct, type: string) => c.node.metadata.filter((m) => m.type === type).map((m) => String(m.data));


test("a violation is an error Annotation on the resource, naming rule, stack, path, value and fix", () => {
  let bad!: Droplet;
  const { stack, policy } = fixture((s) => {
    bad = droplet(s, "bad");
    droplet(s, "good", ["aa:bb"]);
  });
  const report = policy.check(stack);
  expect(report.violations).toHaveLength(1);
  const [error] = messages(bad, "@cdktf/error");
  expect(error).toContain("[DO-DROPLET-1] test: test/bad (digitalocean_droplet.bad) ssh_keys = null");
  expect(error).toContain("Fix: set ssh_keys");
  expect(report.rules.find((r) => r.rule === "DO-DROPLET-1")!.counts).toMatchObject({ COMPLIANT: 1, NON_COMPLIANT: 1 });
});

test("cdktf runs it as an aspect: synthesis fails on the error and writes no stack", () => {
  const { app, stack, policy, outdir } = fixture((s) => droplet(s, "bad"));
  Aspects.of(stack).add(policy);
  expect(() => app.synth()).toThrow(/DO-DROPLET-1/);
  expect(fs.existsSync(path.join(outdir, "stacks", "test", "cdk.tf.json"))).toBe(false);
});

test("checking twice reports once (the aspect is idempotent per stack)", () => {
  let bad!: Droplet;
  const { stack, policy } = fixture((s) => {
    bad = droplet(s, "bad");
  });
  expect(policy.check(stack)).toBe(policy.check(stack));
  policy.visit(stack);
  expect(messages(bad, "@cdktf/error")).toHaveLength(1);
});

test("a suppression with a reason silences the rule on that construct and its children, and its reason is reported", () => {
  let group!: Construct;
  const { stack, policy } = fixture((s) => {
    group = new Construct(s, "vendor");
    droplet(group, "a");
    droplet(group, "b");
    suppress(group, "DO-DROPLET-1", REASON);
  });
  const report = policy.check(stack);
  expect(report.violations).toEqual([]);
  expect(report.suppressed.map((v) => [v.path, v.reason])).toEqual([
    ["test/vendor/a", REASON],
    ["test/vendor/b", REASON],
  ]);
  // One info for both, on the construct that holds them, with the count.
  expect(messages(group, "@cdktf/info")).toEqual([`[DO-DROPLET-1] test: test/vendor/a, test/vendor/b (2 findings) suppressed: ${REASON}`]);
  expect(messages(group.node.findChild("a"), "@cdktf/info")).toEqual([]);
  expect(suppressionFor(group.node.findChild("b"), "DO-CAT-7")).toBeUndefined();
});

test("a suppression covers only its rule id", () => {
  const { stack, policy } = fixture((s) => {
    const d = new Droplet(s, "old", { name: "old", size: "s-1vcpu-1gb", image: "docker-20-04", region: "nyc3" });
    suppress(d, "DO-DROPLET-1", REASON);
  });
  expect(policy.check(stack).violations.map((v) => v.rule)).toEqual(["DO-CAT-7"]);
});

test.each([
  ["no reason", "DO-DROPLET-1", "", /too short/],
  ["a token reason", "DO-DROPLET-1", "fine", /too short/],
  ["a malformed id", "droplet-1", REASON, /not a rule id/],
])("suppress() refuses %s", (_name, id, reason, error) => {
  fixture((s) => {
    expect(() => suppress(s, id, reason)).toThrow(error);
  });
});

test("a suppression naming no rule is an error, listing the rule ids", () => {
  const { stack, policy } = fixture((s) => {
    suppress(droplet(s, "d", ["aa:bb"]), "DO-NOPE-1", REASON);
  });
  const [v] = policy.check(stack).violations;
  expect(v).toMatchObject({ rule: "DO-NOPE-1", path: "test/d", value: "DO-NOPE-1" });
  expect(v!.fix).toContain("DO-DROPLET-1, DO-CAT-7");
});

test("suppressed findings give one info per rule and reason, not one per finding", () => {
  const other = "a second vendor whose keys come from its own provisioning system";
  const { stack, policy } = fixture((s) => {
    const vendor = new Construct(s, "vendor");
    for (const id of ["a", "b", "c"]) droplet(vendor, id);
    suppress(vendor, "DO-DROPLET-1", REASON);
    suppress(droplet(s, "d"), "DO-DROPLET-1", other);
  });
  const report = policy.check(stack);
  expect(report.suppressed).toHaveLength(4);
  const infos = stack.node.findAll().flatMap((c) => messages(c, "@cdktf/info"));
  expect(infos).toEqual([
    `[DO-DROPLET-1] test: test/vendor/a, test/vendor/b, test/vendor/c (3 findings) suppressed: ${REASON}`,
    `[DO-DROPLET-1] test: test/d (1 finding) suppressed: ${other}`,
  ]);
});
