// ESLint with Next.js's rules (core web vitals + TypeScript), run by `npm test`.
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      // A leading underscore marks a value left out on purpose (destructured away, unused argument).
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_", ignoreRestSiblings: true }],
    },
  },
  {
    ignores: [".next/**", ".data/**", "node_modules/**", "lib/generated/**", "tests/fixtures/**", "next-env.d.ts", "coverage/**"],
  },
];

export default config;
