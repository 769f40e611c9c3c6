import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { api, type Health, type Meta } from './api';

interface MetaValue {
  meta: Meta | null;
  health: Health | null;
}

const MetaContext = createContext<MetaValue>({ meta: null, health: null });

/** Loads /api/v1/meta (demo flag, province) and /api/health (version) once. */
export function MetaProvider({ children }: { children: ReactNode }) {
  const [value, setValue] = useState<MetaValue>({ meta: null, health: null });
  useEffect(() => {
    let cancelled = false;
    api.meta().then(
      (meta) => !cancelled && setValue((v) => ({ ...v, meta })),
      () => undefined,
    );
    api.health().then(
      (health) => !cancelled && setValue((v) => ({ ...v, health })),
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, []);
  return <MetaContext.Provider value={value}>{children}</MetaContext.Provider>;
}

export function useMeta(): MetaValue {
  return useContext(MetaContext);
}
