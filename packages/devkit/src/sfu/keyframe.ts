/**
 * Whether an RTP payload starts a keyframe. The SFU switches a subscriber between simulcast
 * layers only there, since a decoder cannot start mid-stream.
 */
export function isKeyframe(mimeType: string, payload: Buffer): boolean {
  const mime = mimeType.toLowerCase();
  if (mime === "video/vp8") return isVp8Keyframe(payload);
  if (mime === "video/h264") return isH264Keyframe(payload);
  return false;
}

// RFC 7741 payload descriptor, then the VP8 frame header's inverse key-frame bit.
function isVp8Keyframe(p: Buffer): boolean {
  if (p.length < 1) return false;
  const start = (p[0]! & 0x10) !== 0;
  const partition = p[0]! & 0x07;
  if (!start || partition !== 0) return false;
  let offset = 1;
  if (p[0]! & 0x80) {
    const ext = p[1] ?? 0;
    offset = 2;
    if (ext & 0x80) offset += (p[offset] ?? 0) & 0x80 ? 2 : 1; // PictureID, 7 or 15 bits
    if (ext & 0x40) offset += 1; // TL0PICIDX
    if (ext & 0x30) offset += 1; // TID/KEYIDX
  }
  return offset < p.length && (p[offset]! & 0x01) === 0;
}

// RFC 6184: an IDR slice or SPS, alone, inside STAP-A, or starting an FU-A.
function isH264Keyframe(p: Buffer): boolean {
  if (p.length < 2) return false;
  const type = p[0]! & 0x1f;
  if (type === 5 || type === 7) return true;
  if (type === 24) {
    let offset = 1;
    while (offset + 2 < p.length) {
      const size = p.readUInt16BE(offset);
      const inner = p[offset + 2]! & 0x1f;
      if (inner === 5 || inner === 7) return true;
      offset += 2 + size;
    }
    return false;
  }
  if (type === 28) return (p[1]! & 0x80) !== 0 && ((p[1]! & 0x1f) === 5 || (p[1]! & 0x1f) === 7);
  return false;
}
