import { verdict, type Finding, type PolicyRule } from "../rule";
import type { Json } from "../stack-view";

/** Shapes of real credentials. */
const SECRET_PATTERNS: readonly [string, RegExp][] = [
  ["DigitalOcean API token", /\bdo[opr]_v1_[a-f0-9]{64}\b/],
  ["Spaces access key", /\bDO(?=[A-Z]*\d)[0-9A-Z]{18}\b/],
  ["AWS access key", /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/],
  ["private key", /-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----/],
  ["Slack webhook URL", /https:\/\/hooks\.slack\.com\/services\/[A-Za-z0-9/]+/],
  ["GitHub token", /\bgh[pousr]_[A-Za-z0-9]{36,}\b/],
  ["URL with a password", /[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:[^\s@${}]+@/i],
];

/** Words that make an environment variable's name a secret's: `DB_PASSWORD`, `STRIPE_API_KEY`, `APP_KEY`. */
const SECRET_ENV_WORD = "(?:PASSWORD|PASSWD|SECRET|TOKEN|API_KEY|ACCESS_KEY|PRIVATE_KEY|APP_KEY)";

/** `DB_PASSWORD=hunter2` in an env file or a script (user_data): a secret-named variable with a literal value. */
const ENV_ASSIGNMENT = new RegExp(String.raw`^\s*(?:export\s+)?[A-Z0-9_]*${SECRET_ENV_WORD}[A-Z0-9_]*\s*[=:]\s*["']?(?!\$)[^\s"']{4,}`, "m");

const SECRET_ENV_NAME = new RegExp(String.raw`^[A-Z0-9_]*${SECRET_ENV_WORD}[A-Z0-9_]*$`, "i");

/** An environment variable name that names a secret, by the same words this rule looks for in env files (DO-APP-2 uses it for App Platform env vars). */
export function isSecretEnvName(name: string): boolean {
  return SECRET_ENV_NAME.test(name);
}

/** A value that is one Terraform reference and nothing else: it carries no literal. */
const PURE_REFERENCE = /^\$\{[^}]+\}$/;

/** Attribute names that hold secrets: a literal value there is a secret in the repository. */
const SECRET_NAME = /(?:^|_)(?:password|passwd|secret|secret_key|token|api_key|access_key|private_key|webhook_url)$/;

/** An attribute (or variable) name that holds a secret, by the same list (DO-APP-2 uses it for references). */
export function isSecretAttributeName(name: string): boolean {
  return SECRET_NAME.test(name);
}

function scan(value: Json, path: string, findings: Finding[]): void {
  if (typeof value === "string") {
    for (const [what, pattern] of SECRET_PATTERNS) {
      if (pattern.test(value)) {
        findings.push({ attribute: path, value: "(redacted)", problem: `looks like a literal ${what}.`, fix: "pass it in from the environment as a sensitive Terraform variable, never as a literal." });
        return;
      }
    }
    if (ENV_ASSIGNMENT.test(value)) {
      findings.push({ attribute: path, value: "(redacted)", problem: "sets a secret-named variable to a literal value.", fix: "pass it in from the environment as a sensitive Terraform variable, never as a literal." });
      return;
    }
    const key = path.split(".").pop()!.replace(/\[\d+\]$/, "");
    if (SECRET_NAME.test(key) && value !== "" && !PURE_REFERENCE.test(value)) {
      findings.push({ attribute: path, value: "(redacted)", problem: `${key} holds a literal value.`, fix: "pass it in from the environment as a sensitive Terraform variable, never as a literal." });
    }
    return;
  }
  if (Array.isArray(value)) value.forEach((v, i) => scan(v, `${path}[${i}]`, findings));
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) scan(v, path ? `${path}.${k}` : k, findings);
  }
}

/**
 * DO-SEC-1 on App Platform: a `digitalocean_app`'s spec is scanned like every other block, so a
 * credential-shaped literal anywhere in it (an env var value, a log destination's `api_key` or
 * `token`, a Slack webhook URL of an alert) is found here. What this rule cannot see is an env var
 * whose *name* says it is secret (`{ key = "DB_PASSWORD", value = "hunter2" }`: the attribute is
 * `value`): DO-APP-2 judges App Platform env vars with this rule's name heuristics (isSecretEnvName).
 */
export const SEC_1: PolicyRule = {
  id: "DO-SEC-1",
  title: "No secret-looking literal anywhere in the synthesized JSON",
  rationale: "Synthesized JSON is committed, reviewed and handed to ops; a credential in it is leaked.",
  equivalents: [],
  appliesTo: ["*"],
  evaluate(subject) {
    const findings: Finding[] = [];
    scan(subject.config, "", findings);
    // A secret variable (alert_slack_webhook_url) may default to "" but never to a value.
    const name = subject.address.replace(/^var\./, "");
    const fallback = subject.config.default;
    if (subject.type === "variable" && SECRET_NAME.test(name) && typeof fallback === "string" && fallback !== "") {
      findings.push({ attribute: "default", value: "(redacted)", problem: `the secret variable ${name} has a default value.`, fix: 'default it to "" or nothing and set it from the environment (TF_VAR_...).' });
    }
    return verdict(findings);
  },
};
