import { AlertRunError, toAlertRunError } from "../errors.js";
import { AUDIO_CAPTURE, VIDEO_CAPTURE } from "./publish-settings.js";

export type DeviceStatus = "pending" | "on" | "denied" | "unavailable" | "off";

export interface CaptureResult {
  stream: MediaStream | null;
  camera: DeviceStatus;
  microphone: DeviceStatus;
  /** Why a requested device is not on, for the state's reason. */
  problems: AlertRunError[];
}

export interface CaptureRequest {
  video: boolean;
  audio: boolean;
  /** Overrides for tests and unusual hosts; merged over the emergency defaults. */
  videoConstraints?: MediaTrackConstraints;
  audioConstraints?: MediaTrackConstraints;
}

type GetUserMedia = (constraints: MediaStreamConstraints) => Promise<MediaStream>;

/**
 * Asks for camera and microphone together (one prompt), then walks down the ladder when that
 * fails: microphone alone, then camera alone, then nothing. A denied or missing camera must never
 * stop the alert, so this never rejects.
 */
export async function captureMedia(request: CaptureRequest, getUserMedia: GetUserMedia = defaultGetUserMedia): Promise<CaptureResult> {
  const video = { ...VIDEO_CAPTURE, ...request.videoConstraints };
  const audio = { ...AUDIO_CAPTURE, ...request.audioConstraints };
  const result: CaptureResult = {
    stream: null,
    camera: request.video ? "pending" : "off",
    microphone: request.audio ? "pending" : "off",
    problems: [],
  };
  if (!request.video && !request.audio) return result;

  const attempt = async (withVideo: boolean, withAudio: boolean): Promise<MediaStream | AlertRunError> => {
    try {
      return await getUserMedia({ video: withVideo ? video : false, audio: withAudio ? audio : false });
    } catch (error) {
      return toAlertRunError(error, "media/unavailable");
    }
  };
  const statusOf = (error: AlertRunError): DeviceStatus => (error.code === "media/permission-denied" ? "denied" : "unavailable");

  if (request.video && request.audio) {
    const both = await attempt(true, true);
    if (!(both instanceof AlertRunError)) return { ...result, stream: both, camera: "on", microphone: "on" };
    // One failed request does not say which device was the problem: try each alone.
    const mic = await attempt(false, true);
    if (!(mic instanceof AlertRunError)) {
      return { ...result, stream: mic, camera: statusOf(both), microphone: "on", problems: [both] };
    }
    // Microphone is out; the camera may still work alone (it was refused together with the mic).
    const cam = await attempt(true, false);
    if (!(cam instanceof AlertRunError)) {
      return { ...result, stream: cam, camera: "on", microphone: statusOf(mic), problems: [mic] };
    }
    return { ...result, camera: statusOf(cam), microphone: statusOf(mic), problems: [cam, mic] };
  }
  const only = await attempt(request.video, request.audio);
  if (!(only instanceof AlertRunError)) {
    return { ...result, stream: only, camera: request.video ? "on" : "off", microphone: request.audio ? "on" : "off" };
  }
  return {
    ...result,
    camera: request.video ? statusOf(only) : "off",
    microphone: request.audio ? statusOf(only) : "off",
    problems: [only],
  };
}

function defaultGetUserMedia(constraints: MediaStreamConstraints): Promise<MediaStream> {
  if (typeof navigator === "undefined" || !navigator.mediaDevices?.getUserMedia) {
    return Promise.reject(Object.assign(new Error("getUserMedia is not available (insecure context?)"), { name: "NotFoundError" }));
  }
  return navigator.mediaDevices.getUserMedia(constraints);
}
