import { SEC_1 } from "../../../policy/rules/sec-1-no-secrets";
import type { RuleCases } from "./types";
import { ref } from "./types";

// Fake credentials, built at run time so this file holds nothing shaped like a real one.
const DO_TOKEN = ["dop", "v1", "a".repeat(64)].join("_");
const SPACES_KEY = "D" + "O" + "0A".repeat(9);
const AWS_KEY = "AK" + "IA" + "X".repeat(16);
const GITHUB_TOKEN = "gh" + "p_" + "A".repeat(36);
const PRIVATE_KEY = ["-----BEGIN", "RSA", "PRIVATE", "KEY-----"].join(" ") + "\nMIIEfake\n";
const SLACK_URL = ["https:", "", "hooks.slack.com", "services", "T0000", "B0000", "x".repeat(24)].join("/");
/** A Spaces secret key's shape: 43 characters of base64 (built at run time, like the others). */
const SPACES_SECRET = ["q7Vx", "3Jm9", "Tz2Lw", "8Hn4Rk", "Yb6Pd1", "Sf5Gc0", "Xe7Ua2", "Wi9"].join("");
const backupSettings = (backups: object) => output("backup_settings", { sensitive: true, value: { server: "acme-dr-app-1", source: null, database: null, backups: { bucket: "${digitalocean_spaces_bucket.storage_bucket.name}", region: "fra1", ...backups } } });
const DB_URL = "postgres://" + "doadmin" + ":" + "hunter2" + "@db.example.com:25060/defaultdb";

const provider = (block: object) => ({ provider: { digitalocean: [block] } });
const variable = (name: string, block: object) => ({ variable: { [name]: { type: "string", sensitive: true, ...block } } });
const output = (name: string, block: object) => ({ output: { [name]: block } });
const resource = (type: string, block: object) => ({ resource: { [type]: { it: block } } });
const envFile = (line: string) => `#cloud-config\nwrite_files:\n  - path: /etc/app.env\n    content: |\n      ${line}\n`;
const droplet = (userData: string) => resource("digitalocean_droplet", { name: "acme-test-app-1", size: "s-1vcpu-1gb", image: "ubuntu-24-04-x64", region: "nyc3", user_data: userData });

export const cases: RuleCases = {
  rule: SEC_1,
  compliant: [
    { name: "user_data reading a secret-named variable from the environment", json: droplet(envFile("DB_PASSWORD=$DB_PASSWORD")), subject: "digitalocean_droplet.it" },
    { name: "provider credentials from variables", json: provider({ token: "${var.do_token}", spaces_access_id: "${var.spaces_access_id}", spaces_secret_key: "${var.spaces_secret_key}" }), subject: "provider.digitalocean[0]" },
    { name: "sensitive output of a generated password", json: output("database_app_password", { sensitive: true, value: ref("digitalocean_database_user.app", "password") }), subject: "output.database_app_password" },
    {
      name: "backup jobs' keys as references to the generated Spaces key",
      json: backupSettings({ access_key: ref("digitalocean_spaces_key.writer", "access_key"), secret_key: ref("digitalocean_spaces_key.writer", "secret_key") }),
      subject: "output.backup_settings",
    },
    { name: "secret variable defaulting to the empty string", json: variable("alert_slack_webhook_url", { default: "" }), subject: "var.alert_slack_webhook_url" },
    { name: "connection URL whose password is a reference", json: output("database_url", { sensitive: true, value: "mysql://doadmin:${var.db_password}@db.example.com:25060/defaultdb" }), subject: "output.database_url" },
    { name: "a TXT record of 20 capital letters starting with DO (no digit: not a Spaces key)", json: resource("digitalocean_record", { domain: "acme.io", type: "TXT", name: "@", value: "DOMAINVERIFICATIONXY" }), subject: "digitalocean_record.it" },
    { name: "an SSH public key and a variable-fed slack webhook", json: { resource: { digitalocean_ssh_key: { deploy: { name: "deploy", public_key: "ssh-ed25519 " + "A".repeat(68) + " deploy@example" } }, digitalocean_monitor_alert: { cpu: { type: "v1/insights/droplet/cpu", compare: "GreaterThan", value: 80, window: "5m", tags: ["acme-test"], alerts: { email: ["ops@example.com"], slack: [{ channel: "#ops", url: "${var.alert_slack_webhook_url}" }] } } } } }, subject: "digitalocean_monitor_alert.cpu" },
  ],
  nonCompliant: [
    { name: "a secret-named variable set to a literal in user_data", json: droplet(envFile("DB_PASSWORD=" + "hunter2" + "hunter2")), subject: "digitalocean_droplet.it", attributes: ["user_data"] },
    { name: "a password interpolating a literal around a reference", json: resource("digitalocean_database_user", { name: "app", password: "pre" + "fix-${var.suffix}" }), subject: "digitalocean_database_user.it", attributes: ["password"] },
    { name: "literal DigitalOcean token in the provider", json: provider({ token: DO_TOKEN }), subject: "provider.digitalocean[0]", attributes: ["token"] },
    { name: "secret-named literal that matches no pattern", json: provider({ token: "not-a-real-token" }), subject: "provider.digitalocean[0]", attributes: ["token"] },
    { name: "password variable with a default", json: variable("db_password", { default: "hunter2" }), subject: "var.db_password", attributes: ["default"] },
    { name: "token variable defaulting to a DigitalOcean token", json: variable("do_token", { default: DO_TOKEN }), subject: "var.do_token", attributes: ["default"] },
    {
      name: "a real-looking Spaces key pair written into the backup jobs' settings output",
      json: backupSettings({ access_key: SPACES_KEY, secret_key: SPACES_SECRET }),
      subject: "output.backup_settings",
      attributes: ["value.backups.access_key", "value.backups.secret_key"],
    },
    { name: "a Spaces secret key in an rclone setting in user_data", json: droplet(envFile(`RCLONE_CONFIG_BACKUPS_SECRET_ACCESS_KEY="${SPACES_SECRET}"`)), subject: "digitalocean_droplet.it", attributes: ["user_data"] },
    { name: "AWS access key in user_data", json: droplet(envFile(`AWS_ACCESS_KEY_ID=${AWS_KEY}`)), subject: "digitalocean_droplet.it", attributes: ["user_data"] },
    { name: "GitHub token in user_data", json: droplet(envFile(`GITHUB_TOKEN=${GITHUB_TOKEN}`)), subject: "digitalocean_droplet.it", attributes: ["user_data"] },
    { name: "Spaces access key in user_data", json: droplet(envFile(`SPACES_KEY=${SPACES_KEY}`)), subject: "digitalocean_droplet.it", attributes: ["user_data"] },
    { name: "literal Slack webhook in a monitor alert", json: resource("digitalocean_monitor_alert", { type: "v1/insights/droplet/cpu", compare: "GreaterThan", value: 80, window: "5m", tags: ["acme-test"], alerts: { slack: [{ channel: "#ops", url: SLACK_URL }] } }), subject: "digitalocean_monitor_alert.it", attributes: ["alerts.slack[0].url"] },
    { name: "custom certificate with a literal private key", json: resource("digitalocean_certificate", { name: "cert", type: "custom", private_key: PRIVATE_KEY, leaf_certificate: "${file(\"cert.pem\")}" }), subject: "digitalocean_certificate.it", attributes: ["private_key"] },
    { name: "credentials inside a connection URL output", json: output("database_url", { sensitive: true, value: DB_URL }), subject: "output.database_url", attributes: ["value"] },
    { name: "literal secret_key in the state backend", json: { terraform: { backend: { s3: { bucket: "acme-terraform-state", key: "acme/test.tfstate", secret_key: "not-a-real-key" } } } }, subject: "terraform", attributes: ["backend.s3.secret_key"] },
    { name: "a connection URL whose password contains a slash", json: output("database_url", { sensitive: true, value: "postgres://" + "app:" + "ab/cd" + "@db.example.com/app" }), subject: "output.database_url", attributes: ["value"] },
    { name: "literal access_key in the state backend", json: { terraform: { backend: { s3: { bucket: "acme-terraform-state", key: "acme/test.tfstate", region: "us-east-1", access_key: "not-a-real-key" } } } }, subject: "terraform", attributes: ["backend.s3.access_key"] },
  ],
};
