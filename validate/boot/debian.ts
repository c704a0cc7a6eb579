/**
 * The Droplets run Ubuntu 24.04; the boot stage boots Debian 13 (trixie), which `mmdebstrap` builds
 * from Debian's archive (the only one this machine reaches). Where the two name things differently,
 * the boot stage maps the names in ITS COPY of the user_data — every mapping is listed here, in one
 * place, and printed in the report; nothing else of the user_data is changed.
 */
import { parse, stringify } from "yaml";

export interface Mapping {
  /** What the user_data says (Ubuntu 24.04). */
  readonly ubuntu: string;
  /** What the boot stage uses instead (Debian 13). */
  readonly debian: string;
  readonly where: "package" | "text" | "runcmd";
  readonly why: string;
}

export const MAPPINGS: readonly Mapping[] = [
  { ubuntu: "php8.3", debian: "php8.4", where: "text", why: "Debian 13 ships PHP 8.4 (packages, the php8.x-fpm unit and socket)" },
  { ubuntu: "/etc/php/8.3/", debian: "/etc/php/8.4/", where: "text", why: "PHP 8.4's configuration directory" },
  { ubuntu: "mysql-client", debian: "default-mysql-client", where: "package", why: "Debian has no mysql-client package; the dump client is a stand-in here anyway" },
  { ubuntu: "docker-compose-v2", debian: "docker-compose", where: "package", why: "Debian names the compose v2 plugin docker-compose" },
  { ubuntu: "python3.12-venv", debian: "python3.13-venv", where: "package", why: "Debian 13's Python is 3.13" },
  {
    ubuntu: "/usr/share/postgresql-common/pgdg/apt.postgresql.org.sh",
    debian: "true",
    where: "runcmd",
    why: "the script adds PostgreSQL's own apt repository, which this machine cannot reach; Debian 13's archive has postgresql-client-17 itself",
  },
];

export interface Mapped {
  readonly userData: string;
  /** Mappings that changed something, with how often. */
  readonly applied: readonly { readonly mapping: Mapping; readonly count: number }[];
  /** Every package the document installs (its `packages` and `apt-get install` in runcmd), mapped. */
  readonly packages: readonly string[];
}

type Json = Record<string, unknown>;

/** The Debian copy of a document. */
export function mapToDebian(userData: string): Mapped {
  const counts = new Map<Mapping, number>();
  const count = (m: Mapping, n = 1) => counts.set(m, (counts.get(m) ?? 0) + n);
  const text = (s: string): string =>
    MAPPINGS.filter((m) => m.where === "text").reduce((acc, m) => {
      const n = acc.split(m.ubuntu).length - 1;
      if (n > 0) count(m, n);
      return acc.split(m.ubuntu).join(m.debian);
    }, s);
  const walk = (v: unknown): unknown => (typeof v === "string" ? text(v) : Array.isArray(v) ? v.map(walk) : v && typeof v === "object" ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)])) : v);

  const config = walk(parse(userData)) as Json;
  const packageMap = (name: string) => {
    const m = MAPPINGS.find((x) => x.where === "package" && x.ubuntu === name);
    if (!m) return name;
    count(m);
    return m.debian;
  };
  if (Array.isArray(config.packages)) config.packages = (config.packages as string[]).map(packageMap);
  if (Array.isArray(config.runcmd)) {
    config.runcmd = (config.runcmd as unknown[]).map((cmd) => {
      if (!Array.isArray(cmd)) return cmd;
      const m = MAPPINGS.find((x) => x.where === "runcmd" && x.ubuntu === cmd[0]);
      if (m) {
        count(m);
        return [m.debian];
      }
      return cmd.map((w) => (typeof w === "string" ? packageMap(w) : w));
    });
  }
  const installed = (Array.isArray(config.runcmd) ? (config.runcmd as unknown[]) : []).flatMap((cmd) =>
    Array.isArray(cmd) && cmd[0] === "apt-get" && cmd.includes("install") ? (cmd.slice(cmd.indexOf("install") + 1) as string[]).filter((w) => !w.startsWith("-")) : [],
  );
  const header = userData.slice(0, userData.indexOf("\n") + 1);
  return {
    userData: header + stringify(config, { lineWidth: 0 }),
    applied: MAPPINGS.filter((m) => counts.has(m)).map((mapping) => ({ mapping, count: counts.get(mapping)! })),
    packages: [...new Set([...((config.packages as string[] | undefined) ?? []), ...installed])].sort(),
  };
}

/** One line per mapping applied, for the report. */
export function describeMappings(applied: Mapped["applied"]): string {
  return applied.map(({ mapping: m, count }) => `${m.ubuntu} → ${m.debian} (${count}×): ${m.why}`).join("; ");
}
