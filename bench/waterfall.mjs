// Issue 13: where the time between a press and the responder's first frame goes. Page probes
// (installed as init scripts, so they see the first WebSocket and peer connection), the milestones
// they yield for one trial, and the table and SVG picture of the median trial.
//
// Every time is `performance.timeOrigin + performance.now()` of a page; both pages run in one
// browser, so the two pages share one clock.

/**
 * Init script for both pages: LiveKit signalling sockets (and which path, `/rtc/v1` or `/rtc`, each
 * used), Convex requests of interest (request sent → response), and the first peer connection's
 * ICE / DTLS / track / first-frame-received milestones. Subclasses keep the constructors real.
 */
export function probeMedia() {
  const now = () => performance.timeOrigin + performance.now();
  const media = (window.__media = { signals: [], requests: {}, pc: null });
  const WATCHED = ["reservations:reserve", "media:publishToken", "media:viewToken", "alerts:start"];
  const NativeWebSocket = window.WebSocket;
  window.WebSocket = class extends NativeWebSocket {
    constructor(url, protocols) {
      super(url, protocols);
      const { pathname } = new URL(String(url), location.href);
      if (/\/rtc(\/v1)?\/?$/.test(pathname)) {
        const entry = { path: /\/rtc\/v1\/?$/.test(pathname) ? "/rtc/v1" : "/rtc", createdAt: now(), openAt: null };
        media.signals.push(entry);
        this.addEventListener("open", () => (entry.openAt ??= now()));
        return;
      }
      // The Convex sync socket: match a watched function's request to its response.
      const pending = new Map();
      const send = this.send.bind(this);
      this.send = (data) => {
        try {
          const message = typeof data === "string" ? JSON.parse(data) : null;
          const name = message?.udfPath ?? message?.path;
          if (name && WATCHED.some((w) => name.startsWith(w)) && message.requestId !== undefined) {
            pending.set(message.requestId, name.replace(/\.js:/, ":").replace(/:default$/, ""));
          }
        } catch {
          // not JSON: not ours to read
        }
        return send(data);
      };
      this.addEventListener("message", (event) => {
        if (pending.size === 0 || typeof event.data !== "string") return;
        try {
          const message = JSON.parse(event.data);
          const name = pending.get(message.requestId);
          if (!name) return;
          pending.delete(message.requestId);
          const key = WATCHED.find((w) => name.startsWith(w)) ?? name;
          media.requests[key] ??= now();
        } catch {
          // not JSON
        }
      });
    }
  };
  const NativePeerConnection = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends NativePeerConnection {
    constructor(...args) {
      super(...args);
      if (media.pc) return;
      const entry = (media.pc = { createdAt: now(), iceConnectedAt: null, connectedAt: null, trackAt: null, firstFrameReceivedAt: null });
      window.__pcConnectedAt = null;
      this.addEventListener("iceconnectionstatechange", () => {
        if (["connected", "completed"].includes(this.iceConnectionState)) entry.iceConnectedAt ??= now();
      });
      this.addEventListener("connectionstatechange", () => {
        // "connected" needs ICE and DTLS both: the DTLS handshake completes last.
        if (this.connectionState === "connected") {
          entry.connectedAt ??= now();
          window.__pcConnectedAt ??= entry.connectedAt;
        }
      });
      this.addEventListener("track", (event) => {
        if (event.track.kind !== "video" || entry.trackAt !== null) return;
        entry.trackAt = now();
        // First complete frame received: the SFU forwards from a keyframe, so this is the keyframe.
        const poll = async () => {
          if (entry.firstFrameReceivedAt !== null) return;
          const stats = await event.receiver.getStats().catch(() => null);
          stats?.forEach((s) => {
            if (s.type === "inbound-rtp" && (s.framesReceived ?? 0) > 0) entry.firstFrameReceivedAt ??= now();
          });
          if (entry.firstFrameReceivedAt === null) setTimeout(poll, 5);
        };
        // No media can arrive before DTLS is up: polling from then on keeps the probe's getStats()
        // calls (a few ms of main thread each) out of the join it measures.
        if (this.connectionState === "connected") void poll();
        else {
          const start = () => {
            if (this.connectionState !== "connected") return;
            this.removeEventListener("connectionstatechange", start);
            void poll();
          };
          this.addEventListener("connectionstatechange", start);
        }
      });
    }
  };
}

/** Reads one page's probe results, with the hold's User Timing marks as epoch times. */
export function readProbe() {
  const epoch = (name) => {
    const entries = performance.getEntriesByName(name);
    const last = entries[entries.length - 1];
    return last ? performance.timeOrigin + last.startTime : null;
  };
  return {
    ...window.__media,
    marks: { holdBegin: epoch("alertrun:hold-begin"), publishToken: epoch("alertrun:hold-publish-token"), published: epoch("alertrun:hold-published") },
  };
}

/**
 * The milestones of one trial, in ms relative to the hold's completion (negative: during the
 * hold). `lane` says whose work it is; `null` means the trial did not reach or record it.
 */
export function milestones({ holdCompleteAt, holdBeganAt, student, dispatcher, alertSeenAt, firstFrameAt }) {
  const rel = (t) => (t === null || t === undefined ? null : t - holdCompleteAt);
  const pub = student.signals?.[0];
  const sub = dispatcher.signals?.[0];
  // In time order within each lane (the track is offered before DTLS completes, for one); what a
  // trial did not record goes last.
  const byTime = (a, b) => (a.lane === b.lane ? (a.at ?? Infinity) - (b.at ?? Infinity) : a.lane === "reporter" ? -1 : 1);
  return [
    { lane: "reporter", what: "hold begins (camera opens)", at: rel(holdBeganAt) },
    { lane: "reporter", what: "publish token", at: rel(student.requests?.["reservations:reserve"] ?? student.requests?.["media:publishToken"]) },
    { lane: "reporter", what: `publisher signal connected (${pub?.path ?? "?"})`, at: rel(pub?.openAt) },
    { lane: "reporter", what: "publisher ICE connected", at: rel(student.pc?.iceConnectedAt) },
    { lane: "reporter", what: "publisher DTLS connected", at: rel(student.pc?.connectedAt) },
    { lane: "reporter", what: "track published", at: rel(student.marks?.published) },
    { lane: "reporter", what: "hold complete", at: 0 },
    { lane: "reporter", what: "alert created (alerts:start answered)", at: rel(student.requests?.["alerts:start"]) },
    { lane: "responder", what: "alert listed on the dashboard", at: rel(alertSeenAt) },
    { lane: "responder", what: "viewer token", at: rel(dispatcher.requests?.["media:viewToken"]) },
    { lane: "responder", what: `viewer signal connected (${sub?.path ?? "?"})`, at: rel(sub?.openAt) },
    { lane: "responder", what: "viewer joined (ICE + DTLS)", at: rel(dispatcher.pc?.connectedAt) },
    { lane: "responder", what: "subscribed (video track offered)", at: rel(dispatcher.pc?.trackAt) },
    { lane: "responder", what: "first keyframe received (stats polled every 5 ms once DTLS is up)", at: rel(dispatcher.pc?.firstFrameReceivedAt) },
    { lane: "responder", what: "first frame presented", at: rel(firstFrameAt) },
  ].sort(byTime);
}

const fmt = (x) => (x === null ? "–" : `${Math.round(x)} ms`);

/** The waterfall as a markdown table: each milestone, and the step from the one before in its lane. */
export function waterfallTable(rows) {
  const last = {};
  const lines = ["| lane | milestone | since hold complete | step |", "|---|---|---:|---:|"];
  for (const r of rows) {
    const previous = last[r.lane];
    const step = r.at !== null && previous !== undefined && previous !== null ? r.at - previous : null;
    if (r.at !== null) last[r.lane] = r.at;
    lines.push(`| ${r.lane} | ${r.what} | ${fmt(r.at)} | ${fmt(step)} |`);
  }
  return lines.join("\n");
}

const escapeXml = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** The waterfall as an SVG picture: one bar per milestone, from the previous one in its lane. */
export function waterfallSvg(rows, title) {
  const known = rows.filter((r) => r.at !== null);
  const min = Math.min(0, ...known.map((r) => r.at));
  const max = Math.max(100, ...known.map((r) => r.at));
  const labelW = 300;
  const plotW = 560;
  const rowH = 22;
  const top = 48;
  const height = top + rows.length * rowH + 40;
  const x = (t) => Math.round((labelW + ((t - min) / (max - min)) * plotW) * 10) / 10;
  const colour = { reporter: "#c0392b", responder: "#2471a3" };
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${labelW + plotW + 40}" height="${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="10" y="20" font-size="14" font-weight="bold">${escapeXml(title)}</text>`,
  ];
  // A grid line every 100, 250 or 500 ms (about ten across), and the hold's completion.
  const step = [100, 250, 500, 1000].find((s) => (max - min) / s <= 12) ?? 2000;
  for (let t = Math.ceil(min / step) * step; t <= max; t += step) {
    parts.push(`<line x1="${x(t)}" y1="${top - 6}" x2="${x(t)}" y2="${height - 30}" stroke="#eee"/>`);
    parts.push(`<text x="${x(t)}" y="${height - 14}" text-anchor="middle" fill="#666">${t}</text>`);
  }
  parts.push(`<line x1="${x(0)}" y1="${top - 10}" x2="${x(0)}" y2="${height - 30}" stroke="#333" stroke-dasharray="4 3"/>`);
  parts.push(`<text x="${x(0) + 4}" y="${top - 12}" fill="#333">hold complete (ms →)</text>`);
  const last = {};
  rows.forEach((r, i) => {
    const y = top + i * rowH;
    parts.push(`<text x="10" y="${y + 15}" fill="${colour[r.lane]}">${escapeXml(r.what)}</text>`);
    if (r.at === null) {
      parts.push(`<text x="${labelW}" y="${y + 15}" fill="#999">not recorded</text>`);
      return;
    }
    const from = last[r.lane] ?? r.at;
    last[r.lane] = r.at;
    const x0 = x(Math.min(from, r.at));
    const w = Math.max(2, Math.round(Math.abs(x(r.at) - x(from)) * 10) / 10);
    parts.push(`<rect x="${x0}" y="${y + 4}" width="${w}" height="${rowH - 8}" fill="${colour[r.lane]}" opacity="0.75"/>`);
    parts.push(`<text x="${Math.round((x0 + w + 4) * 10) / 10}" y="${y + 15}" fill="#333">${Math.round(r.at)}</text>`);
  });
  parts.push("</svg>");
  return parts.join("\n") + "\n";
}
