import type { InstallerEnv } from '../env.js';
import type { FormatId } from '../formats/index.js';
import type { ShapeId } from '../shapes.js';

import type { ClientId, Scope } from '../constants.js';

export { CLIENT_IDS, SCOPES } from '../constants.js';
export type { ClientId, Scope } from '../constants.js';

/** One place a client reads server entries from: a file and the object inside it. */
export interface ConfigLocation {
  client: ClientId;
  scope: Scope;
  /** Which build of the client, when there are several (Windsurf Next, VS Code Insiders, the Store build). */
  variant: string | null;
  file: string;
  /** Keys leading to the object that holds the servers. */
  section: string[];
  /** How the client spells an entry in this file. */
  shape: ShapeId;
  format: FormatId;
  /** A folder whose existence shows this build is installed; null for project files. */
  folder: string | null;
  /** Edited under a lock, because the client itself rewrites the file. */
  locked: boolean;
  /** Read to report a duplicate entry, never written (VS Code's deprecated settings.json block). */
  readOnly: boolean;
  /** Never created: why, when the file is missing (creating it would hide the client's older config). */
  mustExist: string | null;
}

export interface Detection {
  detected: boolean;
  /** What was found, in words: "~/.cursor exists", "cursor on PATH (/usr/bin/cursor)". */
  evidence: string[];
}

export interface ClientDescriptor {
  id: ClientId;
  name: string;
  /**
   * Where the client's PATH comes from when it is not started from a terminal. Claude Desktop (and LM Studio)
   * keep the desktop session's small PATH; VS Code, the editors built on it, the extensions that run inside them
   * and Zed first read the environment of a login shell; the command-line agents have the terminal's PATH.
   */
  pathSource: 'desktop' | 'login-shell' | 'terminal';
  scopes: readonly Scope[];
  detect(env: InstallerEnv): Detection;
  /** Every place the client may read servers from for a scope, all builds included. */
  locations(env: InstallerEnv, scope: Scope): ConfigLocation[];
  /** What to do so the client picks up a change: an install (`added`), or a removal or restore. */
  nextStep(scope: Scope, change: 'added' | 'other'): string;
  /** The client's own command-line tool that changes its config, when it is installed (Claude Code's `claude`). */
  cli?(env: InstallerEnv): string | undefined;
  /**
   * The files an install writes for a scope, when not the usual choice (every build whose folder exists, else the
   * main one): the one of several names that exists (opencode), or a legacy file still in use (Cline).
   */
  installTargets?(env: InstallerEnv, scope: Scope): ConfigLocation[];
  /** How the client names our tools for the model, and the longest name it accepts. */
  toolNames?: { prefix(server: string): string; limit: number };
}
