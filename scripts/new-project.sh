#!/usr/bin/env bash
# Scaffolds a workspace project: scripts/new-project.sh <libs|apps> <name> "<tags>" [dep ...]
set -euo pipefail
kind=$1; name=$2; tags=$3; shift 3
dir="$kind/$name"
if [ "$kind" = apps ]; then pkgname="kubesim-$name"; else pkgname="@kubesim/$name"; fi
mkdir -p "$dir/src"
deps=""; refs=""
for d in "$@"; do
  deps="$deps\"@kubesim/$d\": \"*\","
  refs="$refs{ \"path\": \"../../libs/$d\" },"
done
deps=${deps%,}; refs=${refs%,}
tagjson=$(printf '%s' "$tags" | awk '{for(i=1;i<=NF;i++) printf "%s\"%s\"", (i>1?", ":""), $i}')
if [ "$kind" = libs ]; then entry=index; else entry=main; fi
cat > "$dir/package.json" <<JSON
{
  "name": "$pkgname",
  "version": "0.1.0",
  "private": true,
  "type": "module",
  "exports": {
    ".": {
      "@kubesim/source": "./src/$entry.ts",
      "types": "./dist/$entry.d.ts",
      "default": "./dist/$entry.js"
    }
  },
  "scripts": {
    "build": "tsc -b tsconfig.json",
    "test": "vitest run --passWithNoTests --root ../.. $dir/"
  },
  "dependencies": { $deps },
  "nx": { "tags": [$tagjson] }
}
JSON
cat > "$dir/tsconfig.json" <<JSON
{
  "extends": "../../tsconfig.base.json",
  "compilerOptions": { "rootDir": "src", "outDir": "dist", "tsBuildInfoFile": "dist/tsconfig.tsbuildinfo" },
  "include": ["src/**/*.ts"],
  "exclude": ["src/**/*.test.ts"],
  "references": [$refs]
}
JSON
[ -f "$dir/src/$entry.ts" ] || echo "export {};" > "$dir/src/$entry.ts"
