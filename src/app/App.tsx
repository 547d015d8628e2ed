import { useCallback, useEffect, useState } from 'react';
import { findScenario, scenarios } from '../scenarios';
import { PlaybackBar, SkipNotice, StartHint } from '../ui/controls/PlaybackBar';
import { JourneyGraph } from '../ui/graph/JourneyGraph';
import { PanelBoundary } from '../ui/shell/PanelBoundary';
import { ScenarioPicker } from '../ui/shell/ScenarioPicker';
import { SidePanel } from '../ui/shell/SidePanel';
import { ThemeToggle } from '../ui/shell/ThemeToggle';
import { useTheme } from '../ui/shell/theme';
import { SimProvider, useSim, useSimStore } from '../ui/state/sim-context';
import { applyExerciseUrl } from '../ui/exercises/exercise-memory';
import { SimStore } from '../ui/state/sim-store';
import { DEFAULT_SCENARIO, formatUrlState, parseUrlState, type UrlState } from './url-state';

/** A message about the address the page was opened with: shown once, dismissable, nothing lost. */
interface Notice {
  readonly text: string;
}

function noticeFor(state: UrlState): Notice | undefined {
  const parts: string[] = [];
  if (state.badScenario !== undefined) {
    const fallback = findScenario(DEFAULT_SCENARIO)!;
    parts.push(`There is no scenario called “${state.badScenario}”. Showing “${fallback.title}” (${fallback.id}) instead; pick another one above.`);
  }
  for (const p of state.problems) parts.push(`Ignored the address's ${p}.`);
  return parts.length > 0 ? { text: parts.join(' ') } : undefined;
}

/** Builds the store from the address the page was opened with. */
function boot(): { store: SimStore; notice?: Notice } {
  const state = parseUrlState(window.location.search, window.location.hash);
  const store = new SimStore(findScenario(state.scenario) ?? scenarios[0]!);
  if (state.tab) store.select({ tab: state.tab });
  if (state.speed !== undefined) store.setSpeed(state.speed);
  if (state.t !== undefined) store.seekTime(Math.min(state.t, store.getSnapshot().horizon.time));
  // `?exercise=<id>` alone opens that exercise (its scenario and its tab) whatever tab the address names.
  applyExerciseUrl(store);
  const notice = noticeFor(state);
  return notice ? { store, notice } : { store };
}

/** Keeps the address bar in step with the scenario, the tab, the speed and (when paused) the time. */
function UrlSync({ onNotice }: { onNotice: (n: Notice | undefined) => void }) {
  const store = useSimStore();
  const scenario = useSim((v) => v.scenario.id);
  const tab = useSim((v) => v.tab);
  const speed = useSim((v) => v.speed);
  const playing = useSim((v) => v.playing);
  const now = useSim((v) => v.now);
  const t = playing ? undefined : now;

  useEffect(() => {
    // Written a moment later, so scrubbing does not flood the history API.
    const timer = window.setTimeout(() => {
      const next = formatUrlState(window.location.href, { scenario, tab, speed, ...(t !== undefined ? { t } : {}) });
      const here = `${window.location.pathname}${window.location.search}`;
      if (next === here) return;
      const sameScenario = new URLSearchParams(window.location.search).get('scenario') === scenario;
      if (sameScenario) window.history.replaceState(null, '', next);
      else window.history.pushState(null, '', next);
    }, 250);
    return () => window.clearTimeout(timer);
  }, [scenario, tab, speed, t]);

  useEffect(() => {
    const onPop = () => {
      const state = parseUrlState(window.location.search, window.location.hash);
      onNotice(noticeFor(state));
      if (store.getSnapshot().scenario.id !== state.scenario) store.load(state.scenario);
      if (state.tab) store.select({ tab: state.tab });
    };
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, [store, onNotice]);
  return null;
}

function Header({ panelOpen, onTogglePanel, onPicked }: { panelOpen: boolean; onTogglePanel: () => void; onPicked: () => void }) {
  const store = useSimStore();
  const scenario = useSim((v) => v.scenario);
  return (
    <header className="app-header">
      <h1>Mailpath</h1>
      <ScenarioPicker
        value={scenario.id}
        onChange={(id) => {
          if (store.load(id)) onPicked();
        }}
      />
      <div className="app-header-tools">
        <button
          type="button"
          className="shell-btn"
          onClick={onTogglePanel}
          aria-expanded={panelOpen}
          aria-controls="side-panel"
          title={panelOpen ? 'Hide the side panel: the graph takes the whole width' : 'Show the side panel'}
        >
          {panelOpen ? 'Hide panel' : 'Show panel'}
        </button>
        <ThemeToggle />
      </div>
    </header>
  );
}

function Description() {
  const scenario = useSim((v) => v.scenario);
  return (
    <p className="scenario-desc" title={scenario.description}>
      <strong>{scenario.title}.</strong> {scenario.description}
    </p>
  );
}

function Shell({ initialNotice }: { initialNotice?: Notice }) {
  const theme = useTheme();
  const [notice, setNotice] = useState<Notice | undefined>(initialNotice);
  const [panelOpen, setPanelOpen] = useState(true);
  const onNotice = useCallback((n: Notice | undefined) => setNotice(n), []);
  return (
    <div className={`app${panelOpen ? '' : ' panel-hidden'}`}>
      <UrlSync onNotice={onNotice} />
      <Header panelOpen={panelOpen} onTogglePanel={() => setPanelOpen((o) => !o)} onPicked={() => setNotice(undefined)} />
      <Description />
      <div className="app-body">
        <main className="stage" aria-label="Journey graph">
          <div className="stage-canvas">
            <PanelBoundary name="Journey graph">
              <JourneyGraph colorMode={theme} />
            </PanelBoundary>
            <SkipNotice />
            <StartHint />
            {notice && (
              <div className="url-notice" role="alert">
                <span>{notice.text}</span>
                <button type="button" className="shell-btn" onClick={() => setNotice(undefined)}>
                  OK
                </button>
              </div>
            )}
          </div>
          <PanelBoundary name="Playback">
            <PlaybackBar />
          </PanelBoundary>
        </main>
        {panelOpen && (
          <aside className="side-wrap" id="side-panel" aria-label="Details">
            <SidePanel />
          </aside>
        )}
      </div>
    </div>
  );
}

export function App() {
  const [{ store, notice }] = useState(boot);
  // Stop the playback loop when the page goes away (the store outlives StrictMode's test unmount).
  useEffect(() => () => store.pause(), [store]);
  return (
    <SimProvider store={store}>
      <Shell {...(notice ? { initialNotice: notice } : {})} />
    </SimProvider>
  );
}
