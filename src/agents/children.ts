import { stopChild } from 'xstate';

/**
 * What a parent of sessions does when one of them ends (`xstate.done.actor.*`): stop it, so the finished
 * session leaves the parent's children too, or every later spawn copies it again.
 */
export const stopFinishedChild = stopChild(({ event }) => (event as { actorId?: string }).actorId ?? '');
