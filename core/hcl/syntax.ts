// One entry point for Terraform configuration and variable files, whatever their syntax: the native
// syntax goes through tree-sitter, JSON syntax through its adapter; both give the same HCL AST, so the
// Terraform model and the rules do not know which one they read.
import type { Parser } from 'web-tree-sitter';
import { fileTypeOf } from '../inputs.js';
import type { HclFile } from './ast.js';
import { parseHcl } from './parse.js';

export function parseConfigFile(parser: Parser, path: string, src: string, maxDepth = 2000): HclFile {
  return parseHcl(parser, path, src, maxDepth);
}

export { fileTypeOf };
