/**
 * Settings files in the syntax each loader reads, and the URLs apps take. Values never carry a
 * newline; anything beyond plain characters is quoted so no loader expands or splits it.
 */
import type { DatabaseSettings, InfraSettings } from "./types";

const PLAIN = /^[A-Za-z0-9_./:@%+,=-]*$/;
const KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

function check(settings: Readonly<Record<string, string>>): [string, string][] {
  return Object.entries(settings).map(([key, value]) => {
    if (!KEY.test(key)) throw new Error(`setting name ${JSON.stringify(key)} is not a variable name`);
    if (/[\r\n\0]/.test(value)) throw new Error(`setting ${key} holds a line break or NUL, which no settings file can carry`);
    return [key, value];
  });
}

/** phpdotenv (Laravel's `.env`): single quotes are literal; double quotes escape `\`, `"` and `$`. */
export function renderDotenv(settings: Readonly<Record<string, string>>): string {
  return check(settings)
    .map(([k, v]) => `${k}=${PLAIN.test(v) ? v : v.includes("'") ? `"${v.replace(/[\\"$]/g, (c) => `\\${c}`)}"` : `'${v}'`}`)
    .join("\n") + "\n";
}

/** systemd's EnvironmentFile= (no expansion; double quotes take backslash escapes). */
export function renderEnvironmentFile(settings: Readonly<Record<string, string>>): string {
  return check(settings).map(([k, v]) => `${k}=${PLAIN.test(v) ? v : `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`}`).join("\n") + "\n";
}

/** docker compose `env_file`: single quotes keep a value literal (no `${…}` interpolation). */
export function renderComposeEnvFile(settings: Readonly<Record<string, string>>): string {
  return check(settings)
    .map(([k, v]) => {
      if (PLAIN.test(v)) return `${k}=${v}`;
      // compose-go reads `\'` as an escaped quote, so a trailing backslash would run into the next line.
      if (v.includes("'") || v.endsWith("\\")) throw new Error(`setting ${k} holds a single quote or ends in a backslash, which a compose env_file cannot keep literal`);
      return `${k}='${v}'`;
    })
    .join("\n") + "\n";
}

/** `postgresql://user:password@host:port/name?sslmode=require` (DigitalOcean requires TLS). */
export function databaseUrl(db: DatabaseSettings): string {
  const scheme = db.engine === "pg" ? "postgresql" : "mysql";
  const tls = db.engine === "pg" ? "sslmode=require" : "ssl-mode=REQUIRED";
  return `${scheme}://${encodeURIComponent(db.user)}:${encodeURIComponent(db.password)}@${db.host}:${db.port}/${encodeURIComponent(db.name)}?${tls}`;
}

/** `rediss://default:password@host:port` (DigitalOcean's Valkey accepts TLS only). */
export function cacheUrl(cache: NonNullable<InfraSettings["cache"]>): string {
  return `rediss://${encodeURIComponent(cache.user)}:${encodeURIComponent(cache.password)}@${cache.host}:${cache.port}`;
}

/** `audit` → `AUDIT_`: the prefix of an extra database's variables. */
export function purposePrefix(purpose: string): string {
  return `${purpose.toUpperCase()}_`;
}

/** Bucket variables under the names an app's storage layer reads (prefix: `SPACES_`, `DO_SPACES_`). */
export function bucketSettings(bucket: InfraSettings["bucket"], prefix: string, cdnName = "CDN_URL"): Record<string, string> {
  if (!bucket) return {};
  return {
    [`${prefix}BUCKET`]: bucket.name,
    [`${prefix}REGION`]: bucket.region,
    [`${prefix}ENDPOINT`]: bucket.endpoint,
    ...(bucket.cdn_url ? { [`${prefix}${cdnName}`]: bucket.cdn_url } : {}),
  };
}
