import { devWarn } from "../util/dev.js";
import type { Segment } from "./segment-recorder.js";

const DB_NAME = "alertrun-evidence";
const STORE = "segments";

interface StoredSegment extends Segment {
  /** `<scope>|<alertId>|<seq>`: unique per deployment, site, alert and segment. */
  key: string;
  scope: string;
  alertId: string;
}

/**
 * Evidence segments that are recorded but not yet attached to the alert, kept in IndexedDB so a
 * reload, a tab crash or a closed tab does not lose them: the next page of the same site and
 * deployment uploads them. Every method resolves (never rejects): without IndexedDB the uploader
 * works from memory as before.
 */
export class EvidenceStore {
  private db: Promise<IDBDatabase | null> | null = null;

  constructor(private readonly scope: string) {}

  private open(): Promise<IDBDatabase | null> {
    this.db ??= new Promise((resolve) => {
      try {
        if (typeof indexedDB === "undefined") return resolve(null);
        const request = indexedDB.open(DB_NAME, 1);
        request.onupgradeneeded = () => {
          const store = request.result.createObjectStore(STORE, { keyPath: "key" });
          store.createIndex("by_alert", ["scope", "alertId"]);
        };
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => resolve(null);
        request.onblocked = () => resolve(null);
      } catch {
        resolve(null);
      }
    });
    return this.db;
  }

  private async run<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T> | void): Promise<T | undefined> {
    const db = await this.open();
    if (!db) return undefined;
    return new Promise<T | undefined>((resolve) => {
      try {
        const tx = db.transaction(STORE, mode);
        const request = work(tx.objectStore(STORE));
        tx.oncomplete = () => resolve(request ? request.result : undefined);
        tx.onerror = () => resolve(undefined);
        tx.onabort = () => resolve(undefined);
      } catch (error) {
        devWarn("evidence store failed", error);
        resolve(undefined);
      }
    });
  }

  private key(alertId: string, seq: number): string {
    return `${this.scope}|${alertId}|${seq}`;
  }

  /** Keeps a closed segment until `remove` (called once it is attached to the alert). */
  async put(alertId: string, segment: Segment): Promise<void> {
    const row: StoredSegment = { ...segment, key: this.key(alertId, segment.seq), scope: this.scope, alertId };
    await this.run("readwrite", (store) => store.put(row));
  }

  async remove(alertId: string, seq: number): Promise<void> {
    await this.run("readwrite", (store) => store.delete(this.key(alertId, seq)));
  }

  /** Segments of an alert still waiting for upload, oldest first. */
  async list(alertId: string): Promise<Segment[]> {
    const rows = (await this.run<StoredSegment[]>("readonly", (store) => store.index("by_alert").getAll([this.scope, alertId]) as IDBRequest<StoredSegment[]>)) ?? [];
    return rows
      .map(({ seq, blob, startedAt, durationMs, mimeType }) => ({ seq, blob, startedAt, durationMs, mimeType }))
      .sort((a, b) => a.seq - b.seq);
  }

  /** Forgets every segment of an alert (after it ended and its uploads settled). */
  async clear(alertId: string): Promise<void> {
    const keys = (await this.run<IDBValidKey[]>("readonly", (store) => store.index("by_alert").getAllKeys([this.scope, alertId]))) ?? [];
    if (keys.length === 0) return;
    await this.run("readwrite", (store) => {
      for (const key of keys) store.delete(key);
    });
  }
}
