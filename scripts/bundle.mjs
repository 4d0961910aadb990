// Bundles the apps that run many times per cluster into one minified ES module each
// (apps/<app>/dist/<app>.mjs, from the tsc output): one kubelet per node, so its memory is
// multiplied. One module instead of a few hundred saves ~2.5 MB of V8 heap per process (source
// text, module records, the parts of @kubesim/api it never calls) and starts faster. Always rebuilt
// (~1 s); libs/cluster's appMain uses the bundle only while it is newer than every tsc build.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const BUNDLED_APPS = ['kubelet'];

for (const app of BUNDLED_APPS) {
  const entry = join(root, 'apps', app, 'dist', 'main.js');
  const outfile = join(root, 'apps', app, 'dist', `${app}.mjs`);
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Whitespace and syntax only: identifiers keep their names, so functions and classes keep their
    // `name` (error types in logs, stack traces) without esbuild's keepNames, which wraps every
    // function and class it creates – closures in hot paths included – in a defineProperty call
    // (~2 MB of garbage per kubelet in a 33-pod burst).
    minifyWhitespace: true,
    minifySyntax: true,
    sourcemap: 'linked',
    legalComments: 'none',
    logLevel: 'warning',
    // CommonJS dependencies (grpc-js, protobufjs, pino) call require() for node built-ins.
    banner: { js: "import { createRequire as __kubesimRequire } from 'node:module'; const require = __kubesimRequire(import.meta.url);" },
  });
}
