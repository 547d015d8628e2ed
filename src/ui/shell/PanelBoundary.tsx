import { Component, type ErrorInfo, type ReactNode } from 'react';

interface Props {
  /** What the panel is, for the message: "Events", "Journey graph". */
  readonly name: string;
  readonly children: ReactNode;
}

interface State {
  readonly error?: Error;
  readonly attempt: number;
}

/**
 * Keeps one failing panel from taking the page down: it shows what went wrong and a Retry button that
 * mounts the panel afresh. The simulation lives in the store, outside, and is not touched.
 */
export class PanelBoundary extends Component<Props, State> {
  override state: State = { attempt: 0 };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    // Kept for whoever opens the developer tools; the panel itself says it on screen.
    console.warn(`[Mailpath] the ${this.props.name} panel failed:`, error, info.componentStack);
  }

  private retry = () => this.setState((s) => ({ error: undefined, attempt: s.attempt + 1 }));

  override render() {
    const { error, attempt } = this.state;
    if (error) {
      return (
        <div className="panel-error" role="alert">
          <p className="panel-error-title">The {this.props.name} panel stopped working.</p>
          <pre className="panel-error-message">{error.message || String(error)}</pre>
          <p className="panel-error-hint">The simulation is fine: the other panels keep running.</p>
          <button type="button" className="shell-btn shell-btn-primary" onClick={this.retry}>
            Retry
          </button>
        </div>
      );
    }
    return <PanelKey key={attempt}>{this.props.children}</PanelKey>;
  }
}

function PanelKey({ children }: { children: ReactNode }) {
  return <>{children}</>;
}
