// Bundled by stack.test.ts: a reporter publishing camera + microphone with the real livekit-client.
import { Room } from "livekit-client";

async function publishOnce(url: string, token: string): Promise<string> {
  const room = new Room();
  try {
    await room.connect(url, token);
    await room.localParticipant.enableCameraAndMicrophone();
  } catch (e) {
    await room.disconnect();
    throw e;
  }
  Object.assign(window, { room });
  return room.localParticipant.identity;
}

Object.assign(window, {
  // One retry: on the shared 2-core CI machine ICE setup occasionally misses livekit-client's
  // timeout; a real reporter's client retries too. What is under test is the webhook path after.
  publish: async (url: string, token: string) => {
    try {
      return await publishOnce(url, token);
    } catch {
      return await publishOnce(url, token);
    }
  },
});
