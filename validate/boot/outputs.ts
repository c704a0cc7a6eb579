/**
 * Stand-ins for what `terraform output -json` gives `npm run deploy` after an apply: the stack's own
 * outputs (app_servers, app_settings, backup_settings) with every Terraform reference replaced by a
 * value of its kind. Every password and key becomes a marker the secrets check looks for on the
 * machine, tagged with who may read it there.
 */
import * as crypto from "node:crypto";
import type { Json } from "../stacks";

/** Who may read a secret on the Droplet besides root. */
export type Audience = "app" | "root";

export interface Marker {
  readonly value: string;
  /** Where it comes from, for the report (`app_settings.database.password`). */
  readonly name: string;
  readonly audience: Audience;
}

export interface FakeOutputs {
  /** As `terraform output -json` prints it. */
  readonly outputs: Json;
  /** The deployer's own secrets file (`--env-file`). */
  readonly envFile: string;
  readonly markers: readonly Marker[];
}

const PEM = ["-----BEGIN CERTIFICATE-----", "TUlJQm9vdFN0YWdlU3RhbmRJbkNlcnRpZmljYXRlRm9yVGhlRGF0YWJhc2VDQQ==", "-----END CERTIFICATE-----", ""].join("\n");
const SECRET = /(^|[._])(password|secret_key|access_key)$/;

/** The attribute a `${…}` reference reads: `${digitalocean_droplet.x.ipv4_address}` → `ipv4_address`. */
function attributeOf(expression: string): string {
  return /\.([a-z0-9_]+)\}$/.exec(expression)?.[1] ?? "";
}

/** The stand-in of one reference that is not a secret, by the attribute it reads. */
function standIn(attribute: string, field: string): string {
  if (attribute === "ipv4_address") return "192.0.2.10";
  if (attribute === "certificate") return PEM;
  if (/host$/.test(attribute)) return "127.0.0.1";
  if (attribute === "port") return "25060";
  if (/(user|name)$/.test(attribute)) return "boot";
  return `boot-${field}`;
}

export function fakeOutputs(json: Json, audienceOf: (output: string) => Audience): FakeOutputs {
  const markers = new Map<string, Marker>();
  const byExpression = new Map<string, string>();
  const resolve = (value: unknown, where: string, output: string): unknown => {
    if (typeof value === "string" && value.includes("${")) {
      const known = byExpression.get(value);
      const field = where.split(".").pop() ?? "";
      const attribute = attributeOf(value);
      const secret = SECRET.test(field) || SECRET.test(attribute);
      const made = known ?? (secret ? `boot-${field.replace(/_/g, "-")}-${crypto.randomBytes(9).toString("hex")}` : standIn(attribute, field));
      byExpression.set(value, made);
      if (secret) {
        const earlier = markers.get(made);
        // The most permissive audience wins: the app's password is also the dump's on dr.
        const audience: Audience = earlier?.audience === "app" || audienceOf(output) === "app" ? "app" : "root";
        markers.set(made, { value: made, name: earlier?.name ?? where, audience });
      }
      return made;
    }
    if (Array.isArray(value)) return value.map((v, i) => resolve(v, `${where}[${i}]`, output));
    if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v, `${where}.${k}`, output)]));
    return value;
  };
  const outputs: Json = {};
  for (const name of ["app_servers", "app_settings", "backup_settings"]) {
    const output = json.output?.[name];
    if (output) outputs[name] = { sensitive: Boolean(output.sensitive), value: resolve(output.value, name, name) };
  }
  const own = `boot-deployer-${crypto.randomBytes(9).toString("hex")}`;
  markers.set(own, { value: own, name: "--env-file SAMPLE_APP_SECRET", audience: "app" });
  return { outputs, envFile: `SAMPLE_APP_SECRET=${own}\n`, markers: [...markers.values()] };
}
