/**
 * Backup jobs in the matrix: the calendar grammar (cases checked against `systemd-analyze calendar`
 * 252), every bad value the issue names (retention, schedule, same-region copy) and the other
 * preconditions as ConfigErrors naming stack, field, value and what is allowed, and the resolution
 * (host, source bucket pattern, prefixes) for every preset.
 */
import { isCalendarExpression } from "../../config/calendar";
import { environments, PLATFORM } from "../../config/environments";
import { DROPLET_PRESET_NAMES as PRESET_NAMES, DROPLET_PRESETS as PRESETS } from "../../config/presets";
import { STACK_NAMES, type BackupJobsConfig, type EnvironmentConfig, type StackName } from "../../config/types";
import { BACKUP_HOST, ConfigError, resolvePlatform, validateBackupJobs, type Problem } from "../../config/validate";

type Envs = Record<StackName, EnvironmentConfig>;

const SYSTEMD_ACCEPTS = ["daily", "weekly", "hourly", "Sun *-*-* 05:00:00", "*-*-* 01:30:00", "*-*-* 01:30", "Mon..Fri 02:00", "*:0/15", "Mon,Wed *-*-* 03:00 UTC", "2026-12-01", "*-01-01 00:00", "Sun 05:00", "*-*-* 1..3:00"];
const SYSTEMD_REFUSES = ["Mon..Fri 25:00", "every day", "*-*-* 24:00", "Funday 02:00", "*-13-01 00:00", "", "daily ", "02:60", "0 2 * * *"];

describe("isCalendarExpression agrees with systemd-analyze calendar", () => {
  it.each(SYSTEMD_ACCEPTS)("accepts %p", (e) => expect(isCalendarExpression(e)).toBe(true));
  it.each(SYSTEMD_REFUSES)("refuses %p", (e) => expect(isCalendarExpression(e)).toBe(false));
});

function withJobs(jobs: BackupJobsConfig | undefined, patch: Partial<EnvironmentConfig> = {}): Envs {
  const envs = environments("launch");
  return { ...envs, dr: { ...envs.dr, backupJobs: jobs, ...patch } as EnvironmentConfig };
}

const COPY = { from: "prod" as const, schedule: "*-*-* 01:30:00", staleAfterHours: 26 };
const DUMP = { schedule: "Sun *-*-* 05:00:00", retentionDays: 30, staleAfterHours: 170 };

function only(problems: Problem[], field: string): Problem {
  const found = problems.filter((p) => p.field === field);
  expect(found).toHaveLength(1);
  return found[0]!;
}

describe("validateBackupJobs", () => {
  it("accepts every preset as shipped", () => {
    for (const name of PRESET_NAMES) expect(validateBackupJobs(PRESETS[name].environments("launch"))).toEqual([]);
  });

  it.each([0, -1, 1.5])("refuses a dump retention of %p days", (days) => {
    const p = only(validateBackupJobs(withJobs({ copy: COPY, dump: { ...DUMP, retentionDays: days } })), "backupJobs.dump.retentionDays");
    expect(p).toEqual({ where: "dr", field: "backupJobs.dump.retentionDays", value: days, allowed: "a whole number of days ≥ 1" });
  });

  it.each(["0 5 * * 0", "Sunday at five", "*-*-* 25:00"])("refuses the dump schedule %p, listing the allowed forms", (schedule) => {
    const p = only(validateBackupJobs(withJobs({ dump: { ...DUMP, schedule } })), "backupJobs.dump.schedule");
    expect(p.value).toBe(schedule);
    expect(p.allowed).toMatch(/systemd calendar expression.*daily.*Sun \*-\*-\* 05:00:00/);
  });

  it("refuses a copy schedule that is not a calendar expression", () => {
    expect(only(validateBackupJobs(withJobs({ copy: { ...COPY, schedule: "nightly" } })), "backupJobs.copy.schedule").value).toBe("nightly");
  });

  it("refuses a copy whose destination is in the source's region, naming the stacks that qualify", () => {
    const p = only(validateBackupJobs(withJobs({ copy: COPY }, { region: "nyc3" })), "backupJobs.copy.from");
    expect(p.value).toBe("prod");
    expect(p.allowed).toMatch(/another region than this one \(nyc3\)/);
  });

  it("refuses a copy from itself or from a stack without a bucket", () => {
    expect(only(validateBackupJobs(withJobs({ copy: { ...COPY, from: "dr" } })), "backupJobs.copy.from").allowed).toMatch(/another stack with a bucket: dev, staging, prod/);
    const envs = withJobs({ copy: COPY });
    const noBucket = { ...envs, prod: { ...envs.prod, bucket: null, cdn: false } };
    expect(only(validateBackupJobs(noBucket), "backupJobs.copy.from").value).toBe("prod");
  });

  it.each([0, -3])("refuses staleAfterHours %p", (hours) => {
    expect(only(validateBackupJobs(withJobs({ dump: { ...DUMP, staleAfterHours: hours } })), "backupJobs.dump.staleAfterHours").value).toBe(hours);
  });

  it("needs a destination bucket whose old versions expire", () => {
    expect(only(validateBackupJobs(withJobs({ dump: DUMP }, { bucket: null })), "backupJobs").allowed).toMatch(/a stack with a bucket/);
    const unversioned = validateBackupJobs(withJobs({ dump: DUMP }, { bucket: { purpose: "backups", versioning: false } }));
    expect(only(unversioned, "bucket.noncurrentVersionExpiryDays").allowed).toMatch(/versioning: true/);
  });

  it("needs alerting (the heartbeat's uptime check) and, behind a load balancer, one app Droplet", () => {
    expect(only(validateBackupJobs(withJobs({ dump: DUMP }, { alerting: false })), "alerting").allowed).toMatch(/heartbeat/);
    const two = only(validateBackupJobs(withJobs({ dump: DUMP }, { app: { count: 2, size: "s-2vcpu-2gb" } })), "app.count");
    expect(two).toMatchObject({ where: "dr", value: 2 });
    expect(two.allowed).toContain(BACKUP_HOST);
  });

  it("refuses jobs with neither a copy nor a dump", () => {
    expect(only(validateBackupJobs(withJobs({})), "backupJobs").allowed).toMatch(/a copy, a dump, or both/);
  });

  it("reports through resolvePlatform as one ConfigError with every problem", () => {
    const bad = withJobs({ copy: { ...COPY, schedule: "nightly" }, dump: { ...DUMP, retentionDays: 0 } }, { region: "nyc3" });
    let error: unknown;
    try {
      resolvePlatform(PLATFORM, bad);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toContain('dr: backupJobs.copy.schedule = "nightly" is not allowed');
    expect(message).toContain("dr: backupJobs.dump.retentionDays = 0 is not allowed; allowed: a whole number of days ≥ 1");
    expect(message).toContain('dr: backupJobs.copy.from = "prod" is not allowed');
  });
});

describe("resolved backup jobs of every preset", () => {
  it.each(PRESET_NAMES)("%s: at most one stack runs them, on its first app Droplet, copying from another region", (name) => {
    const preset = PRESETS[name];
    const envs = preset.environments("launch");
    const resolved = resolvePlatform(preset.platform, envs);
    const withJobs = STACK_NAMES.filter((s) => resolved[s].backups);
    // Every preset with a dr backups bucket has jobs in dr; freshtrack has no bucket at all.
    expect(withJobs).toEqual(envs.dr.bucket?.purpose === "backups" ? ["dr"] : []);
    for (const stack of withJobs) {
      const jobs = resolved[stack].backups!;
      expect(jobs.host).toBe("app-1");
      expect(resolved[stack].droplets.map((d) => d.id)).toContain(jobs.host);
      const copy = jobs.copy!;
      const source = envs[copy.from];
      expect(copy.sourceRegion).toBe(source.region);
      expect(copy.sourceRegion).not.toBe(envs[stack].region);
      expect(copy.prefix).toBe(`${copy.from}-${source.bucket!.purpose}/`);
      // The source bucket is named by the source's state (its bucket_name output), read in the state region.
      expect(copy.sourceState).toEqual({ bucket: `${preset.platform.state.bucketPrefix}-prod`, key: `${preset.platform.app}/${copy.from}.tfstate`, region: preset.platform.state.region });
      expect(copy.sourceState.region).not.toBe(source.region);
      expect(jobs.dump).toMatchObject({ prefix: "database/", retentionDays: envs[stack].backupJobs!.dump!.retentionDays });
    }
  });
});
