/**
 * Runtime lists of a generated union type's values (issue 23). A page that needs the values at run
 * time (a select's options, table columns) names them in its own order; `tsc` then checks that the
 * list names every member of the description's enum and nothing else, so a value the server adds or
 * drops shows up as a type error instead of a silently missing option.
 *
 *   export const TOPICS = allOf<Topic>()(['regulation', 'procedure_handling', 'officer_conduct']);
 */
type Missing<T, L extends readonly unknown[]> = [Exclude<T, L[number]>] extends [never] ? unknown : { missing: Exclude<T, L[number]> };

export const allOf =
  <T extends string>() =>
  <const L extends readonly T[]>(list: L & Missing<T, L>): readonly T[] =>
    list;

/**
 * `x` when it is one of `list`'s values, else undefined: a filter read from a URL or a select as a
 * plain string, narrowed to the description's enum before it is sent (the server reads a missing
 * filter as "any").
 */
export const oneOf = <T extends string>(list: readonly T[], x: string | null | undefined): T | undefined => list.find((v) => v === x);
