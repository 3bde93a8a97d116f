// One entry point for Terraform configuration and variable files, whatever their syntax (the file's
// registered type, core/inputs.ts): the native syntax goes through tree-sitter, the JSON syntax
// through its adapter; both give the same HCL AST, so the model and the rules never know which.
import type { Parser } from 'web-tree-sitter';
import { fileTypeOf } from '../inputs.js';
import type { HclFile } from './ast.js';
import { parseTfJson } from './json.js';
import { parseHcl } from './parse.js';

export function parseConfigFile(parser: Parser, path: string, src: string, maxDepth = 2000): HclFile {
  const t = fileTypeOf(path);
  if (t?.syntax === 'json') return parseTfJson(parser, path, src, t.role === 'tfvars', maxDepth);
  return parseHcl(parser, path, src, maxDepth);
}
