import nx from '@nx/eslint-plugin';

// Boundaries between projects (Nx tags):
//   type:app may import libs; a lib never imports an app.
//   scope:storage (the only lib importing etcd3) is imported only by scope:apiserver projects.
//   scope:shared libs import only other shared libs.
export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    ignores: ['**/dist', '**/node_modules', '**/generated', '.kubesim', '**/*.mjs', 'bin/**', '**/vitest.config.ts'],
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:lib', notDependOnLibsWithTags: ['type:app'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:storage', onlyDependOnLibsWithTags: ['scope:shared', 'scope:testing'] },
            { sourceTag: 'scope:apiserver', onlyDependOnLibsWithTags: ['scope:shared', 'scope:storage', 'scope:apiserver', 'scope:testing'] },
            { sourceTag: 'scope:scheduler', onlyDependOnLibsWithTags: ['scope:shared', 'scope:scheduler', 'scope:testing'] },
            { sourceTag: 'scope:node', onlyDependOnLibsWithTags: ['scope:shared', 'scope:node', 'scope:testing'] },
            { sourceTag: 'scope:controllers', onlyDependOnLibsWithTags: ['scope:shared', 'scope:controllers', 'scope:testing'] },
            { sourceTag: 'scope:cli', onlyDependOnLibsWithTags: ['scope:shared', 'scope:cli', 'scope:testing'] },
            { sourceTag: 'scope:testing', onlyDependOnLibsWithTags: ['scope:shared', 'scope:testing'] },
            { sourceTag: 'scope:bench', onlyDependOnLibsWithTags: ['scope:shared', 'scope:testing'] },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-empty-function': 'off',
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'etcd3', message: 'Only libs/storage talks to etcd.' },
            { name: '@grpc/proto-loader', message: 'Only libs/proto loads .proto files.' },
          ],
        },
      ],
    },
  },
  // The benchmark compares the apiserver with raw etcd puts, so it talks to etcd too.
  { files: ['libs/storage/**/*.ts', 'libs/testing/**/*.ts', 'bench/**/*.ts'], rules: { 'no-restricted-imports': 'off' } },
  { files: ['libs/proto/**/*.ts'], rules: { 'no-restricted-imports': 'off' } },
  {
    // Kubelets run under V8's lite mode (libs/cluster nodeFlags), which has no WebAssembly: undici's fetch cannot load.
    files: ['libs/kubelet/src/**/*.ts', 'apps/kubelet/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-globals': ['error', { name: 'fetch', message: 'The kubelet runs with --lite-mode (no WebAssembly): use node:http.' }, { name: 'WebAssembly', message: 'The kubelet runs with --lite-mode.' }] },
  },
  { files: ['**/*.test.ts', '**/test/**/*.ts', 'bench/**/*.ts'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
];
