import type { User } from '../api';
import { dossierQueues } from './dossiers/QueueCards';
import { WorkspaceHome } from './WorkspaceHome';

/** The officer workspace (/mot-cua) with the dossier queue cards: staff only, so its own chunk. */
export function WorkspaceScreen({ user }: { user: User }) {
  return <WorkspaceHome user={user} queues={dossierQueues(user)} />;
}
