import { type ChangeEvent, useEffect, useId, useMemo, useRef, useState } from 'react';
import { Icon, type IconName } from '../shell/icons';
import { useSim, useSimStore } from '../state/sim-context';
import { SPEEDS } from '../state/sim-store';
import { atEnd, playOrPause, usePlaybackShortcuts } from './shortcuts';
import { formatClock, formatWallClock, makeTimeline } from './timeline';
import './controls.css';

const SCALE = 1000;

const MARK: Record<string, { icon: IconName; label: string }> = {
  deliver: { icon: 'check', label: 'delivered into a mailbox' },
  'queue.defer': { icon: 'clock', label: 'deferred: will retry later' },
  bounce: { icon: 'bounce', label: 'bounced back to the sender' },
  'connect.failed': { icon: 'cross', label: 'connection failed' },
};

function Scrubber() {
  const store = useSimStore();
  const now = useSim((v) => v.now);
  const horizon = useSim((v) => v.horizon);
  const playing = useSim((v) => v.playing);
  const timeline = useMemo(() => makeTimeline(horizon.time, horizon.idle), [horizon]);
  const resume = useRef(false);
  const position = Math.round(timeline.toPosition(now) * SCALE);
  const onChange = (e: ChangeEvent<HTMLInputElement>) => {
    store.seekTime(Math.round(timeline.toTime(Number(e.target.value) / SCALE)));
  };
  const grab = () => {
    resume.current = playing;
    if (playing) store.pause();
  };
  const release = () => {
    if (resume.current) store.play();
    resume.current = false;
  };
  return (
    <div className="pb-scrub">
      <div className="pb-track" aria-hidden="true">
        <div className="pb-fill" style={{ width: `${(position / SCALE) * 100}%` }} />
        {timeline.segments
          .filter((s) => s.idle)
          .map((s) => (
            <div
              key={s.from}
              className="pb-idle"
              style={{ left: `${s.start * 100}%`, width: `${(s.end - s.start) * 100}%` }}
              title={`idle for ${Math.round((s.to - s.from) / 1000)} s: drawn short`}
            />
          ))}
        {(horizon.marks ?? []).map((m) => (
          <span
            key={`${m.kind}${m.t}`}
            className={`pb-mark pb-mark-${m.kind.replace('.', '-')}`}
            style={{ left: `${timeline.toPosition(m.t) * 100}%` }}
            title={`${formatClock(m.t)}: ${MARK[m.kind]?.label ?? m.kind}`}
          >
            <Icon name={MARK[m.kind]?.icon ?? 'check'} size={14} />
          </span>
        ))}
      </div>
      <input
        type="range"
        className="pb-range"
        min={0}
        max={SCALE}
        step={1}
        value={position}
        onChange={onChange}
        onPointerDown={grab}
        onPointerUp={release}
        onKeyDown={grab}
        onKeyUp={release}
        aria-label="Virtual time"
        aria-valuetext={`${formatClock(now)} of ${formatClock(horizon.time)}`}
      />
    </div>
  );
}

/** At the very start, a word on the canvas for whoever has not found the Play button yet. */
export function StartHint() {
  const fresh = useSim((v) => v.now === 0 && v.trace.length === 0 && !v.playing && v.horizon.events > 0);
  if (!fresh) return null;
  return (
    <div className="pb-hint">
      Press <b>Play</b> (or the space bar) to watch the message travel, or <b>Step</b> (→) one event at a time.
    </div>
  );
}

/** How long (wall ms) the "skipping" notice stays up after the skip, so it can be read. */
const NOTICE_MS = 2600;

/** The notice shown while playback fast-forwards over an idle wait, e.g. a greylisting retry. */
export function SkipNotice() {
  const skipping = useSim((v) => v.skipping);
  const trace = useSim((v) => v.trace);
  const startIso = useSim((v) => v.scenario.start);
  const [shown, setShown] = useState<{ from: number; to: number } | undefined>(undefined);
  useEffect(() => {
    if (skipping) {
      setShown(skipping);
      return;
    }
    const timer = window.setTimeout(() => setShown(undefined), NOTICE_MS);
    return () => window.clearTimeout(timer);
  }, [skipping]);
  if (!shown) return null;
  const seconds = Math.round((shown.to - shown.from) / 1000);
  const start = Date.parse(startIso);
  const retry = trace.some((e) => e.kind === 'queue.defer' && Math.abs(e.retryAt - start - shown.to) < 1000);
  return (
    <div className="pb-skip" role="status">
      <Icon name="forward" /> Skipping idle wait ({retry ? 'retry' : 'next event'} in {seconds} s)
    </div>
  );
}

export function PlaybackBar() {
  const store = useSimStore();
  usePlaybackShortcuts(store);
  const playing = useSim((v) => v.playing);
  const speed = useSim((v) => v.speed);
  const now = useSim((v) => v.now);
  const events = useSim((v) => v.trace.length);
  const horizonEvents = useSim((v) => v.horizon.events);
  const startIso = useSim((v) => v.scenario.start);
  const ended = useSim(atEnd);
  const speedId = useId();
  const atStart = now === 0 && events === 0;

  return (
    <fieldset className="pb" aria-label="Playback">
      <div className="pb-buttons">
        <button type="button" className="pb-btn" onClick={() => store.restart()} disabled={atStart} aria-label="Restart" title="Restart from the beginning">
          <Icon name="restart" />
        </button>
        <button type="button" className="pb-btn" onClick={() => store.stepBack()} disabled={atStart} aria-label="Step back" title="Step back to the previous event (←)">
          <Icon name="back" />
        </button>
        <button
          type="button"
          className="pb-btn pb-play"
          onClick={() => playOrPause(store)}
          aria-label={playing ? 'Pause' : ended ? 'Replay' : 'Play'}
          title={`${playing ? 'Pause' : ended ? 'Replay from the start' : 'Play'} (Space)`}
        >
          <Icon name={playing ? 'pause' : ended ? 'replay' : 'play'} />
          <span className="pb-play-text">{playing ? 'Pause' : ended ? 'Replay' : 'Play'}</span>
        </button>
        <button type="button" className="pb-btn" onClick={() => store.step()} disabled={ended} aria-label="Step" title="Step to the next event (→)">
          <Icon name="step" />
        </button>
      </div>
      <label className="pb-speed" htmlFor={speedId}>
        <span>Speed</span>
        <select id={speedId} value={speed} onChange={(e) => store.setSpeed(Number(e.target.value))}>
          {SPEEDS.map((s) => (
            <option key={s} value={s}>
              {s}×
            </option>
          ))}
        </select>
      </label>
      <div className="pb-clock" aria-live="off" title={formatWallClock(startIso, now)}>
        <span className="pb-time num" data-testid="virtual-clock">
          {formatClock(now)}
        </span>
        <span className="pb-events num">
          event {events}/{Math.max(events, horizonEvents)}
        </span>
      </div>
      <Scrubber />
    </fieldset>
  );
}
