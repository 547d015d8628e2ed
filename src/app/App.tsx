import { Background, Controls, ReactFlow } from '@xyflow/react';

export function App() {
  return (
    <div className="app">
      <header className="app-header">
        <h1>Mailpath</h1>
        <p>How an email travels, one SMTP line at a time.</p>
      </header>
      <main className="app-canvas" aria-label="Journey graph">
        <ReactFlow nodes={[]} edges={[]} fitView>
          <Background />
          <Controls />
        </ReactFlow>
      </main>
    </div>
  );
}
