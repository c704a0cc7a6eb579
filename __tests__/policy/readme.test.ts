/** The rule table of docs/policy.md is the users' reference: it lists exactly the registered rules, with their public equivalents. */
import * as fs from "node:fs";
import * as path from "node:path";
import { marked, type Tokens } from "marked";
import { RULES } from "../../policy/rules";

const readme = fs.readFileSync(path.join(__dirname, "..", "..", "docs", "policy.md"), "utf8");
const table = marked
  .lexer(readme)
  .filter((t): t is Tokens.Table => t.type === "table")
  .find((t) => t.header.map((h) => h.text).join("|") === "id|rule|why|public equivalent");

test("docs/policy.md has the rule table", () => {
  expect(table).toBeDefined();
});

test("docs/policy.md lists every rule once, in registry order", () => {
  expect(table!.rows.map((r) => r[0]!.text)).toEqual(RULES.map((r) => r.id));
});

test.each(RULES.map((r) => [r.id, r] as const))("docs/policy.md names %s's public equivalents", (id, rule) => {
  const row = table!.rows.find((r) => r[0]!.text === id)!;
  expect(row[3]!.text.split(",").map((s) => s.trim()).filter((s) => s !== "")).toEqual([...rule.equivalents]);
});
