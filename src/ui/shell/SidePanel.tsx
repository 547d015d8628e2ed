import { type ComponentType, type KeyboardEvent, useId, useRef } from 'react';
// The panels' shared sheet, before any panel's own: their rules build on it.
import './panel.css';
import { ComposePanel } from '../compose/ComposePanel';
import { ConsolePanel } from '../console/ConsolePanel';
import { EventListPanel } from '../events/EventListPanel';
import { ExercisesPanel } from '../exercises/ExercisesPanel';
import { MessagePanel } from '../inspector/MessagePanel';
import { MailboxPanel } from '../mailbox/MailboxPanel';
import { useSim, useSimStore } from '../state/sim-context';
import type { PanelTab } from '../state/sim-store';
import { TranscriptPanel } from '../transcript/TranscriptPanel';
import { PanelBoundary } from './PanelBoundary';

export const TABS: readonly { readonly id: PanelTab; readonly label: string; readonly Panel: ComponentType }[] = [
  { id: 'events', label: 'Events', Panel: EventListPanel },
  { id: 'transcript', label: 'Transcript', Panel: TranscriptPanel },
  { id: 'message', label: 'Message', Panel: MessagePanel },
  { id: 'mailboxes', label: 'Mailboxes', Panel: MailboxPanel },
  { id: 'compose', label: 'Compose', Panel: ComposePanel },
  { id: 'console', label: 'Console', Panel: ConsolePanel },
  { id: 'exercises', label: 'Exercises', Panel: ExercisesPanel },
];

/** The side panel: one tab at a time, each inside its own error boundary. */
export function SidePanel() {
  const store = useSimStore();
  const tab = useSim((v) => v.tab);
  const id = useId();
  const refs = useRef(new Map<PanelTab, HTMLButtonElement>());
  const current = TABS.find((t) => t.id === tab) ?? TABS[0]!;

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const i = TABS.findIndex((t) => t.id === current.id);
    let next: number | undefined;
    if (e.key === 'ArrowRight' || e.key === 'ArrowDown') next = (i + 1) % TABS.length;
    else if (e.key === 'ArrowLeft' || e.key === 'ArrowUp') next = (i - 1 + TABS.length) % TABS.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = TABS.length - 1;
    if (next === undefined) return;
    e.preventDefault();
    const target = TABS[next]!;
    store.select({ tab: target.id });
    refs.current.get(target.id)?.focus();
  };

  const Panel = current.Panel;
  return (
    <div className="side">
      <div className="tabs" role="tablist" aria-label="Panels" onKeyDown={onKeyDown}>
        {TABS.map((t) => (
          <button
            key={t.id}
            ref={(el) => {
              if (el) refs.current.set(t.id, el);
              else refs.current.delete(t.id);
            }}
            type="button"
            role="tab"
            id={`${id}-tab-${t.id}`}
            aria-selected={t.id === current.id}
            aria-controls={`${id}-panel`}
            tabIndex={t.id === current.id ? 0 : -1}
            className="tab"
            onClick={() => store.select({ tab: t.id })}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div className="tab-panel" role="tabpanel" id={`${id}-panel`} aria-labelledby={`${id}-tab-${current.id}`}>
        <PanelBoundary key={current.id} name={current.label}>
          <Panel />
        </PanelBoundary>
      </div>
    </div>
  );
}
