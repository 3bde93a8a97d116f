// `npm run docs`: writes docs/rules/<ID>.md, docs/rules/README.md, docs/controls.md and
// soc2-mapping.json from rule metadata and fixtures (core/docs.ts). There is no TypeScript runner,
// so the generator entry is bundled with esbuild into a temporary module and imported.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
execFileSync(process.execPath, [join(root, 'scripts/gen-rule-index.mjs')], { stdio: 'inherit' });

const tmp = mkdtempSync(join(tmpdir(), 'trustgate-docs-'));
try {
  const entry = join(tmp, 'entry.ts');
  writeFileSync(
    entry,
    `import { ALL_RULES } from ${JSON.stringify(join(root, 'rules/index.ts'))};\n` +
      `import { ruleMeta } from ${JSON.stringify(join(root, 'core/rule.ts'))};\n` +
      `import { generateDocs } from ${JSON.stringify(join(root, 'core/docs.ts'))};\n` +
      `export const files = (root: string) => generateDocs(ALL_RULES.map(ruleMeta), root);\n`,
  );
  const out = join(tmp, 'gen.mjs');
  await build({
    entryPoints: [entry],
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  const { files } = await import(pathToFileURL(out).href);
  const generated = files(root);
  let changed = 0;
  for (const [rel, text] of generated) {
    const p = join(root, rel);
    mkdirSync(dirname(p), { recursive: true });
    let old;
    try {
      old = readFileSync(p, 'utf8');
    } catch {}
    if (old !== text) {
      writeFileSync(p, text);
      changed++;
    }
  }
  // Pages of rules that no longer exist.
  for (const n of readdirSync(join(root, 'docs/rules'))) {
    if (n.endsWith('.md') && !generated.has(`docs/rules/${n}`)) {
      unlinkSync(join(root, 'docs/rules', n));
      changed++;
    }
  }
  console.log(`docs: ${generated.size} files, ${changed} changed`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
