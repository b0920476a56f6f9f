// Keeps the in-memory database on disk for `--data DIR`: documents (ids and creation times
// included) in one JSON snapshot, each stored file as its own file. Written shortly after every
// commit and on close, always by write-then-rename so a crash never leaves half a snapshot.
import { existsSync, mkdirSync, readFileSync, readdirSync } from "node:fs";
import { rename, writeFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { convexToJson, jsonToConvex, type JSONValue, type Value } from "convex/values";
import type { FakeDb } from "./convex-test-internals.js";
import { DevBackendError } from "./errors.js";

const FORMAT = 1;

interface Snapshot {
  format: number;
  nextDocId: number;
  lastCreationTime: number;
  ts: string;
  documents: JSONValue[];
  contentTypes: Record<string, string>;
}

export interface RestoredState {
  ts: bigint;
  contentTypes: Map<string, string>;
}

const fileName = (storageId: string) => encodeURIComponent(storageId);

export class Persistence {
  private readonly filesDir: string;
  private readonly snapshotPath: string;
  private readonly written = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private saving: Promise<void> = Promise.resolve();
  private dirty = false;

  constructor(
    private readonly dir: string,
    private readonly db: FakeDb,
    private readonly state: () => { ts: bigint; contentTypes: Map<string, string> },
    private readonly debounceMs = 50,
  ) {
    this.filesDir = join(dir, "files");
    this.snapshotPath = join(dir, "db.json");
  }

  /** Loads a previous snapshot into the database; null when the folder is new. */
  restore(): RestoredState | null {
    mkdirSync(this.filesDir, { recursive: true });
    if (!existsSync(this.snapshotPath)) return null;
    let snapshot: Snapshot;
    try {
      snapshot = JSON.parse(readFileSync(this.snapshotPath, "utf8")) as Snapshot;
    } catch (cause) {
      throw new DevBackendError("persistence/corrupt-snapshot", `Cannot read ${this.snapshotPath}`, { cause });
    }
    if (snapshot.format !== FORMAT) {
      throw new DevBackendError("persistence/corrupt-snapshot", `Unknown snapshot format ${snapshot.format} in ${this.snapshotPath}`);
    }
    const documents: Record<string, Record<string, unknown>> = {};
    for (const json of snapshot.documents) {
      const doc = jsonToConvex(json) as Record<string, Value>;
      documents[doc._id as string] = doc;
    }
    this.db._documents = documents;
    this.db._nextDocId = snapshot.nextDocId;
    this.db._lastCreationTime = snapshot.lastCreationTime;
    const onDisk = new Set(readdirSync(this.filesDir));
    for (const id of Object.keys(documents)) {
      if (!id.endsWith("_storage") || !onDisk.has(fileName(id))) continue;
      const type = snapshot.contentTypes[id];
      this.db._storage[id] = new Blob([readFileSync(join(this.filesDir, fileName(id)))], type ? { type } : {});
      this.written.add(id);
    }
    return { ts: BigInt(snapshot.ts), contentTypes: new Map(Object.entries(snapshot.contentTypes)) };
  }

  /** Schedules a save soon; many commits in a burst produce one write. */
  markDirty(): void {
    this.dirty = true;
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, this.debounceMs);
  }

  /** Writes now (after any save in progress). */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.saving = this.saving.then(() => this.save()).catch((e: unknown) => {
      console.error("[alertrun-dev] could not save data:", e);
    });
    return this.saving;
  }

  private async save(): Promise<void> {
    if (!this.dirty) return;
    this.dirty = false;
    await mkdir(this.filesDir, { recursive: true });
    // Files first, so a snapshot never names a file that is not on disk yet.
    for (const [id, blob] of Object.entries(this.db._storage)) {
      if (this.written.has(id)) continue;
      const target = join(this.filesDir, fileName(id));
      await writeFile(`${target}.tmp`, new Uint8Array(await blob.arrayBuffer()));
      await rename(`${target}.tmp`, target);
      this.written.add(id);
    }
    const { ts, contentTypes } = this.state();
    const snapshot: Snapshot = {
      format: FORMAT,
      nextDocId: this.db._nextDocId,
      lastCreationTime: this.db._lastCreationTime,
      ts: ts.toString(),
      documents: Object.values(this.db._documents).map((doc) => convexToJson(doc as Value)),
      // Files stored by actions (`ctx.storage.store`) carry their type on the blob only.
      contentTypes: {
        ...Object.fromEntries(Object.entries(this.db._storage).filter(([, b]) => b.type).map(([id, b]) => [id, b.type])),
        ...Object.fromEntries(contentTypes),
      },
    };
    const tmp = `${this.snapshotPath}.tmp`;
    await writeFile(tmp, JSON.stringify(snapshot));
    await rename(tmp, this.snapshotPath);
  }
}
