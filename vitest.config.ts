import { defineConfig } from 'vitest/config';

// One runner for the workspace. Tests import libraries from source through the
// `@kubesim/source` export condition; process-level tests run the built `dist/`.
export default defineConfig({
  resolve: { conditions: ['@kubesim/source'] },
  ssr: { resolve: { conditions: ['@kubesim/source'] } },
  test: {
    include: ['{apps,libs,bench}/**/src/**/*.test.ts', '{apps,libs}/**/test/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    globalSetup: ['libs/testing/src/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    reporters: process.env.CI ? ['default'] : ['default'],
  },
});
