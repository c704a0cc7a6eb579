/**
 * DO-APP-2: no App Platform secret is given as a literal.
 *
 * An env var's value is in the synthesized JSON, the plan and the state; App Platform encrypts a
 * `type = "SECRET"` value on first submission (API app spec, app_variable_definition.yml) but a
 * literal one is already in the repository. So, on the app's own `env` and every component's:
 * - a `SECRET` var's value carries a reference: a Terraform one (`${random_password.x.result}`,
 *   `${var.stripe_key}` where that variable is `sensitive`) or an App Platform bindable placeholder
 *   (`$${db.PASSWORD}`: Terraform's escape of `${db.PASSWORD}`, resolved by App Platform at deploy);
 * - a `GENERAL` var (the default type) never has a secret's name (DO-SEC-1's name heuristics,
 *   isSecretEnvName: PASSWORD, SECRET, TOKEN, API_KEY, …): such a value must be a `SECRET`.
 * An empty value leaks nothing and is left alone.
 */
import { NOT_APPLICABLE, verdict, type Finding, type PolicyRule } from "../rule";
import type { StackView } from "../stack-view";
import { appEnvVars, appSpec } from "./app-spec";
import { isSecretEnvName } from "./sec-1-no-secrets";

/** Any `${…}` in the value: a Terraform reference, or (as `$${…}`) an App Platform placeholder. */
const CARRIES_REFERENCE = /\$\{[^}]+\}/;
const VARIABLE_REFERENCE = /^\$\{var\.([A-Za-z0-9_-]+)\}$/;

/** Why a SECRET's value is not a safe reference, or undefined when it is. */
function literalSecret(value: string, stack: StackView): string | undefined {
  if (!CARRIES_REFERENCE.test(value)) return "is a literal";
  const variable = VARIABLE_REFERENCE.exec(value)?.[1];
  if (variable === undefined) return undefined;
  const declared = stack.subjects.find((s) => s.address === `var.${variable}`);
  return declared && declared.config.sensitive !== true ? `comes from the variable ${variable}, which is not sensitive (plans print it)` : undefined;
}

export const APP_2: PolicyRule = {
  id: "DO-APP-2",
  title: "App Platform secrets are SECRET env vars whose values are references, never literals",
  rationale: "The synthesized JSON is committed and handed to ops; a literal secret in an app spec is leaked, and a GENERAL one shows in the control panel.",
  equivalents: [],
  appliesTo: ["digitalocean_app"],
  evaluate(subject, stack) {
    const spec = appSpec(subject.config);
    if (!spec) return NOT_APPLICABLE;
    const findings: Finding[] = [];
    for (const env of appEnvVars(spec)) {
      const key = typeof env.block.key === "string" ? env.block.key : "(no key)";
      const value = env.block.value;
      if (typeof value !== "string" || value === "") continue;
      const type = typeof env.block.type === "string" ? env.block.type.toUpperCase() : "GENERAL";
      if (type === "SECRET") {
        const why = literalSecret(value, stack);
        if (why) {
          findings.push({
            attribute: `${env.path}.value`,
            value: "(redacted)",
            problem: `the SECRET env var ${key} ${why}.`,
            fix: `give ${key} a reference: a sensitive Terraform variable the deployer sets (TF_VAR_<name>, config secretVariable), a resource attribute, or a bindable variable of an attached database ($\${<database>.PASSWORD}).`,
          });
        }
      } else if (isSecretEnvName(key)) {
        findings.push({
          attribute: `${env.path}.type`,
          value: env.block.type ?? null,
          problem: `the env var ${key} is named like a secret but is ${type} (plain text in the spec and the control panel).`,
          fix: `make ${key} type = "SECRET" with a reference as its value, or rename it if it holds no secret.`,
        });
      }
    }
    return verdict(findings);
  },
};
