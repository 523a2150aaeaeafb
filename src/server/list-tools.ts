import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/client';
import { InMemoryTransport } from '@modelcontextprotocol/server';
import { createServer } from './create-server.js';
import { createLogger } from './logger.js';
import { parseToolsets, PROFILE_NAMES, type ProfileName } from './toolsets.js';

/**
 * What a client puts in the model's context for each tool: its name, title, description and input schema as
 * JSON (output schemas are not shown to the model). The default profile must stay within this many characters,
 * about 3,000 tokens.
 */
export const DEFAULT_PROFILE_BUDGET = 12_000;

/** A rough token count for English text and JSON: a token is about four characters. */
export function estimateTokens(characters: number): number {
  return Math.ceil(characters / 4);
}

export interface ListedTool {
  name: string;
  title: string;
  toolset: string;
  characters: number;
  tokens: number;
}

export interface ProfileListing {
  profile: ProfileName;
  tools: ListedTool[];
  characters: number;
  tokens: number;
  /** The budget the profile is held to, when it has one. */
  budget: number | null;
}

/** Each profile's tools as a client lists them (through tools/list, over an in-memory connection), measured. */
export async function listProfileTools(version: string): Promise<ProfileListing[]> {
  const listings: ProfileListing[] = [];
  for (const profile of PROFILE_NAMES) {
    const selection = parseToolsets(profile);
    const dir = path.join(tmpdir(), 'orchestrator-list-tools');
    const created = createServer({
      version,
      env: {},
      cwd: dir,
      home: dir,
      dataDir: dir,
      toolsets: selection,
      logger: createLogger({ stream: process.stderr, level: 'silent' }),
    });
    const client = new Client({ name: 'orchestrator-list-tools', version });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await Promise.all([created.server.connect(serverSide), client.connect(clientSide)]);
    const { tools } = await client.listTools();
    await client.close();
    await created.close();
    const listed = tools.map((tool): ListedTool => {
      const characters = contextCharacters(tool);
      return {
        name: tool.name,
        title: tool.title ?? '',
        toolset: selection.tools.get(tool.name) ?? '',
        characters,
        tokens: estimateTokens(characters),
      };
    });
    const characters = listed.reduce((sum, tool) => sum + tool.characters, 0);
    listings.push({
      profile,
      tools: listed,
      characters,
      tokens: estimateTokens(characters),
      budget: profile === 'default' ? DEFAULT_PROFILE_BUDGET : null,
    });
  }
  return listings;
}

/** The characters of a listed tool that reach the model. */
function contextCharacters(tool: { name: string; title?: string | undefined; description?: string | undefined; inputSchema: unknown }): number {
  return JSON.stringify({ name: tool.name, title: tool.title, description: tool.description, inputSchema: tool.inputSchema }).length;
}
