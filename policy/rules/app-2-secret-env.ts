/**
 * DO-APP-2: no App Platform secret is given as a literal.
 *
 * An env var's value is in the synthesized JSON, the plan and the state; App Platform encrypts a
 * `type = "SECRET"` value on first submission (API app spec, app_variable_definition.yml) but a
 * literal one is already in the repository. So, on the app's own `env` and every component's:
 * - a `SECRET` var's value carries a reference: a Terraform one (`${random_password.x.result}`,
 *   `${var.stripe_key}` where that variable is `sensitive`) or an App Platform bindable placeholder
 *   (`$${db.PASSWORD}`: Terraform's escape of `${db.PASSWORD}`, resolved by App Platform at deploy);
 * - a `GENERAL` var (the default type) is neither named like a secret (DO-SEC-1's name heuristics,
 *   isSecretEnvName: PASSWORD, SECRET, TOKEN, API_KEY, …; a name ending in `_ID`, such as
 *   AWS_ACCESS_KEY_ID, is the key's identifier, not its secret) nor carries a secret by reference:
 *   a sensitive variable, a secret-named attribute (`password`, `secret_key`: DO-SEC-1's
 *   isSecretAttributeName) or a database's connection URI (`uri`, `private_uri`, which embed the
 *   password: Sensitive in provider v2.71.0 digitalocean/database/resource_database_cluster.go), or
 *   the bindable `PASSWORD` / `DATABASE_URL` of an attached database (the URL embeds the password).
 *   Such a value must be a `SECRET`, or it shows in plain text in the spec and the control panel.
 * An empty value leaks nothing and is left alone.
 */
import { NOT_APPLICABLE, verdict, type Finding, type PolicyRule } from "../rule";
import type { StackView } from "../stack-view";
import { appEnvVars, appSpec } from "./app-spec";
import { isSecretAttributeName, isSecretEnvName } from "./sec-1-no-secrets";

/** Any `${…}` in the value: a Terraform reference, or (as `$${…}`) an App Platform placeholder. */
const CARRIES_REFERENCE = /\$\{[^}]+\}/;
const VARIABLE_REFERENCE = /^\$\{var\.([A-Za-z0-9_-]+)\}$/;

/** Every `${…}` (Terraform) and `$${…}` (App Platform placeholder) in the value, with its body. */
const REFERENCES = /(\$?)\$\{([^}]+)\}/g;
const SECRET_BINDABLES = ["PASSWORD", "DATABASE_URL"];
const CONNECTION_URIS = ["uri", "private_uri"];
const IDENTIFIER = /_ID$/i;
/**
 * Secret-named attributes that are identifiers: a Spaces key's `access_key` is its id (provider
 * v2.71.0 digitalocean/spaces/resource_spaces_key.go: `d.SetId(key.AccessKey)`), `secret_key` its secret.
 */
const ATTRIBUTE_IDENTIFIERS = ["access_key"];

const isSensitiveVariable = (name: string, stack: StackView): boolean => stack.subjects.find((s) => s.address === `var.${name}`)?.config.sensitive === true;

/** What secret a GENERAL var's value carries by reference, or undefined. */
function carriedSecret(value: string, stack: StackView): string | undefined {
  for (const [, placeholder, body] of value.matchAll(REFERENCES)) {
    const parts = body!.trim().split(".");
    const last = parts[parts.length - 1]!;
    if (placeholder === "$") {
      if (parts.length === 2 && SECRET_BINDABLES.includes(last)) return `the bindable ${body} of an attached database`;
    } else if (parts[0] === "var" && parts.length === 2) {
      if (isSensitiveVariable(last, stack)) return `the sensitive variable ${last}`;
    } else if (parts.length >= 3 && ((isSecretAttributeName(last) && !ATTRIBUTE_IDENTIFIERS.includes(last)) || CONNECTION_URIS.includes(last))) {
      return `the secret attribute ${body}`;
    }
  }
  return undefined;
}

/** Why a SECRET's value is not a safe reference, or undefined when it is. */
function literalSecret(value: string, stack: StackView): string | undefined {
  if (!CARRIES_REFERENCE.test(value)) return "is a literal";
  const variable = VARIABLE_REFERENCE.exec(value)?.[1];
  if (variable === undefined) return undefined;
  const declared = stack.subjects.find((s) => s.address === `var.${variable}`);
  return declared && !isSensitiveVariable(variable, stack) ? `comes from the variable ${variable}, which is not sensitive (plans print it)` : undefined;
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
      } else if (isSecretEnvName(key) && !IDENTIFIER.test(key)) {
        findings.push({
          attribute: `${env.path}.type`,
          value: env.block.type ?? null,
          problem: `the env var ${key} is named like a secret but is ${type} (plain text in the spec and the control panel).`,
          fix: `make ${key} type = "SECRET" with a reference as its value, or rename it if it holds no secret.`,
        });
      } else {
        const carried = carriedSecret(value, stack);
        if (carried) {
          findings.push({
            attribute: `${env.path}.type`,
            value: env.block.type ?? null,
            problem: `the env var ${key} carries ${carried} but is ${type} (plain text in the spec and the control panel).`,
            fix: `make ${key} type = "SECRET".`,
          });
        }
      }
    }
    return verdict(findings);
  },
};
