import { decodePublicKey, keyId, type PublicKey, type SecretKey } from '../../../crypto/keys.js';
import { openWorkspace, sealWorkspace } from '../../../crypto/workspace.js';
import {
  decodeState,
  emptyState,
  encodeState,
  merge,
  newActor,
  type Author,
  type WorkspaceState,
} from './core/state.js';

/** Why a workspace file could not be opened, for the interface to say. */
export type OpenWorkError = 'not_for_you' | 'damaged' | 'invalid';

/** Why a save could not be made. */
export type SaveWorkError = 'invalid_colleague_key' | 'too_many_recipients';

/** Errors the state operations throw, each with a message in the catalogues. */
export const WORK_ERRORS = [
  'duplicate tag name',
  'invalid tag name',
  'tag name too long',
  'tag cycle',
  'unknown tag',
  'invalid colour',
  'invalid quote',
  'quote too long',
  'unknown quote',
  'invalid term',
  'term too long',
  'memo too long',
  'invalid entry',
  'invalid placeholder',
  'too many placeholders',
  'invalid reply',
  'reply too long',
] as const;
export type WorkError = (typeof WORK_ERRORS)[number] | 'unexpected';

/**
 * The delegate's own work (tags, memos, quotes, sensitive terms) in memory. It reaches the disk
 * only as a workspace file encrypted to the delegate's key, when they press save; locking the
 * workspace forgets it.
 */
class Work {
  state = $state.raw<WorkspaceState>(emptyState());
  /** Changes made since the last save or open, which closing the tab would lose. */
  unsaved = $state(false);
  error = $state<WorkError | null>(null);
  private author: Author = { actor: newActor(), now: () => Date.now() };

  /** Runs one operation on the state; on a refusal nothing changes and `error` says why. */
  apply(operation: (state: WorkspaceState, author: Author) => WorkspaceState): boolean {
    try {
      this.state = operation(this.state, this.author);
    } catch (err) {
      const reason = (err as Error).message;
      this.error = (WORK_ERRORS as readonly string[]).includes(reason) ? (reason as WorkError) : 'unexpected';
      return false;
    }
    this.error = null;
    this.unsaved = true;
    return true;
  }

  /** Like apply, for operations that create something and name it. */
  create(operation: (state: WorkspaceState, author: Author) => { state: WorkspaceState; id: string }): string | null {
    let id: string | null = null;
    this.apply((state, author) => {
      const made = operation(state, author);
      id = made.id;
      return made.state;
    });
    return id;
  }

  /**
   * The state encrypted to the delegate's own key and to any colleagues' public keys
   * (parole-pk1:… strings), so that they can open and merge it too.
   */
  save(key: SecretKey, colleagues: readonly string[]): Uint8Array<ArrayBuffer> | SaveWorkError {
    const recipients: PublicKey[] = [key];
    for (const text of colleagues) {
      let colleague: PublicKey;
      try {
        colleague = decodePublicKey(text.trim());
      } catch {
        return 'invalid_colleague_key';
      }
      if (!recipients.some((r) => keyId(r) === keyId(colleague))) recipients.push(colleague);
    }
    let file: Uint8Array<ArrayBuffer>;
    try {
      file = sealWorkspace(encodeState(this.state), recipients);
    } catch {
      return 'too_many_recipients';
    }
    this.unsaved = false;
    return file;
  }

  /** Opens a workspace file saved for this key and merges it with the work in memory: nothing of either is lost. */
  open(file: Uint8Array, key: SecretKey): OpenWorkError | null {
    let payload: Uint8Array | null;
    try {
      payload = openWorkspace(file, key);
    } catch (err) {
      return (err as Error).message === 'workspace file damaged' ? 'damaged' : 'invalid';
    }
    if (payload === null) return 'not_for_you';
    let opened: WorkspaceState;
    try {
      opened = decodeState(payload);
    } catch {
      return 'invalid';
    } finally {
      payload.fill(0);
    }
    // What was saved stays saved: only changes made here before opening are still unsaved.
    const hadUnsaved = this.unsaved;
    this.state = merge(this.state, opened);
    this.unsaved = hadUnsaved;
    return null;
  }

  /** Forgets everything, with a new author id for the next session. */
  reset(): void {
    this.state = emptyState();
    this.unsaved = false;
    this.error = null;
    this.author = { actor: newActor(), now: () => Date.now() };
  }
}

export const work = new Work();
