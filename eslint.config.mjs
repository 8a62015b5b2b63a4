// ESLint flat config: the site's browser modules, workers and their tests.
import js from "@eslint/js";
import globals from "globals";

export default [
  { ignores: ["site/**", "node_modules/**", ".venv/**", ".cache/**"] },
  js.configs.recommended,
  {
    files: ["site_src/**/*.{js,mjs}", "bench/pages/**/*.mjs"],
    languageOptions: { ecmaVersion: 2024, sourceType: "module", globals: { ...globals.browser, ...globals.worker } },
  },
  {
    files: ["site_src/hors_ligne/**/*.js", "site_src/widget/recherche-differee.js"],
    languageOptions: { sourceType: "script", globals: { ...globals.serviceworker, ...globals.worker } },
  },
  {
    // The service worker's file list and version are written in at build time (build_tools/site/offline.py).
    files: ["site_src/hors_ligne/sw.js"],
    languageOptions: { globals: { PARTIES: "readonly", VERSION: "readonly" } },
  },
  {
    files: ["docs/**/*.js"],
    languageOptions: { sourceType: "script", globals: globals.browser },
  },
  {
    files: ["tests/js/**/*.mjs", "build_tools/**/*.mjs", "eslint.config.mjs"],
    languageOptions: { ecmaVersion: 2024, sourceType: "module", globals: globals.node },
  },
];
