import { useState } from "react";
import { AlertButton, AlertFeed, AlertProvider, AlertStreamViewer } from "@alertrun/react";

/**
 * The reporter's button and the responder's feed and viewer on one page, as React components.
 * `on…` props receive the elements' CustomEvents (`event.detail.alertId`, `event.detail.code`).
 */
export function App({ convexUrl, site }) {
  const [status, setStatus] = useState("No alert yet.");
  const [selected, setSelected] = useState(undefined);

  return (
    <AlertProvider convexUrl={convexUrl} site={site}>
      <h1>AlertRun in React</h1>
      <p className="lead">
        <code>@alertrun/react</code> wraps the custom elements: typed props, typed event callbacks.
      </p>
      <main>
        <section aria-label="Reporter">
          <h2>Reporter</h2>
          <AlertButton
            hold={1000}
            onAlertStarted={(e) => setStatus(`Started ${e.detail.alertId}`)}
            onAlertLive={(e) => setStatus(`Live: ${e.detail.alertId}`)}
            onAlertEnded={(e) => setStatus(`Ended (${e.detail.reason})`)}
            onAlertError={(e) => setStatus(`Error: ${e.detail.code}`)}
          />
          <p role="status" data-testid="status">{status}</p>
        </section>
        <section aria-label="Responder">
          <h2>Responder</h2>
          <AlertFeed selected={selected} onAlertSelect={(e) => setSelected(e.detail.alertId)} />
          {selected ? <AlertStreamViewer alertId={selected} displayName="Responder (React)" /> : <AlertStreamViewer latest displayName="Responder (React)" />}
        </section>
      </main>
    </AlertProvider>
  );
}
