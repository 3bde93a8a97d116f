// The trustgate.* settings, read per resource (folder settings win).
import * as vscode from 'vscode';
import { PERSONAS, SEVERITIES, type Persona, type Severity } from '../../core/types.js';
import { DEFAULT_SETTINGS, type Settings } from './unit.js';

export function readSettings(scope?: vscode.Uri): Settings {
  const c = vscode.workspace.getConfiguration('trustgate', scope);
  const min = c.get<string>('minimumSeverity', DEFAULT_SETTINGS.minimumSeverity);
  const cats = c.get<unknown>('enabledCategories', []);
  const persona = c.get<string>('persona', '');
  return {
    minimumSeverity: (SEVERITIES as readonly string[]).includes(min) ? (min as Severity) : DEFAULT_SETTINGS.minimumSeverity,
    enabledCategories: Array.isArray(cats) ? cats.filter((x): x is string => typeof x === 'string') : [],
    configPath: configPath(c),
    showSuppressed: c.get<boolean>('showSuppressed', false) ?? false,
    persona: (PERSONAS as readonly string[]).includes(persona ?? '') ? (persona as Persona) : undefined,
  };
}

/**
 * trustgate.configPath is a restricted setting: in Restricted Mode only the user's own value counts,
 * never one the opened workspace brings (it could point the scan at a config that disables every rule).
 */
function configPath(c: vscode.WorkspaceConfiguration): string {
  if (vscode.workspace.isTrusted) return c.get<string>('configPath', '') ?? '';
  const v = c.inspect<string>('configPath')?.globalValue;
  return typeof v === 'string' ? v : '';
}
