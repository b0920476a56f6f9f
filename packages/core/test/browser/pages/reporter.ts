// The reporter page of reload tests: on load it re-attaches to this tab's live alert, if any, and
// mirrors the session's state on `window.report` for the test to read.
import { AlertRunClient, type AlertSession } from "../../../src/index.js";

interface Report {
  recovered: boolean;
  state: string;
  reason: string;
  alertId: string | null;
  connection: string;
  segments: number;
  uploaded: number;
  failed: number;
  errors: string[];
}

const params = new URLSearchParams(location.search);
const client = new AlertRunClient({ convexUrl: params.get("convexUrl") ?? "", site: params.get("site") ?? "demo" });
const report: Report = { recovered: false, state: "idle", reason: "", alertId: null, connection: "idle", segments: 0, uploaded: 0, failed: 0, errors: [] };
const w = window as unknown as { report: Report; press(category: string): string | null; end(): Promise<void>; session: AlertSession | null };
w.report = report;
addEventListener("error", (e) => report.errors.push(String(e.error ?? e.message)));
addEventListener("unhandledrejection", (e) => report.errors.push(String(e.reason)));

function follow(session: AlertSession): void {
  w.session = session;
  session.state.subscribe((s) => {
    report.state = s.name;
    report.reason = s.reason;
  });
  session.alertId.subscribe((id) => (report.alertId = id));
  session.media.subscribe((m) => (report.connection = m.connection));
  session.recording.subscribe((r) => {
    report.segments = r.segments;
    report.uploaded = r.uploaded;
    report.failed = r.failed;
  });
}

const recovered = client.resumeAlert();
report.recovered = recovered !== null;
if (recovered) follow(recovered);

w.press = (category: string) => {
  const session = client.startAlert({ category, audio: false, location: false });
  follow(session);
  return session.alertId.get();
};
w.end = async () => {
  await w.session?.end("test done");
};
