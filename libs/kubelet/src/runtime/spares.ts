import fs from 'node:fs';
import path from 'node:path';

/** Spare files and spare folders kept by default (each). */
export const DEFAULT_SPARES = 64;

/** Larger log files are unlinked (off the event loop), not truncated and kept. */
const MAX_KEPT_FILE_BYTES = 1 << 20;

/**
 * Empty files and folders made ahead of need, as etcd's WAL file pipeline makes its next segment
 * before it is needed: a container instance's log file and a pod's folder are renamed into place
 * from `<rootDir>/spare` when the pod starts, and a removed pod's files go back there (log files
 * truncated, folders if empty) instead of being unlinked.
 *
 * Making an inode is the costly part of a file's life on a busy disk: ext4 without a journal (as
 * many VMs' root file systems are) scans past every inode freed in the last minutes before it picks
 * one, up to a millisecond per file after a test run or a burst of deletions, while a rename costs
 * the same ~20 µs in any state. The runtime falls back to making files when no spare is left, and
 * the kubelet tops the stock up when it is idle.
 *
 * A spare is always empty: a file is truncated before it is renamed back and only empty folders are
 * taken back, so a kubelet killed in between leaves at most an orphaned pod's file behind (which it
 * removes when it starts again), never a spare with content.
 */
export class SpareFiles {
  private readonly files: string[] = [];
  private readonly dirs: string[] = [];
  private seq = 0;
  private filling?: Promise<void>;
  private closed = false;
  /** The spare folder's stat: the mode and owner a folder taken back must have. */
  private madeLike?: fs.Stats;

  constructor(
    /** <rootDir>/spare */
    readonly dir: string,
    /** Spares of each kind kept at most (0: none; everything is made and unlinked as needed). */
    readonly capacity = DEFAULT_SPARES,
    /** Folders a spare may be renamed into, made with the stock so that the first rename finds them. */
    private readonly targets: string[] = [],
  ) {
    let names: string[] = [];
    try {
      names = fs.readdirSync(dir);
    } catch {
      /* none yet */
    }
    // An earlier kubelet's stock is taken over as it is.
    for (const n of names) {
      const m = /^([fd])-(\d+)$/.exec(n);
      if (!m) continue;
      (m[1] === 'f' ? this.files : this.dirs).push(n);
      this.seq = Math.max(this.seq, Number(m[2]) + 1);
    }
  }

  /** Spare files and folders in stock. */
  get stock(): { files: number; dirs: number } {
    return { files: this.files.length, dirs: this.dirs.length };
  }

  /**
   * Makes spares until each kind has `capacity` (at most `max` new inodes in all), one at a time
   * off the event loop. Concurrent calls share one run.
   */
  fill(max = Infinity): Promise<void> {
    this.filling ??= this.doFill(max).finally(() => (this.filling = undefined));
    return this.filling;
  }

  /** No more spares are made (a fill under way stops after the one it is making). */
  close(): void {
    this.closed = true;
  }

  private async doFill(max: number): Promise<void> {
    // Full (as it is at every idle housekeeping pass but the first after a burst): nothing to do.
    if (this.closed || (this.files.length >= this.capacity && this.dirs.length >= this.capacity)) return;
    try {
      await this.make(max);
    } catch {
      /* disk full, or the folder gone: the stock is what it is, and files are made as needed */
    }
  }

  private async make(max: number): Promise<void> {
    await Promise.all([this.dir, ...this.targets].map((d) => fs.promises.mkdir(d, { recursive: true })));
    let made = 0;
    const more = () => !this.closed && made < max;
    while (more() && (this.files.length < this.capacity || this.dirs.length < this.capacity)) {
      if (this.files.length < this.capacity) {
        const name = `f-${this.seq++}`;
        await (await fs.promises.open(path.join(this.dir, name), 'wx')).close();
        this.files.push(name);
        made++;
      }
      if (this.dirs.length < this.capacity && more()) {
        const name = `d-${this.seq++}`;
        await fs.promises.mkdir(path.join(this.dir, name));
        this.dirs.push(name);
        made++;
      }
    }
  }

  /** Renames a spare file to `dest` (replacing a file there). False when none is left or the rename failed. */
  placeFile(dest: string): boolean {
    return this.place(this.files, dest);
  }

  /**
   * Renames a spare folder to `dest`. False when `dest` exists already, none is left or the rename
   * failed: the caller makes the folder as usual.
   */
  placeDir(dest: string): boolean {
    if (fs.existsSync(dest)) return false;
    return this.place(this.dirs, dest);
  }

  private place(stock: string[], dest: string): boolean {
    const name = stock.pop();
    if (name === undefined) return false;
    const src = path.join(this.dir, name);
    try {
      // A process that outlived its container and still has a kept folder as its working directory
      // could have written into it since: such a folder is not handed out.
      if (stock === this.dirs && fs.readdirSync(src).length > 0) {
        void fs.promises.rm(src, { recursive: true, force: true });
        return false;
      }
      fs.renameSync(src, dest);
      return true;
    } catch {
      // No folder to rename it into (made by the caller), or the spare gone from under us: a spare
      // still there stays in stock.
      if (fs.existsSync(src)) stock.push(name);
      return false;
    }
  }

  /**
   * Keeps a log file no longer needed as a spare, truncated, if the stock has room and the file is
   * small (truncating a large one frees its blocks on the event loop): true if it was taken.
   * Otherwise the caller removes it. The caller makes sure no one has it open any more.
   */
  keepFile(file: string): boolean {
    if (this.closed || this.files.length >= this.capacity) return false;
    try {
      if (fs.statSync(file).size > MAX_KEPT_FILE_BYTES) return false;
      fs.truncateSync(file, 0);
      this.stockUp(this.files, 'f', file);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Keeps a folder no longer needed as a spare if the stock has room and it is as a spare is: empty,
   * with the mode and owner folders are made with (a container may have run `chmod` or `chown` on
   * its working directory). True if it was taken; otherwise the caller removes it.
   */
  keepDir(dir: string): boolean {
    if (this.closed || this.dirs.length >= this.capacity) return false;
    try {
      const st = fs.lstatSync(dir);
      // The spare folder was made as the spares are (mkdir with the process's umask, its owner).
      const like = (this.madeLike ??= fs.statSync(this.dir));
      if (!st.isDirectory() || (st.mode & 0o7777) !== (like.mode & 0o7777) || st.uid !== like.uid || st.gid !== like.gid) return false;
      if (fs.readdirSync(dir).length > 0) return false;
      this.stockUp(this.dirs, 'd', dir);
      return true;
    } catch {
      return false;
    }
  }

  /** Renames `from` into the spare folder under the next name of its kind and stocks it. */
  private stockUp(stock: string[], kind: 'f' | 'd', from: string): void {
    const name = `${kind}-${this.seq++}`;
    fs.renameSync(from, path.join(this.dir, name));
    stock.push(name);
  }
}
