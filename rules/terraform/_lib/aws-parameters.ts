// RDS-family parameter groups (aws_db_parameter_group, aws_rds_cluster_parameter_group, and the
// DocumentDB and Neptune cluster parameter groups): which group a cluster uses, and a parameter's value.
import type { AttrRef, TfBody, TfModule, TfResource } from '../../../core/terraform/model.js';
import { asString, isUnknown, type Unknown } from '../../../core/terraform/values.js';

/**
 * The parameter group of `type` that `attr` of a cluster names: by reference
 * (aws_docdb_cluster_parameter_group.audit.name) or by a literal equal to the group's name.
 * 'default' when the attribute is omitted (the engine's default group), the attribute when it names
 * a group that is not in this module, or an Unknown.
 */
export function clusterParameterGroup(m: TfModule, cluster: TfResource, attr: string, type: string): TfResource | 'default' | AttrRef | Unknown {
  const a = cluster.attr(attr);
  if (!a || a.value === null) return 'default';
  const refs = cluster.references(attr);
  const byRef = m.resourcesOf(type).find((g) => refs.has(`${type}.${g.name}`));
  if (byRef) return byRef;
  const v = asString(a.value);
  if (isUnknown(v)) return v;
  return m.resourcesOf(type).find((g) => g.value('name') === v) ?? a;
}

/** The `parameter` block setting `name` (case-insensitive; dynamic blocks expanded), an Unknown when a name is unknown, or undefined. */
export function groupParameter(g: TfResource, name: string): { body: TfBody; value: AttrRef } | Unknown | undefined {
  for (const p of g.blocks('parameter')) {
    const n = asString(p.value('name') ?? null);
    if (isUnknown(n)) return n;
    const value = p.attr('value');
    if (typeof n === 'string' && n.toLowerCase() === name.toLowerCase() && value) return { body: p, value };
  }
  return undefined;
}
