/**
 * Tests that run the real Terraform (1.11.4 on PATH; builtin providers only: no registry, no token).
 * `npm test` must not need terraform, so these are `npm run test:terraform`, which `.ci/run` and the
 * workflows' test jobs run after `npm test`.
 */
const base = require("./jest.config.js");

/** @type {import('jest').Config} */
module.exports = { ...base, testMatch: ["**/*.terraform.ts"] };
