/** Pure helpers to show agencies (a parentId tree) as an indented table. */

export interface TreeNode {
  id: string;
  parentId: string | null;
}

export interface Flattened<T> {
  item: T;
  depth: number;
}

/**
 * Depth-first order: roots (no parent, or a parent not in the list) first, children under their parent,
 * siblings in input order. Cycles cannot loop: each item is emitted once.
 */
export function flattenTree<T extends TreeNode>(items: readonly T[]): Flattened<T>[] {
  const byId = new Map(items.map((i) => [i.id, i]));
  const children = new Map<string, T[]>();
  const roots: T[] = [];
  for (const item of items) {
    if (item.parentId && byId.has(item.parentId) && item.parentId !== item.id) {
      const list = children.get(item.parentId) ?? [];
      list.push(item);
      children.set(item.parentId, list);
    } else roots.push(item);
  }
  const out: Flattened<T>[] = [];
  const seen = new Set<string>();
  const visit = (item: T, depth: number) => {
    if (seen.has(item.id)) return;
    seen.add(item.id);
    out.push({ item, depth });
    for (const c of children.get(item.id) ?? []) visit(c, depth + 1);
  };
  for (const r of roots) visit(r, 0);
  // Members of a pure cycle have no root; show them at the top level rather than lose them.
  for (const item of items) visit(item, 0);
  return out;
}

/** `id` and everything below it (an agency cannot be moved under itself or its descendants). */
export function subtreeIds<T extends TreeNode>(items: readonly T[], id: string): Set<string> {
  const out = new Set<string>([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const i of items) {
      if (i.parentId && out.has(i.parentId) && !out.has(i.id)) {
        out.add(i.id);
        grew = true;
      }
    }
  }
  return out;
}
