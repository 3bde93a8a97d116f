// Copies the two WASM files a bundle needs into `dir` (core/hcl/parse.ts looks for ./wasm next to a bundle).
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
export function copyWasm(dir) {
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(dirname(require.resolve('web-tree-sitter')), 'web-tree-sitter.wasm'), join(dir, 'web-tree-sitter.wasm'));
  copyFileSync(join(dirname(require.resolve('@tree-sitter-grammars/tree-sitter-hcl/package.json')), 'tree-sitter-terraform.wasm'), join(dir, 'tree-sitter-terraform.wasm'));
}
