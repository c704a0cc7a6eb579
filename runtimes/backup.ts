/**
 * The backup jobs of one Droplet, as data: a script (`/usr/local/sbin/<app>-backup`), a systemd
 * service and timer per job, a heartbeat that nginx serves while every job is fresh, and the
 * settings file the deploy command writes (`/etc/<app>/backup.env`). Runtime-independent: the app
 * tier adds these parts to the one Droplet that runs the jobs (config/validate.ts BACKUP_HOST).
 *
 * - copy: `rclone sync` of another stack's bucket into this stack's under `<from>-<purpose>/`. The
 *   destination is versioned, so what the source overwrites or deletes stays an old version for the
 *   bucket's retention. rclone is in Ubuntu 24.04's archive (universe).
 * - dump: `mysqldump` or `pg_dump` of the database this stack reads, to a local file, checked, then
 *   uploaded under `database/YYYY/MM/DD/`. A dump client must be at least the server's major
 *   version (pg_dump refuses a newer server); Ubuntu 24.04 ships PostgreSQL 16's client and MySQL
 *   8.0's, so for PostgreSQL the client of the engine's version comes from PostgreSQL's own apt
 *   repository, set up with the script Ubuntu's `postgresql-common` ships for it
 *   (/usr/share/postgresql-common/pgdg/apt.postgresql.org.sh).
 * - heartbeat: each run stamps its success (or marks its failure, through `OnFailure=`); a check
 *   every 15 minutes writes the heartbeat file only while no job has failed and each succeeded
 *   within its `staleAfterHours`. nginx answers `/.well-known/<app>-backups` from it (404 without),
 *   and the stack's uptime check on that URL pages when it goes. A new Droplet has no stamp, so its
 *   heartbeat stays away until every job really succeeded once: the deploy command's `backup-env`
 *   starts each job that never succeeded as soon as its settings are there (runtimes/deploy/backup-env.sh).
 * - the database's CA: the dump reads it as a systemd credential (`LoadCredential=`), which systemd
 *   copies from /etc/<app>/database-ca.pem into a directory only the unit's user can read — the job's
 *   user is not in the app's group and cannot open /etc/<app> (0750 root:www-data) itself
 *   (systemd.exec(5) "Credentials"; systemd.io/CREDENTIALS: "Access to credentials is restricted to
 *   the service's user"). Ubuntu 24.04's systemd is 255; LoadCredential= exists since 247.
 */
import { iniSection, type WriteFile } from "./cloud-config";
import { renderScript, type ShellHeader } from "./shell";
import type { DatabaseSettings } from "./types";

export const BACKUP_JOBS = ["copy", "dump"] as const;
export type BackupJob = (typeof BACKUP_JOBS)[number];

/** What the app tier tells the runtime about the jobs of the Droplet that runs them. */
export interface BackupSpec {
  readonly engine: "mysql" | "pg";
  /** Major version of the engine (the dump client's). */
  readonly engineVersion: string;
  readonly copy?: { readonly schedule: string; readonly staleAfterHours: number; readonly prefix: string };
  readonly dump?: { readonly schedule: string; readonly staleAfterHours: number; readonly prefix: string };
}

/** The stack's `backup_settings` output (sensitive): keys, buckets and the database to dump. */
export interface BackupSettings {
  /** The Droplet that runs the jobs (its name in `app_servers`). */
  readonly server: string;
  /** The copy's source: `read` on this bucket only. Null without a copy. */
  readonly source: SpacesAccess | null;
  /** The stack's own bucket: `readwrite` on it only. */
  readonly backups: SpacesAccess;
  /** The database the dump reads (dr: its replica). Null without a dump. */
  readonly database: DatabaseSettings | null;
}

export interface SpacesAccess {
  readonly bucket: string;
  readonly region: string;
  readonly access_key: string;
  readonly secret_key: string;
}

export function backupPaths(app: string) {
  return {
    script: `/usr/local/sbin/${app}-backup`,
    settings: `/etc/${app}/backup.env`,
    state: `/var/lib/${app}-backup`,
    heartbeat: `/var/lib/${app}-backup/heartbeat`,
    cache: `/var/cache/${app}-backup`,
    user: `${app}-backup`,
    unit: (name: string) => `${app}-backup-${name}`,
    /** Where the uptime check asks (any Host: the load balancer forwards every hostname). */
    heartbeatPath: `/.well-known/${app}-backups`,
  } as const;
}

export function backupJobs(spec: BackupSpec): BackupJob[] {
  return BACKUP_JOBS.filter((j) => spec[j] !== undefined);
}

/** Packages from Ubuntu's archive; PostgreSQL's client is installed by `backupCommands` once its repository is set up. */
export function backupPackages(spec: BackupSpec): string[] {
  return ["rclone", ...(spec.dump ? [spec.engine === "mysql" ? "mysql-client" : "postgresql-common"] : [])];
}

/** Commands of cloud-init's runcmd (after packages): the PostgreSQL client, the first stamps, the timers. */
export function backupCommands(spec: BackupSpec, app: string): string[][] {
  const p = backupPaths(app);
  const jobs = backupJobs(spec);
  return [
    ...(spec.dump && spec.engine === "pg"
      ? [
          ["/usr/share/postgresql-common/pgdg/apt.postgresql.org.sh", "-y"],
          ["apt-get", "install", "-y", "--no-install-recommends", `postgresql-client-${spec.engineVersion}`],
        ]
      : []),
    // No success stamp: the heartbeat stays away until every job has really succeeded once (the
    // deploy's backup-env starts the first runs).
    ["install", "-d", "-m", "0755", "-o", p.user, "-g", p.user, p.state],
    ["systemctl", "enable", "--now", ...jobs.map((j) => `${p.unit(j)}.timer`), `${p.unit("check")}.timer`],
  ];
}

/** nginx location of the heartbeat (exact match: it wins over the site's other locations). */
export function heartbeatLocation(app: string): string[] {
  const p = backupPaths(app);
  return [
    `    location = ${p.heartbeatPath} {`,
    `        alias ${p.heartbeat};`,
    "        default_type text/plain;",
    "        add_header Cache-Control \"no-store\" always;",
    "    }",
  ];
}

const HARDENING = {
  NoNewPrivileges: "yes",
  ProtectSystem: "strict",
  ProtectHome: "yes",
  PrivateTmp: "yes",
  PrivateDevices: "yes",
  ProtectKernelTunables: "yes",
  ProtectControlGroups: "yes",
  RestrictSUIDSGID: "yes",
} as const;

/** The dump's credential holding the database's CA: `$CREDENTIALS_DIRECTORY/database-ca`. */
export const DATABASE_CA_CREDENTIAL = "database-ca";

/** Units: per job a oneshot service and its timer; the check and its timer; the failure handler. */
export function backupUnits(spec: BackupSpec, app: string): WriteFile[] {
  const p = backupPaths(app);
  const files: WriteFile[] = [];
  const unitFile = (name: string, content: string): WriteFile => ({ path: `/etc/systemd/system/${name}`, content, permissions: "0644" });
  const common = {
    User: p.user,
    Group: p.user,
    StateDirectory: `${app}-backup`,
    StateDirectoryMode: "0755",
    Environment: `HOME=${p.state}`,
    ...HARDENING,
  };
  for (const job of backupJobs(spec)) {
    const s = spec[job]!;
    files.push(
      unitFile(
        `${p.unit(job)}.service`,
        iniSection("Unit", {
          Description: job === "copy" ? `${app}: copy the source bucket into the backups bucket` : `${app}: dump the database into the backups bucket`,
          Wants: "network-online.target",
          After: "network-online.target",
          OnFailure: `${p.unit("failed")}@${job}.service`,
        }) +
          "\n" +
          iniSection("Service", {
            Type: "oneshot",
            ExecStart: `${p.script} ${job}`,
            // Without the settings (before the first deploy) the start fails, and that counts as a failed run.
            EnvironmentFile: p.settings,
            ...(job === "dump" ? { CacheDirectory: `${app}-backup`, CacheDirectoryMode: "0700", LoadCredential: `${DATABASE_CA_CREDENTIAL}:/etc/${app}/database-ca.pem` } : {}),
            Nice: "10",
            IOSchedulingClass: "idle",
            TimeoutStartSec: `${Math.max(1, s.staleAfterHours - 1)}h`,
            ...common,
          }),
      ),
      unitFile(
        `${p.unit(job)}.timer`,
        iniSection("Unit", { Description: `${app}: ${job} on schedule (${s.schedule}, UTC)` }) +
          "\n" +
          iniSection("Timer", { OnCalendar: s.schedule, Persistent: "true", AccuracySec: "1min" }) +
          "\n" +
          iniSection("Install", { WantedBy: "timers.target" }),
      ),
    );
  }
  files.push(
    unitFile(
      `${p.unit("check")}.service`,
      iniSection("Unit", { Description: `${app}: keep the backup heartbeat only while every job is fresh` }) +
        "\n" +
        iniSection("Service", { Type: "oneshot", ExecStart: `${p.script} check`, ...common }),
    ),
    unitFile(
      `${p.unit("check")}.timer`,
      iniSection("Unit", { Description: `${app}: check the backup jobs every 15 minutes` }) +
        "\n" +
        iniSection("Timer", { OnCalendar: "*:0/15", Persistent: "true" }) +
        "\n" +
        iniSection("Install", { WantedBy: "timers.target" }),
    ),
    unitFile(
      `${p.unit("failed")}@.service`,
      iniSection("Unit", { Description: `${app}: record a failed %i run and drop the heartbeat` }) +
        "\n" +
        iniSection("Service", { Type: "oneshot", ExecStart: `${p.script} failed %i`, ...common }),
    ),
  );
  return files;
}

/** The constants the script's files read, in the order the header lists them. */
interface BackupHeader extends ShellHeader {
  readonly APP: string;
  readonly STATE: string;
  readonly HEARTBEAT: string;
  /** The jobs of this Droplet, space-separated (copy.sh, dump.sh for each). */
  readonly JOBS: string;
  readonly STALE_HOURS: { readonly [job: string]: number };
  readonly CACHE: string | undefined;
  /** The dump's credential (LoadCredential=) holding the database's CA. */
  readonly DATABASE_CA_CREDENTIAL: string | undefined;
  readonly DUMP_PREFIX: string | undefined;
  readonly COPY_PREFIX: string | undefined;
  /** PostgreSQL only: the client of the engine's major version. */
  readonly PG_BIN: string | undefined;
  readonly SETTINGS: string;
  /** The commands, as the usage message lists them after `<app>-backup`. */
  readonly USAGE: string;
}

/** The script the units run: backup/*.sh, the files of this Droplet's jobs and engine. */
export function backupScript(spec: BackupSpec, app: string): string {
  const p = backupPaths(app);
  const jobs = backupJobs(spec);
  const header: BackupHeader = {
    APP: app,
    STATE: p.state,
    HEARTBEAT: p.heartbeat,
    JOBS: jobs.join(" "),
    STALE_HOURS: Object.fromEntries(jobs.map((j) => [j, spec[j]!.staleAfterHours])),
    CACHE: spec.dump ? p.cache : undefined,
    DATABASE_CA_CREDENTIAL: spec.dump ? DATABASE_CA_CREDENTIAL : undefined,
    DUMP_PREFIX: spec.dump?.prefix,
    COPY_PREFIX: spec.copy?.prefix,
    PG_BIN: spec.dump && spec.engine === "pg" ? `/usr/lib/postgresql/${spec.engineVersion}/bin` : undefined,
    SETTINGS: p.settings,
    USAGE: [...jobs, "check", "failed JOB"].join(" | "),
  };
  return renderScript({
    comment: [
      `${app}-backup: the backup jobs of this Droplet, run by systemd timers (${jobs.map((j) => `${p.unit(j)}.timer`).join(", ")}).`,
      "Written by cloud-init from the platform's runtimes/backup.ts. Settings (keys, buckets, the",
      `database) come from ${p.settings}, written by \`npm run deploy\`. Commands:`,
      ...(spec.copy ? ["  copy         sync the source bucket into the backups bucket"] : []),
      ...(spec.dump ? ["  dump         dump the database, check the dump, upload it"] : []),
      "  check        keep the heartbeat only while every job is fresh (reported in the journal)",
      "  failed JOB   record a failed run (systemd OnFailure=)",
    ],
    header,
    files: [
      "backup/common.sh",
      ...(spec.copy ? ["backup/copy.sh"] : []),
      ...(spec.dump ? ["backup/dump.sh", `backup/dump-${spec.engine}.sh`] : []),
      "backup/main.sh",
    ],
  });
}

/** Every file the jobs add to the Droplet. */
export function backupFiles(spec: BackupSpec, app: string): WriteFile[] {
  return [{ path: backupPaths(app).script, content: backupScript(spec, app), permissions: "0755" }, ...backupUnits(spec, app)];
}

/** A key of the settings file; rclone reads its remotes from RCLONE_CONFIG_<NAME>_<OPTION>. */
function remote(name: string, access: SpacesAccess): Record<string, string> {
  const prefix = `RCLONE_CONFIG_${name.toUpperCase()}_`;
  return {
    [`${prefix}TYPE`]: "s3",
    [`${prefix}PROVIDER`]: "DigitalOcean",
    [`${prefix}ENDPOINT`]: `${access.region}.digitaloceanspaces.com`,
    [`${prefix}ACCESS_KEY_ID`]: access.access_key,
    [`${prefix}SECRET_ACCESS_KEY`]: access.secret_key,
    // A key scoped to a bucket may not list or create buckets: do not try.
    [`${prefix}NO_CHECK_BUCKET`]: "true",
    [`${name.toUpperCase()}_BUCKET`]: access.bucket,
  };
}

/** The variables of /etc/<app>/backup.env, from the `backup_settings` output. */
export function backupEnvironment(settings: BackupSettings): Record<string, string> {
  const db = settings.database;
  return {
    ...(settings.source ? remote("source", settings.source) : {}),
    ...remote("backups", settings.backups),
    ...(db ? { DB_ENGINE: db.engine, DB_HOST: db.host, DB_PORT: String(db.port), DB_NAME: db.name, DB_USER: db.user, DB_PASSWORD: db.password } : {}),
  };
}

/**
 * systemd EnvironmentFile syntax: KEY="value" with `\`, `"` and `$`-free quoting. Values holding a
 * newline cannot be expressed and are refused (no key, password or name has one).
 */
export function renderBackupEnvironment(vars: Readonly<Record<string, string>>): string {
  return Object.entries(vars)
    .map(([k, v]) => {
      if (/[\n\r\0]/.test(v)) throw new Error(`backup setting ${k} holds a line break, which an EnvironmentFile cannot carry`);
      return `${k}="${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
    })
    .join("\n")
    .concat("\n");
}
