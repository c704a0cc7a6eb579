/**
 * The example variable values `npm run validate` plans with are docs/deploying-stacks.md's "Example prod.tfvars",
 * and the var file holds exactly the variables each stack declares.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { marked, type Tokens } from "marked";
import { STACK_NAMES } from "../../config/types";
import { EXAMPLE_TFVARS, exampleVarFile } from "../../validate/example-inputs";
import { synthJson } from "../helpers";

/** The hcl code block after the paragraph that introduces the example tfvars. */
function readmeExample(): Record<string, unknown> {
  const tokens = marked.lexer(fs.readFileSync(path.join(__dirname, "..", "..", "docs", "deploying-stacks.md"), "utf8"));
  const intro = tokens.findIndex((t) => t.type === "paragraph" && /Example `\w+\.tfvars`/.test((t as Tokens.Paragraph).text));
  const block = tokens.slice(intro + 1).find((t): t is Tokens.Code => t.type === "code");
  if (intro < 0 || !block) throw new Error("docs/deploying-stacks.md has no example tfvars block");
  return Object.fromEntries(
    block.text
      .split("\n")
      .filter((l) => l.trim() !== "" && !l.trim().startsWith("#"))
      .map((line) => {
        const m = /^(\w+)\s*=\s*(.+)$/.exec(line.trim());
        if (!m) throw new Error(`cannot read the example tfvars line: ${line}`);
        return [m[1]!, JSON.parse(m[2]!)]; // lists of strings are the same in HCL and JSON
      }),
  );
}

test("docs/deploying-stacks.md's example tfvars holds exactly the values validate/example-inputs.ts plans with", () => {
  expect(readmeExample()).toEqual(EXAMPLE_TFVARS);
});

test.each(STACK_NAMES)("%s: the var file holds exactly the declared variables without defaults, and plan needs no other", (stack) => {
  const variables = synthJson(stack).variable ?? {};
  const { values, missing } = exampleVarFile(variables as never);
  expect(missing).toEqual([]);
  for (const name of Object.keys(values)) expect(variables).toHaveProperty(name);
  const required = Object.entries(variables).filter(([, v]) => !("default" in v)).map(([name]) => name);
  expect(Object.keys(values).sort()).toEqual(expect.arrayContaining(required.sort()));
});

test("a declared variable with neither default nor example value is named; undeclared examples are left out", () => {
  expect(exampleVarFile({ admin_cidrs: {}, region: {}, alert_slack_channel: { default: "#ops" } })).toEqual({
    values: { admin_cidrs: ["203.0.113.4/32"] },
    missing: ["region"],
  });
});
