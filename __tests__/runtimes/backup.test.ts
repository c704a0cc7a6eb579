/**
 * The backup jobs' script, run with bash in a sandbox: its state and cache paths rewritten to a
 * temporary directory (exactly one line each, or the sandbox refuses), the database's CA where
 * systemd puts the unit's credentials ($CREDENTIALS_DIRECTORY), rclone and the dump tools
 * stubbed first in PATH (they log their argv); gzip, stat, date and the rest are the real ones.
 * Checks what a failed run leaves (the heartbeat withdrawn), what an overdue job does, and that a
 * dump is checked before it is uploaded. Plus the units and the settings file's syntax.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { backupEnvironment, backupFiles, backupPaths, backupScript, backupUnits, renderBackupEnvironment, type BackupSettings, type BackupSpec } from "../../runtimes/backup";

const MYSQL: BackupSpec = {
  engine: "mysql",
  engineVersion: "8",
  copy: { schedule: "*-*-* 01:30:00", staleAfterHours: 26, prefix: "prod-media/" },
  dump: { schedule: "Sun *-*-* 05:00:00", staleAfterHours: 170, prefix: "database/" },
};
const PG: BackupSpec = { engine: "pg", engineVersion: "17", dump: { schedule: "hourly", staleAfterHours: 3, prefix: "database/" } };

const STUBS: Record<string, string> = {
  rclone: `#!/bin/bash
printf 'rclone %s\\n' "$*" >>"$STUB_LOG"
[[ -z \${STUB_RCLONE_FAIL:-} ]] || exit 1
if [[ $1 == copyto ]]; then cp "$2" "$STUB_UPLOADED"; fi
`,
  mysqldump: `#!/bin/bash
printf 'mysqldump %s\\n' "$*" >>"$STUB_LOG"
for a in "$@"; do [[ $a == --defaults-extra-file=* ]] && cp "\${a#*=}" "$STUB_OPTIONS"; done
printf 'CREATE TABLE t (id int);\\n'
[[ -n \${STUB_INCOMPLETE:-} ]] || printf -- '-- Dump completed on 2026-11-24 05:00:00\\n'
`,
  pg_dump: `#!/bin/bash
printf 'pg_dump %s PGPASSWORD=%s\\n' "$*" "$PGPASSWORD" >>"$STUB_LOG"
for a in "$@"; do [[ $a == --file=* ]] && printf 'PGDMP' >"\${a#*=}"; done
exit 0
`,
  pg_restore: `#!/bin/bash
printf 'pg_restore %s\\n' "$*" >>"$STUB_LOG"
[[ -z \${STUB_UNREADABLE:-} ]]
`,
};

interface Box {
  root: string;
  script: string;
  run(args: string[], env?: Record<string, string>): { code: number | null; out: string; log: string[] };
  state: string;
  cache: string;
}

const boxes: string[] = [];
afterEach(() => {
  for (const b of boxes.splice(0)) fs.rmSync(b, { recursive: true, force: true });
});

function sandbox(spec: BackupSpec, app = "acme"): Box {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "backup-script-"));
  boxes.push(root);
  const p = backupPaths(app);
  const dirs = { state: path.join(root, "state"), cache: path.join(root, "cache"), bin: path.join(root, "bin"), pg: path.join(root, "pg") };
  for (const d of Object.values(dirs)) fs.mkdirSync(d);
  fs.mkdirSync(path.join(root, "credentials"));
  fs.writeFileSync(path.join(root, "credentials", "database-ca"), "-----BEGIN CERTIFICATE-----\n");
  let text = backupScript(spec, app);
  const rewrite = (line: RegExp, replacement: string) => {
    expect(text.match(new RegExp(line.source, "gm"))).toHaveLength(1);
    text = text.replace(new RegExp(line.source, "m"), replacement);
  };
  rewrite(new RegExp(`^readonly STATE=${p.state}$`), `readonly STATE=${dirs.state}`);
  rewrite(new RegExp(`^readonly HEARTBEAT=${p.heartbeat}$`), `readonly HEARTBEAT=${dirs.state}/heartbeat`);
  if (spec.dump) {
    rewrite(new RegExp(`^readonly CACHE=${p.cache}$`), `readonly CACHE=${dirs.cache}`);
  }
  if (spec.dump && spec.engine === "pg") rewrite(new RegExp(`^readonly PG_BIN=/usr/lib/postgresql/${spec.engineVersion}/bin$`), `readonly PG_BIN=${dirs.pg}`);
  // No path left that the script would write or run outside the sandbox (/etc is only named in messages).
  expect(text.split("\n").filter((l) => !l.startsWith("#") && /(^|[\s="])\/(var|usr\/lib)\//.test(l))).toEqual([]);
  const script = path.join(root, `${app}-backup`);
  fs.writeFileSync(script, text, { mode: 0o755 });
  for (const [name, body] of Object.entries(STUBS)) fs.writeFileSync(path.join(name.startsWith("pg_") ? dirs.pg : dirs.bin, name), body, { mode: 0o755 });
  const log = path.join(root, "log");
  return {
    root,
    script,
    state: dirs.state,
    cache: dirs.cache,
    run(args, env = {}) {
      fs.writeFileSync(log, "");
      const r = spawnSync("bash", [script, ...args], {
        encoding: "utf8",
        env: {
          PATH: `${dirs.bin}:${process.env.PATH}`,
          STUB_LOG: log,
          STUB_UPLOADED: path.join(root, "uploaded"),
          STUB_OPTIONS: path.join(root, "options"),
          // What systemd sets for a unit with LoadCredential= (only the dump's has one).
          CREDENTIALS_DIRECTORY: path.join(root, "credentials"),
          ...env,
        },
      });
      return { code: r.status, out: r.stdout + r.stderr, log: fs.readFileSync(log, "utf8").split("\n").filter((l) => l !== "") };
    },
  };
}

const SETTINGS = {
  SOURCE_BUCKET: "acme-prod-media-0a1b2c",
  BACKUPS_BUCKET: "acme-dr-backups-3d4e5f",
  DB_HOST: "private-db.example",
  DB_PORT: "25060",
  DB_NAME: "acme",
  DB_USER: "acme",
  DB_PASSWORD: 'p"a\\ss',
};

const heartbeat = (b: Box) => path.join(b.state, "heartbeat");
const stamp = (b: Box, job: string, hoursAgo: number) => {
  const f = path.join(b.state, `${job}.ok`);
  fs.writeFileSync(f, "");
  const t = new Date(Date.now() - hoursAgo * 3600_000);
  fs.utimesSync(f, t, t);
};

describe("the backup script", () => {
  it("copy: syncs the source bucket under the prefix, stamps success and writes the heartbeat", () => {
    const b = sandbox(MYSQL);
    stamp(b, "dump", 1);
    const r = b.run(["copy"], SETTINGS);
    expect(r.code).toBe(0);
    expect(r.log).toEqual([expect.stringMatching(/^rclone sync source:acme-prod-media-0a1b2c backups:acme-dr-backups-3d4e5f\/prod-media\/ --fast-list /)]);
    expect(fs.existsSync(path.join(b.state, "copy.ok"))).toBe(true);
    expect(fs.readFileSync(heartbeat(b), "utf8")).toMatch(/^copy ok \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\ndump ok /);
    expect(fs.statSync(heartbeat(b)).mode & 0o777).toBe(0o644);
  });

  it("copy without settings fails naming the missing variable, and leaves the stamps alone", () => {
    const b = sandbox(MYSQL);
    stamp(b, "copy", 5);
    const before = fs.statSync(path.join(b.state, "copy.ok")).mtimeMs;
    const r = b.run(["copy"], {});
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/SOURCE_BUCKET is not set in \/etc\/acme\/backup\.env: run npm run deploy/);
    expect(r.log).toEqual([]);
    expect(fs.statSync(path.join(b.state, "copy.ok")).mtimeMs).toBe(before);
  });

  it("a failed run (OnFailure: failed JOB) withdraws the heartbeat until the job succeeds again", () => {
    const b = sandbox(MYSQL);
    stamp(b, "dump", 1);
    expect(b.run(["copy"], SETTINGS).code).toBe(0);
    expect(fs.existsSync(heartbeat(b))).toBe(true);
    expect(b.run(["copy"], { ...SETTINGS, STUB_RCLONE_FAIL: "1" }).code).not.toBe(0);
    const failed = b.run(["failed", "copy"]);
    expect(failed.code).toBe(0);
    expect(failed.out).toMatch(/copy: failed; heartbeat withdrawn/);
    expect(fs.existsSync(heartbeat(b))).toBe(false);
    expect(b.run(["check"]).out).toMatch(/copy: the last run failed/);
    expect(fs.existsSync(heartbeat(b))).toBe(false);
    expect(b.run(["copy"], SETTINGS).code).toBe(0);
    expect(fs.existsSync(heartbeat(b))).toBe(true);
  });

  it("check: a job overdue by its staleAfterHours withdraws the heartbeat; fresh ones keep it", () => {
    const b = sandbox(MYSQL);
    stamp(b, "copy", 25);
    stamp(b, "dump", 169);
    expect(b.run(["check"]).code).toBe(0);
    expect(fs.existsSync(heartbeat(b))).toBe(true);
    stamp(b, "copy", 27);
    const r = b.run(["check"]);
    // The heartbeat is the report; the timer's unit does not fail for a stale job.
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/copy: no successful run for 27h \(allowed: 26h\)\n.*heartbeat withdrawn/);
    expect(fs.existsSync(heartbeat(b))).toBe(false);
  });

  it("check: a job that never ran counts as overdue, so a new Droplet has no heartbeat until its jobs really succeeded", () => {
    const b = sandbox(MYSQL);
    expect(b.run(["check"]).out).toMatch(/copy: no successful run/);
    expect(fs.existsSync(heartbeat(b))).toBe(false);
    // One job is not enough: the heartbeat says every job is fresh.
    expect(b.run(["copy"], SETTINGS).code).toBe(0);
    expect(fs.existsSync(heartbeat(b))).toBe(false);
    expect(b.run(["dump"], SETTINGS).code).toBe(0);
    expect(fs.readFileSync(heartbeat(b), "utf8")).toMatch(/^copy ok .*\ndump ok /);
  });

  it("dump: without the CA credential (run outside its unit) it fails saying so, before any client runs", () => {
    const b = sandbox(PG);
    const r = b.run(["dump"], { ...SETTINGS, CREDENTIALS_DIRECTORY: path.join(b.root, "nowhere") });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/the database's CA is not readable as credential database-ca: run the dump through its unit/);
    expect(r.log).toEqual([]);
  });

  it("failed refuses an unknown job", () => {
    const r = sandbox(PG).run(["failed", "copy"]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/unknown job 'copy'; jobs: dump/);
  });

  it("dump (MySQL): a consistent dump over verified TLS, checked, uploaded under database/YYYY/MM/DD/, the cache emptied", () => {
    const b = sandbox(MYSQL);
    stamp(b, "copy", 1);
    const r = b.run(["dump"], SETTINGS);
    expect(r.code).toBe(0);
    const [dump, upload] = r.log;
    expect(dump).toMatch(/^mysqldump --defaults-extra-file=\S+\/client\.cnf --host=private-db\.example --port=25060 --user=acme --ssl-mode=VERIFY_CA --ssl-ca=\S+\/credentials\/database-ca --single-transaction --quick --no-tablespaces --set-gtid-purged=OFF acme$/);
    // The password reaches mysqldump in an option file, quoted, never on the command line.
    expect(fs.readFileSync(path.join(b.root, "options"), "utf8")).toBe('[client]\npassword="p\\"a\\\\ss"\n');
    expect(r.log.join("\n")).not.toContain("p\"a");
    const day = new Date().toISOString().slice(0, 10).replace(/-/g, "/");
    expect(upload).toMatch(new RegExp(`^rclone copyto \\S+/acme-\\d{8}T\\d{6}Z\\.sql\\.gz backups:acme-dr-backups-3d4e5f/database/${day}/acme-\\d{8}T\\d{6}Z\\.sql\\.gz `));
    const uploaded = spawnSync("gzip", ["-dc", path.join(b.root, "uploaded")], { encoding: "utf8" }).stdout;
    expect(uploaded).toMatch(/-- Dump completed/);
    expect(fs.readdirSync(b.cache)).toEqual([]);
    expect(fs.existsSync(heartbeat(b))).toBe(true);
  });

  it("dump (MySQL): an incomplete dump is not uploaded and the run fails", () => {
    const b = sandbox(MYSQL);
    const r = b.run(["dump"], { ...SETTINGS, STUB_INCOMPLETE: "1" });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/the dump is incomplete/);
    expect(r.log.filter((l) => l.startsWith("rclone"))).toEqual([]);
    expect(fs.existsSync(path.join(b.state, "dump.ok"))).toBe(false);
    expect(fs.readdirSync(b.cache)).toEqual([]);
  });

  it("dump (PostgreSQL): pg_dump of the engine's version in custom format, verify-ca, checked with pg_restore", () => {
    const b = sandbox(PG);
    const r = b.run(["dump"], SETTINGS);
    expect(r.code).toBe(0);
    expect(r.log[0]).toBe(`pg_dump --format=custom --no-owner --no-privileges --file=${b.cache}/${r.log[0]!.match(/acme-\d{8}T\d{6}Z\.dump/)![0]} host=private-db.example port=25060 dbname=acme user=acme sslmode=verify-ca sslrootcert=${b.root}/credentials/database-ca PGPASSWORD=${SETTINGS.DB_PASSWORD}`);
    expect(r.log[1]).toMatch(/^pg_restore --list \S+\.dump$/);
    expect(r.log[2]).toMatch(/^rclone copyto \S+\.dump backups:acme-dr-backups-3d4e5f\/database\/\d{4}\/\d\d\/\d\d\/acme-\d{8}T\d{6}Z\.dump /);
    const unreadable = sandbox(PG).run(["dump"], { ...SETTINGS, STUB_UNREADABLE: "1" });
    expect(unreadable.code).toBe(1);
    expect(unreadable.out).toMatch(/pg_restore cannot read the dump/);
  });

  it("names its commands in the usage message", () => {
    const box = sandbox(PG);
    const r = box.run(["nope"]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/usage: acme-backup dump \| check \| failed JOB/);
    // A job this Droplet does not run is no command of its script either.
    const copy = box.run(["copy"]);
    expect(copy.code).toBe(1);
    expect(copy.out).toBe(r.out);
    expect(copy.log).toEqual([]);
  });
});

describe("the backup units", () => {
  const units = Object.fromEntries(backupUnits(MYSQL, "acme").map((f) => [path.basename(f.path), f.content]));

  it("per job a oneshot service on the settings file with OnFailure, and a persistent timer on the schedule", () => {
    expect(Object.keys(units).sort()).toEqual([
      "acme-backup-check.service",
      "acme-backup-check.timer",
      "acme-backup-copy.service",
      "acme-backup-copy.timer",
      "acme-backup-dump.service",
      "acme-backup-dump.timer",
      "acme-backup-failed@.service",
    ]);
    for (const job of ["copy", "dump"] as const) {
      const service = units[`acme-backup-${job}.service`]!;
      expect(service).toContain(`ExecStart=/usr/local/sbin/acme-backup ${job}\n`);
      expect(service).toContain("EnvironmentFile=/etc/acme/backup.env\n");
      expect(service).toContain(`OnFailure=acme-backup-failed@${job}.service\n`);
      expect(service).toContain("User=acme-backup\n");
      expect(service).toContain("ProtectSystem=strict\n");
      expect(units[`acme-backup-${job}.timer`]).toContain(`OnCalendar=${MYSQL[job]!.schedule}\nPersistent=true\n`);
    }
    expect(units["acme-backup-failed@.service"]).toContain("ExecStart=/usr/local/sbin/acme-backup failed %i\n");
    expect(units["acme-backup-check.timer"]).toContain("OnCalendar=*:0/15\n");
  });

  it("the dump alone gets a private cache directory; a PostgreSQL dump has no copy units", () => {
    expect(units["acme-backup-dump.service"]).toContain("CacheDirectory=acme-backup\nCacheDirectoryMode=0700\n");
    // The CA reaches the dump's user as a credential: /etc/acme (0750 root:www-data) is closed to it.
    expect(units["acme-backup-dump.service"]).toContain("LoadCredential=database-ca:/etc/acme/database-ca.pem\n");
    expect(units["acme-backup-copy.service"]).not.toContain("LoadCredential");
    expect(units["acme-backup-copy.service"]).not.toContain("CacheDirectory");
    expect(backupFiles(PG, "acme").map((f) => path.basename(f.path))).not.toContain("acme-backup-copy.timer");
  });
});

describe("the backup settings file", () => {
  const settings: BackupSettings = {
    server: "acme-dr-app-1",
    source: { bucket: "acme-prod-media-0a1b2c", region: "nyc3", access_key: "READER", secret_key: "reader/secret+1" },
    backups: { bucket: "acme-dr-backups-3d4e5f", region: "fra1", access_key: "WRITER", secret_key: 'wr"iter\\$x' },
    database: { engine: "mysql", host: "h", port: 25060, name: "acme", user: "acme", password: "pw" },
  };

  it("configures two rclone remotes by environment, each on its region's endpoint, never checking buckets", () => {
    const vars = backupEnvironment(settings);
    expect(vars).toMatchObject({
      RCLONE_CONFIG_SOURCE_TYPE: "s3",
      RCLONE_CONFIG_SOURCE_PROVIDER: "DigitalOcean",
      RCLONE_CONFIG_SOURCE_ENDPOINT: "nyc3.digitaloceanspaces.com",
      RCLONE_CONFIG_SOURCE_ACCESS_KEY_ID: "READER",
      RCLONE_CONFIG_SOURCE_NO_CHECK_BUCKET: "true",
      SOURCE_BUCKET: "acme-prod-media-0a1b2c",
      RCLONE_CONFIG_BACKUPS_ENDPOINT: "fra1.digitaloceanspaces.com",
      RCLONE_CONFIG_BACKUPS_SECRET_ACCESS_KEY: 'wr"iter\\$x',
      BACKUPS_BUCKET: "acme-dr-backups-3d4e5f",
      DB_PORT: "25060",
    });
    expect(backupEnvironment({ ...settings, source: null, database: null })).not.toHaveProperty("SOURCE_BUCKET");
  });

  it("renders KEY=\"value\" lines, escaping backslashes and quotes, and refuses a line break", () => {
    const text = renderBackupEnvironment(backupEnvironment(settings));
    expect(text).toContain('RCLONE_CONFIG_BACKUPS_SECRET_ACCESS_KEY="wr\\"iter\\\\$x"\n');
    // Every line passes the deploy command's own check (runtimes/deploy/backup-env.sh cmd_backup_env).
    for (const line of text.trimEnd().split("\n")) expect(line).toMatch(/^[A-Za-z_][A-Za-z0-9_]*=".*"$/);
    expect(() => renderBackupEnvironment({ DB_PASSWORD: "a\nb" })).toThrow(/DB_PASSWORD holds a line break/);
  });
});
