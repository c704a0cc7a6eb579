/**
 * The example values of the variables ops must set — docs/deploying-stacks.md's "Example prod.tfvars", kept in
 * this one place (__tests__/validate/example-inputs.test.ts checks the guide holds the same) —
 * and the var file `terraform plan` gets from them.
 */

export const EXAMPLE_TFVARS: Readonly<Record<string, readonly string[]>> = {
  admin_cidrs: ["203.0.113.4/32"],
  ssh_key_fingerprints: ["3b:16:bf:e4:8b:00:8b:b8:59:8c:a9:d3:f0:19:45:fa"],
  alert_emails: ["ops@bizsocials.io"],
};

export interface VarFile {
  /** The .tfvars.json content: exactly the declared variables that have an example value. */
  readonly values: Record<string, unknown>;
  /** Declared variables without a default that have no example value: plan would ask for them. */
  readonly missing: string[];
}

/**
 * Placeholders for what ops set at apply time and no example file holds (bundle/tfvars.ts
 * setAtApply): an App Platform stack's `release` (an image tag) and sensitive variables without a
 * default (secrets). Good enough for an offline `terraform plan`; never a real value.
 */
export const APPLY_TIME_PLACEHOLDERS = { release: "validate-example", secret: "validate-placeholder-not-a-secret" } as const;

/** The var file for a stack's top-level `variable` block. Variables with a default are left to it. */
export function exampleVarFile(variables: Readonly<Record<string, { default?: unknown; sensitive?: boolean }>> | undefined): VarFile {
  const values: Record<string, unknown> = {};
  const missing: string[] = [];
  for (const [name, declaration] of Object.entries(variables ?? {})) {
    const example = EXAMPLE_TFVARS[name];
    if (example !== undefined) values[name] = example;
    else if ("default" in (declaration ?? {})) continue;
    else if (name === "release") values[name] = APPLY_TIME_PLACEHOLDERS.release;
    else if (declaration?.sensitive === true) values[name] = APPLY_TIME_PLACEHOLDERS.secret;
    else missing.push(name);
  }
  return { values, missing };
}
