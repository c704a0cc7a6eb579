/**
 * Every rule against its cases (cases/<rule file>.ts): compliant cases pass, non-compliant cases
 * fail naming the attribute, and every rule has at least one of each.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { RULES } from "../../policy/rules";
import { StackView } from "../../policy/stack-view";
import { FACTS, type RuleCase, type RuleCases } from "./cases/types";

const CASES_DIR = path.join(__dirname, "cases");
const RULES_DIR = path.join(__dirname, "..", "..", "policy", "rules");

const caseFiles = fs.readdirSync(CASES_DIR).filter((f) => f.endsWith(".ts") && f !== "types.ts");
const all: RuleCases[] = caseFiles.map((f) => (require(path.join(CASES_DIR, f)) as { cases: RuleCases }).cases);

function run(rules: RuleCases, c: RuleCase) {
  const view = new StackView({ ...FACTS, ...c.facts }, c.json as never);
  const subject = view.subjects.find((s) => s.address === c.subject);
  if (!subject) throw new Error(`case "${c.name}": no subject ${c.subject} in its JSON`);
  if (!rules.rule.appliesTo.includes(subject.type) && !rules.rule.appliesTo.includes("*")) {
    throw new Error(`case "${c.name}": ${rules.rule.id} does not apply to ${subject.type}`);
  }
  return rules.rule.evaluate(subject, view);
}

test("every rule has a cases file named like its rule file, and every cases file tests a registered rule", () => {
  const ruleFiles = fs.readdirSync(RULES_DIR).filter((f) => /^[a-z]+-\d+-.*\.ts$/.test(f)).sort();
  expect(caseFiles.filter((f) => f !== "types.ts").sort()).toEqual(ruleFiles);
  expect(all.map((c) => c.rule.id).sort()).toEqual(RULES.map((r) => r.id).sort());
});

test("rule ids are unique and well-formed", () => {
  const ids = RULES.map((r) => r.id);
  expect(new Set(ids).size).toBe(ids.length);
  for (const id of ids) expect(id).toMatch(/^DO-[A-Z]+-\d+$/);
});

describe.each(all.map((c) => [c.rule.id, c] as const))("%s", (_id, rules) => {
  test("has at least one compliant and one non-compliant case", () => {
    expect(rules.compliant.length).toBeGreaterThan(0);
    expect(rules.nonCompliant.length).toBeGreaterThan(0);
  });

  test.each(rules.compliant.map((c) => [c.name, c] as const))("COMPLIANT: %s", (_name, c) => {
    expect(run(rules, c)).toEqual({ status: "COMPLIANT" });
  });

  test.each(rules.nonCompliant.map((c) => [c.name, c] as const))("NON_COMPLIANT: %s", (_name, c) => {
    const result = run(rules, c);
    expect(result.status).toBe("NON_COMPLIANT");
    if (result.status !== "NON_COMPLIANT") return;
    for (const f of result.findings) {
      expect(f.problem).not.toBe("");
      expect(f.fix).not.toBe("");
    }
    for (const attribute of c.attributes ?? []) expect(result.findings.map((f) => f.attribute)).toContain(attribute);
  });

  const skipped = rules.notApplicable ?? [];
  if (skipped.length > 0) {
    test.each(skipped.map((c) => [c.name, c] as const))("NOT_APPLICABLE: %s", (_name, c) => {
      expect(run(rules, c)).toEqual({ status: "NOT_APPLICABLE" });
    });
  }
});
