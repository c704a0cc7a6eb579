/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  // Jest defaults to cores - 1 workers: one worker on a 2-core machine. Two are measurably faster.
  maxWorkers: 2,
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  // sucrase only strips types; `npm test` runs `tsc --noEmit` (strict) before jest.
  transform: { "\\.ts$": "@sucrase/jest-plugin" },
  moduleFileExtensions: ["ts", "js", "json"],
  setupFilesAfterEnv: ["<rootDir>/__tests__/setup.ts"],
  // Synthesizes every stack once per run; test files read the JSON (see __tests__/helpers.ts).
  globalSetup: "<rootDir>/__tests__/global-setup.ts",
  globalTeardown: "<rootDir>/__tests__/global-teardown.ts",
};
