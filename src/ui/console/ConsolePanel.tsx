import { type KeyboardEvent, useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { verbsFor } from '../../protocol/commands';
import type { Reply } from '../../protocol/reply';
import { readSession, type TranscriptItem } from '../../world/exercise-sessions';
import { ExerciseStrip } from '../exercises/ExerciseStrip';
import { applyExerciseUrl } from '../exercises/exercise-memory';
import { useSim, useSimStore } from '../state/sim-context';
import { AuthPlainHelper } from './AuthPlainHelper';
import { complete } from './complete';
import { type ConsoleSession, consoleMemory } from './console-memory';
import { useMemory } from '../state/panel-memory';
import { ReplyExplanation } from './ReplyExplanation';
import { SessionChart } from './SessionChart';
import { consoleTargets, ipOf, knownAddresses, learnerHost } from './targets';
import { TranscriptRow } from './TranscriptRow';
import { sessionText, telnetText } from './transcript-text';
import './console.css';

/** How many events a connection to a silent host may wait through (telnet waits for the connect timeout). */
const MAX_CONNECT_STEPS = 200;

/**
 * The console: the learner becomes the client of any agent, as with `telnet host port`. Every line goes to
 * the agent's real machine through the store (so it is a trace event, animated on the graph and listed in
 * the event list), and what is shown is read back from the trace, so stepping back and replaying stay right.
 */
export function ConsolePanel() {
  const store = useSimStore();
  const view = useSim((v) => v);
  const memory = consoleMemory(store);
  const mem = useMemory(memory);
  const ids = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const logRef = useRef<HTMLDivElement>(null);
  const connectRef = useRef<HTMLButtonElement>(null);
  const [text, setText] = useState('');
  const [candidates, setCandidates] = useState<readonly string[]>([]);
  const [explained, setExplained] = useState<number | undefined>(undefined);
  const [status, setStatus] = useState('');
  const [helperOpen, setHelperOpen] = useState(false);
  const history = useRef<{ pos: number | undefined; draft: string; lastTab: string | undefined }>({ pos: undefined, draft: '', lastTab: undefined });

  useEffect(() => applyExerciseUrl(store), [store]);

  const { scenario, sim, trace } = view;
  const listeners = sim.world.listeners;
  const targets = useMemo(() => consoleTargets(scenario, listeners), [scenario, listeners]);
  const addresses = useMemo(() => knownAddresses(scenario), [scenario]);
  const defaultKey = useMemo(() => {
    const scripted = scenario.inputs.find((i) => i.kind === 'telnet');
    const preferred = scripted && targets.find((t) => t.host === scripted.to && t.port === scripted.port);
    return (preferred ?? targets.find((t) => t.role === 'msa') ?? targets.find((t) => t.role === 'mx') ?? targets[0])?.key;
  }, [scenario, targets]);
  const target = targets.find((t) => t.key === mem.targetKey) ?? targets.find((t) => t.key === defaultKey);
  const fromChoices = useMemo(() => {
    const names = [target?.from, learnerHost(scenario), ...scenario.hosts.map((h) => h.name)].filter((n): n is string => n !== undefined);
    return [...new Set(names)];
  }, [scenario, target]);
  const fromHost = mem.fromHost && fromChoices.includes(mem.fromHost) ? mem.fromHost : (target?.from ?? learnerHost(scenario));

  const session: ConsoleSession | undefined = mem.session?.sim === sim ? mem.session : undefined;
  const read = useMemo(() => (session ? readSession(trace, session.connId) : undefined), [session, trace]);
  const open = session !== undefined && sim.world.isOpen(session.connId);
  /** Stepped back to before the connection was made: the trace no longer holds it. */
  const beforeSession = session !== undefined && !open && read !== undefined && !read.connected && read.failed === undefined;
  const trying = open && read !== undefined && !read.connected;
  const shown = useMemo(() => (read ? read.items.filter((i) => mem.clearedThrough === undefined || i.seq > mem.clearedThrough) : []), [read, mem.clearedThrough]);
  const lastReply = useMemo(() => {
    for (let i = (read?.items.length ?? 0) - 1; i >= 0; i--) {
      const item = read!.items[i]!;
      if (item.kind === 'reply') return item;
    }
    return undefined;
  }, [read]);
  const explainedItem = shown.find((i): i is Extract<TranscriptItem, { kind: 'reply' }> => i.kind === 'reply' && i.seq === explained);
  const inData = read?.inData === true && open;
  const inAuth = read?.inAuth === true && open;
  const protocol = session?.protocol ?? target?.protocol ?? 'SMTP';

  // The newest line stays in view.
  const shownCount = shown.length;
  useEffect(() => {
    if (shownCount > 0 && logRef.current) logRef.current.scrollTop = logRef.current.scrollHeight;
  }, [shownCount]);

  // Another part of the app asked for the console (an exercise's "Open the console"), or filled the input.
  useEffect(() => {
    if (mem.draft !== undefined) {
      setText(mem.draft);
      memory.set({ draft: undefined });
      inputRef.current?.focus();
    }
  }, [mem.draft, memory]);
  useEffect(() => {
    if (mem.focusRequested) {
      memory.set({ focusRequested: false });
      // Not connected yet: the next thing to do is Connect.
      if (inputRef.current?.disabled) connectRef.current?.focus();
      else inputRef.current?.focus();
    }
  }, [mem.focusRequested, memory]);

  const connect = useCallback(() => {
    if (!target) return;
    if (session && sim.world.isOpen(session.connId)) store.apply({ kind: 'console.close', connId: session.connId });
    const connId = store.apply({ kind: 'console.open', from: fromHost, to: target.host, port: target.port });
    if (!connId) return;
    memory.set({ session: { sim, connId, from: fromHost, host: target.host, port: target.port, protocol: target.protocol }, clearedThrough: undefined });
    store.settle();
    // A host that is down answers nothing: like telnet, wait until the connection is made or gives up.
    for (let n = 0; n < MAX_CONNECT_STEPS; n++) {
      const s = readSession(store.getSnapshot().trace, connId);
      if (s.connected || s.failed !== undefined || store.getSnapshot().finished) break;
      store.step();
    }
    setExplained(undefined);
    // The input is enabled by the render this causes; it takes focus then.
    memory.set({ focusRequested: true });
  }, [target, session, sim, store, fromHost, memory]);

  const disconnect = useCallback(() => {
    if (!session) return;
    store.apply({ kind: 'console.close', connId: session.connId });
    store.settle();
  }, [session, store]);

  const send = useCallback(
    (line: string) => {
      if (!session || !sim.world.isOpen(session.connId)) return;
      store.apply({ kind: 'console.line', connId: session.connId, text: line });
      if (line.trim() !== '') memory.set((m) => ({ history: m.history[m.history.length - 1] === line ? m.history : [...m.history, line].slice(-200) }));
      store.settle();
    },
    [session, sim, store, memory],
  );

  const submit = () => {
    send(text);
    setText('');
    setCandidates([]);
    history.current = { pos: undefined, draft: '', lastTab: undefined };
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    const h = history.current;
    if (e.key === 'Enter') {
      e.preventDefault();
      submit();
      return;
    }
    if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
      const entries = mem.history;
      if (entries.length === 0) return;
      e.preventDefault();
      if (e.key === 'ArrowUp') {
        if (h.pos === undefined) h.draft = text;
        h.pos = h.pos === undefined ? entries.length - 1 : Math.max(0, h.pos - 1);
        setText(entries[h.pos]!);
      } else if (h.pos !== undefined) {
        h.pos += 1;
        if (h.pos >= entries.length) {
          h.pos = undefined;
          setText(h.draft);
        } else setText(entries[h.pos]!);
      }
      return;
    }
    if (e.key === 'Tab' && !e.shiftKey && !e.altKey && !e.ctrlKey && !e.metaKey) {
      // Tab completes while there is something to complete; a second Tab that changes nothing moves focus
      // on, so the keyboard is never trapped here.
      if (text === '' || inData || inAuth) return;
      const c = complete(text, { verbs: verbsFor(protocol === 'LMTP' ? 'lmtp' : 'smtp'), addresses, clientHost: session?.from ?? fromHost });
      if (c.text !== text) {
        e.preventDefault();
        setText(c.text);
        setCandidates(c.candidates);
        h.lastTab = c.text;
      } else if (c.candidates.length > 0 && h.lastTab !== text) {
        e.preventDefault();
        setCandidates(c.candidates);
        h.lastTab = text;
      }
      return;
    }
    if (e.key === 'Escape') {
      if (candidates.length > 0) setCandidates([]);
      else if (explained !== undefined) setExplained(undefined);
      else setText('');
    }
  };

  const copy = async () => {
    if (!session || !read) return;
    const body = sessionText({ from: session.from, host: session.host, port: session.port, ip: ipOf(scenario, session.host) }, read.items);
    try {
      await navigator.clipboard.writeText(body);
      setStatus('The whole session is copied.');
    } catch {
      setStatus('Copying is not allowed here: select the transcript and copy it by hand.');
    }
  };

  const clear = () => {
    const last = read?.items[read.items.length - 1];
    memory.set({ clearedThrough: last?.seq ?? -1 });
    setExplained(undefined);
    setStatus('Cleared. The session itself goes on; Copy still copies all of it.');
  };

  const consoleOnly = () => {
    store.loadScenario({ ...scenario, title: `${scenario.title} (console only)`, inputs: [] });
    store.select({ tab: 'console' });
    setStatus('Restarted without the scenario\'s own story: only what you type will happen.');
  };

  const mua = scenario.hosts.find((h) => h.roles.mua)?.roles.mua;
  const msaHost = scenario.hosts.find((h) => h.name === (session?.host ?? target?.host))?.roles.msa;
  const account = msaHost ? Object.entries(msaHost.accounts)[0] : undefined;
  const atMsa = (session ? session.port : target?.port) === msaHost?.port && msaHost !== undefined;
  const scripted = scenario.inputs.length;

  const prompt = inData ? 'DATA' : inAuth ? 'AUTH' : protocol;
  const dotHint = inData && text.startsWith('.') ? (text === '.' ? 'end' : text.startsWith('..') ? 'stuffed' : 'strip') : undefined;
  const liveText = lastReply ? `${session?.host ?? 'The server'} replied: ${lastReply.lines.join('; ')}` : '';
  const closedText = read?.closed ? (read.failed ? telnetText.failed(read.failed) : 'Connection closed.') : '';

  return (
    <section className="mp-panel mp-page mp-con" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`} className="mp-sr-only">
        Console
      </h2>
      <ExerciseStrip />
      <div className="mp-con-bar">
        <label htmlFor={`${ids}-target`} className="mp-sr-only">
          Server to connect to
        </label>
        <select
          id={`${ids}-target`}
          className="mp-con-target"
          value={target?.key ?? ''}
          onChange={(e) => memory.set({ targetKey: e.target.value, fromHost: undefined })}
          disabled={targets.length === 0}
        >
          {targets.map((t) => (
            <option key={t.key} value={t.key}>
              {t.roleLabel} {t.host}:{t.port}
            </option>
          ))}
        </select>
        <button type="button" ref={connectRef} className="mp-page-primary" onClick={connect} disabled={!target}>
          {open ? 'Reconnect' : 'Connect'}
        </button>
        <button type="button" onClick={disconnect} disabled={!open}>
          Hang up
        </button>
      </div>
      {target && (
        <div className="mp-con-command">
          <label htmlFor={`${ids}-from`}>From</label>
          <select id={`${ids}-from`} value={fromHost} onChange={(e) => memory.set({ fromHost: e.target.value })}>
            {fromChoices.map((h) => (
              <option key={h} value={h}>
                {h}
              </option>
            ))}
          </select>
          <code>{telnetText.command(session?.from ?? fromHost, session?.host ?? target.host, session?.port ?? target.port)}</code>
          {!session && fromHost === target.from && <span className="mp-con-why">{target.why}</span>}
        </div>
      )}
      {targets.length === 0 && <p className="mp-empty">This scenario has no server listening: there is nothing to telnet to.</p>}
      {scripted > 0 && (
        <p className="mp-con-notice">
          Its own story ({scenario.inputs.map((i) => (i.kind === 'telnet' ? `telnet from ${i.from}` : `mail from ${i.host}`)).join(', ')}) runs too.{' '}
          <button type="button" onClick={consoleOnly}>
            Restart console only
          </button>
        </p>
      )}
      <SessionChart state={open || read?.closed ? read?.serverState : undefined} protocol={protocol} />
      <div
        ref={logRef}
        className="mp-con-log"
        role="log"
        aria-live="off"
        aria-label={session ? `Session with ${session.host} port ${session.port}` : 'Session transcript'}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: the transcript scrolls, so keyboard users must be able to reach it
        tabIndex={0}
      >
        {!session && <p className="mp-con-placeholder">Pick a server and press Connect, then type SMTP commands one per line, as in telnet. HELP is answered by the server itself. Click a reply code to learn what it means.</p>}
        {session && mem.clearedThrough === undefined && (
          <>
            <div className="mp-con-line mp-con-meta">{telnetText.command(session.from, session.host, session.port)}</div>
            <div className="mp-con-line mp-con-meta">{telnetText.trying(ipOf(scenario, session.host), session.host)}</div>
          </>
        )}
        {shown.map((item) => (
          <TranscriptRow key={`${item.kind}-${item.seq}`} item={item} explained={explained} onExplain={setExplained} explainId={`${ids}-explain`} />
        ))}
        {beforeSession && <p className="mp-con-placeholder">You stepped back to before this connection was made. Step or play forward to see it again, or connect anew.</p>}
      </div>
      {explainedItem && <ReplyExplanation id={`${ids}-explain`} reply={explainedItem.reply as Reply} onClose={() => setExplained(undefined)} />}
      {inData && (
        <div className="mp-con-data-banner" role="note">
          <strong className="mp-con-banner-title">DATA mode: end with a line containing only .</strong> Every line you type now is the message itself; the server answers only after the lone dot.
        </div>
      )}
      {inAuth && (
        <div className="mp-con-data-banner mp-con-auth-banner" role="note">
          <strong className="mp-con-banner-title">AUTH: the server waits for a base64 line</strong> (334). Type the encoded answer, or * to cancel.
        </div>
      )}
      <div className="mp-con-input-row">
        <label htmlFor={`${ids}-input`} className={inData ? 'mp-con-prompt mp-con-prompt-data' : 'mp-con-prompt'}>
          <span aria-hidden="true">{prompt} ›</span>
          <span className="mp-sr-only">{inData ? 'Message line (DATA mode)' : `Line to send to ${session?.host ?? 'the server'}`}</span>
        </label>
        <input
          id={`${ids}-input`}
          ref={inputRef}
          className="mp-con-input"
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setCandidates([]);
          }}
          onKeyDown={onKeyDown}
          disabled={!open || trying}
          spellCheck={false}
          autoComplete="off"
          autoCapitalize="off"
          aria-describedby={`${ids}-keys${dotHint ? ` ${ids}-dot` : ''}`}
          placeholder={open ? (inData ? 'a line of the message, or . alone to end it' : `type a command, e.g. ${protocol === 'LMTP' ? 'LHLO' : 'HELO'} ${session?.from ?? fromHost}`) : 'not connected'}
        />
        <button type="button" onClick={submit} disabled={!open || trying}>
          Send
        </button>
      </div>
      {dotHint && (
        <p id={`${ids}-dot`} className="mp-con-dot-hint">
          {dotHint === 'end'
            ? 'A line with only "." ends the message. To put a line that is a single dot into the message, type ".." instead: the server removes the first dot (dot-stuffing, RFC 5321 §4.5.2).'
            : dotHint === 'stuffed'
              ? `Dot-stuffed: the server removes the first dot, so the message will hold "${text.slice(1)}".`
              : `This line starts with a dot: the server removes it, so the message would hold "${text.slice(1)}". Type "${`.${text}`}" to keep it (dot-stuffing, RFC 5321 §4.5.2).`}
        </p>
      )}
      {candidates.length > 0 && (
        <p className="mp-con-candidates" role="status">
          Matches: {candidates.join('  ')}
        </p>
      )}
      <p id={`${ids}-keys`} className="mp-con-keys">
        Enter sends · ↑↓ history · Tab completes (twice: moves on) · Esc clears
      </p>
      {atMsa && !helperOpen && read?.serverState === 'ready' && !read.exchanges.some((x) => x.replies.some((r) => r.code === 235)) && (
        <p className="mp-con-keys">This is a submission server: it wants AUTH before MAIL FROM. The AUTH PLAIN helper below builds the line.</p>
      )}
      <div className="mp-con-tools">
        <button type="button" onClick={copy} disabled={!read}>
          Copy session
        </button>
        <button type="button" onClick={clear} disabled={!read || shown.length === 0}>
          Clear
        </button>
        <span role="status" className="mp-con-status">
          {status}
        </span>
      </div>
      <details className="mp-con-details" open={helperOpen} onToggle={(e) => setHelperOpen(e.currentTarget.open)}>
        <summary>AUTH PLAIN helper: what a mail client sends to log in</summary>
        <p className="mp-con-auth-intro">
          A mail client talks to its submission server (MSA, port 587) like this: EHLO, AUTH PLAIN, MAIL FROM its own address, RCPT TO, DATA with From:, To:, Subject: and the text, a lone dot, QUIT.
        </p>
        <AuthPlainHelper
          key={`${scenario.id}-${account?.[0] ?? ''}`}
          user={account?.[0] ?? mua?.address ?? ''}
          password={account?.[1] ?? mua?.password ?? ''}
          onInsert={(line) => {
            memory.set({ draft: line });
            setHelperOpen(false);
          }}
        />
      </details>
      <div className="mp-sr-only" aria-live="polite" aria-atomic="true">
        <span key={lastReply?.seq ?? -1}>{liveText}</span>
        {closedText ? <span> {closedText}</span> : null}
      </div>
    </section>
  );
}
