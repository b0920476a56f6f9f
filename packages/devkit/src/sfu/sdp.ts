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
