import { Token } from "cdktf";

/** cdktf cannot render a plain `null` inside an output's object: Terraform's `null` it can. */
export function withTerraformNulls(value: unknown): unknown {
  if (value === null) return Token.nullValue();
  if (Array.isArray(value)) return value.map(withTerraformNulls);
  if (typeof value === "object" && !Token.isUnresolved(value)) {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, withTerraformNulls(v)]));
  }
  return value;
}
