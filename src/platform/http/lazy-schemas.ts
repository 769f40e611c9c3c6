import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';

/**
 * Request validators (Ajv) and response serializers (fast-json-stringify) compiled on the first
 * request that needs them instead of at start-up. The server has a few hundred routes and most of
 * them are called rarely; compiling all of them at start-up took ~60 MB of V8 heap (about half of it
 * garbage that stays resident until a major GC), for a server meant to fit in 300 MB
 * (docs/operations.md, "Memory"). The first call to a route pays a few milliseconds once.
 *
 * `compilePendingSchemas()` compiles everything still pending; the platform test calls it so an
 * invalid schema fails the suite, as eager compilation would have failed the start.
 */
const pending = new Set<() => void>();

/** `factory` run once, on the first call of the returned function (or by compilePendingSchemas). */
export function lazily<F extends (...args: never[]) => unknown>(factory: () => F): { get: () => F } {
  let fn: F | undefined;
  const compile = () => {
    if (!fn) {
      fn = factory();
      pending.delete(compile);
    }
  };
  pending.add(compile);
  return {
    get: () => {
      compile();
      return fn!;
    },
  };
}

export function compilePendingSchemas(): number {
  const all = [...pending];
  for (const compile of all) compile();
  return all.length;
}

type Serializer = (data: unknown) => string;
type SerializerFactory = (externalSchemas: unknown, options: unknown) => (route: Record<string, unknown>) => Serializer;

/** Fastify's own serializer compiler (fast-json-stringify), each route's serializer built on first use. */
export const lazySerializerFactory: SerializerFactory = (externalSchemas, options) => {
  const inner = (SerializerSelector as unknown as () => SerializerFactory)()(externalSchemas, options);
  return (route) => {
    const serializer = lazily(() => inner(route));
    return (data) => serializer.get()(data);
  };
};
