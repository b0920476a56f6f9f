/** The few facts the SFU reads from a client's SDP, per m-section. */
export interface MediaSection {
  kind: string;
  mid: string;
  direction: string;
  port: number;
  /** msid track id (livekit-client uses the MediaStreamTrack id, which is the AddTrackRequest cid). */
  trackId: string | undefined;
}

export function parseSections(sdp: string): MediaSection[] {
  const sections: MediaSection[] = [];
  for (const block of sdp.split(/\r?\nm=/).slice(1)) {
    const lines = block.split(/\r?\n/);
    const [kind = "", port = "0"] = (lines[0] ?? "").split(" ");
    let mid = "";
    let direction = "sendrecv";
    let trackId: string | undefined;
    for (const line of lines) {
      if (line.startsWith("a=mid:")) mid = line.slice(6).trim();
      else if (/^a=(sendrecv|sendonly|recvonly|inactive)$/.test(line.trim())) direction = line.trim().slice(2);
      else if (line.startsWith("a=msid:")) trackId = line.slice(7).trim().split(" ")[1];
    }
    sections.push({ kind, mid, direction, port: Number(port), trackId });
  }
  return sections;
}

/**
 * werift answers a media section it neither sends nor receives on as `inactive` with port 0,
 * which rejects it; inside a BUNDLE group Chrome refuses such an answer, and a rejected section
 * could never carry a track later. An unused section the client offered is answered `inactive`
 * on port 9 instead (what libwebrtc and pion do), so a later answer can fill it.
 */
export function keepUnusedSectionsOpen(offer: string, answer: string): string {
  const offered = parseSections(offer);
  const eol = answer.includes("\r\n") ? "\r\n" : "\n";
  const parts = answer.split(`${eol}m=`);
  for (let i = 1; i < parts.length; i++) {
    const part = parts[i]!;
    const [kind = "", port = ""] = part.split(" ");
    if ((kind === "audio" || kind === "video") && port === "0" && (offered[i - 1]?.port ?? 0) !== 0) {
      parts[i] = `${kind} 9${part.slice(kind.length + 2)}`;
    }
  }
  return parts.join(`${eol}m=`);
}
